/**
 * Liveness and readiness for every component of the process. `/healthz` answers 200 while the process runs (it never
 * waits on a component); `/readyz` answers 200 only when every registered check passes, and its body says per
 * component what is wrong, e.g. `{"status":"not ready","checks":{"knowledge":{"ok":true},"slack":{"ok":false,
 * "reason":"Slack rejected the bot token (token_revoked)"}}}`.
 * Components register a check once (the knowledge, each platform, the store); a check may be async (a store ping)
 * and is given {@link checkTimeoutMs} before it counts as failed.
 * The Slack HTTP receiver mounts these routes on its own server; otherwise main.ts starts {@link startHealthServer}.
 */
import type { MountedRoute } from '../types.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * What a check says: `true`/`{ ok: true }` when ready; `false`, a reason string or `{ ok: false, reason }` when not.
 * `detail` is taken as the reason too, so `Store.health()` is a check as it is: `ready: () => store.health()`.
 */
export type ReadinessResult = boolean | string | { ok: boolean; reason?: string; detail?: string };
export type ReadinessCheck = () => ReadinessResult | Promise<ReadinessResult>;

export interface ComponentStatus {
  ok: boolean;
  reason?: string;
}

export interface ReadinessStatus {
  ready: boolean;
  checks: Record<string, ComponentStatus>;
}

/** How long one check may take before it counts as failed (a hung store must not hang `/readyz`). */
export const checkTimeoutMs = 2_000;

export class Health {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** Adds (or replaces) a named readiness check, e.g. `discord` → whether the gateway is READY. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** One check, evaluated now, when it answers synchronously (test harnesses poll this); undefined for async ones. */
  peek(name: string): ComponentStatus | undefined {
    const check = this.checks.get(name);
    if (!check) return undefined;
    try {
      const result = check();
      return result instanceof Promise ? undefined : normalize(result);
    } catch (error) {
      return { ok: false, reason: `check failed: ${(error as Error)?.message ?? String(error)}` };
    }
  }

  async status(): Promise<ReadinessStatus> {
    const entries = await Promise.all([...this.checks].map(async ([name, check]) => [name, await runCheck(check)] as const));
    const checks = Object.fromEntries(entries);
    return { ready: entries.every(([, s]) => s.ok), checks };
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
      void this.status().then((status) =>
        send(res, status.ready ? 200 : 503, { status: status.ready ? 'ready' : 'not ready', checks: status.checks }),
      );
      return true;
    }
    return false;
  }
}

async function runCheck(check: ReadinessCheck): Promise<ComponentStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<ReadinessResult>((resolve) => {
      timer = setTimeout(() => resolve(`no answer within ${checkTimeoutMs} ms`), checkTimeoutMs);
    });
    return normalize(await Promise.race([Promise.resolve().then(check), timeout]));
  } catch (error) {
    return { ok: false, reason: `check failed: ${(error as Error)?.message ?? String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

function normalize(result: ReadinessResult): ComponentStatus {
  if (result === true) return { ok: true };
  if (result === false) return { ok: false, reason: 'not ready' };
  if (typeof result === 'string') return { ok: false, reason: result };
  return result.ok ? { ok: true } : { ok: false, reason: result.reason ?? result.detail ?? 'not ready' };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** A tiny server with only the health routes, for processes without the Slack HTTP receiver. */
export async function startHealthServer(
  health: Health,
  port: number,
  host = '0.0.0.0',
  routes: readonly MountedRoute[] = [],
): Promise<Server> {
  const server = createServer((req, res) => {
    if (health.handle(req, res)) return;
    if (routes.some((route) => route.handle(req, res))) return;
    send(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
