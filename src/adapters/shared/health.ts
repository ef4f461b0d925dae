/**
 * Liveness and readiness for every adapter in the process. `/healthz` answers 200 while the process runs;
 * `/readyz` answers 200 only when the knowledge is loaded and every started platform connection is up.
 * The Slack HTTP receiver mounts these routes on its own server; otherwise main.ts starts {@link startHealthServer}.
 */
import type { MountedRoute } from '../types.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export class Health {
  private readonly checks = new Map<string, () => boolean>();

  /** Adds a named readiness check, e.g. `discord` → whether the gateway is connected. */
  register(name: string, check: () => boolean): void {
    this.checks.set(name, check);
  }

  status(): { ready: boolean; checks: Record<string, boolean> } {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = check();
      } catch {
        checks[name] = false;
      }
    }
    return { ready: Object.values(checks).every(Boolean), checks };
  }

  /** Handles `/healthz` and `/readyz`; returns false for any other path so a caller can route it elsewhere. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/healthz') {
      send(res, 200, { status: 'ok' });
      return true;
    }
    if (path === '/readyz') {
      const status = this.status();
      send(res, status.ready ? 200 : 503, { status: status.ready ? 'ready' : 'not ready', checks: status.checks });
      return true;
    }
    return false;
  }
}

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A tiny server with only the health routes, for processes without the Slack HTTP receiver. */
export async function startHealthServer(health: Health, port: number, host = '0.0.0.0', routes: readonly MountedRoute[] = []): Promise<Server> {
  const server = createServer((req, res) => {
    if (health.handle(req, res)) return;
    if (routes.some((route) => route.handle(req, res))) return;
    send(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
