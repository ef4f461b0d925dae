/**
 * Graceful shutdown for any `http.Server` (the Slack receiver's, the health server): {@link drainable} tracks its
 * connections and requests so that {@link DrainableServer.drain} can
 * - stop accepting connections,
 * - close idle keep-alive connections at once,
 * - answer a request that still arrives on an open connection with 503 and `Connection: close` without running it,
 * - let requests in flight finish, each answered with `Connection: close`, then close their connections,
 * - and report what was still running when the deadline passed (those connections are destroyed).
 * Node's own `server.close()` does only the first two: a keep-alive client kept being served after SIGTERM.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface DrainResult {
  /** Requests that had not finished when the deadline passed (0 on a clean drain). */
  unfinished: number;
}

export interface DrainableServer {
  readonly server: Server;
  /** Requests running now. */
  readonly inFlight: number;
  /** Drains as described above; resolves when every connection is closed, or at `signal`'s abort (forcing the rest). */
  drain(signal?: AbortSignal): Promise<DrainResult>;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function drainable(server: Server): DrainableServer {
  const active = new Map<Socket, number>();
  const responses = new Set<ServerResponse>();
  let draining = false;
  let settle: (() => void) | undefined;

  const closeIfIdle = (socket: Socket) => {
    if (draining && (active.get(socket) ?? 0) === 0) socket.destroySoon();
  };
  server.on('connection', (socket: Socket) => {
    if (draining) return void socket.destroy();
    active.set(socket, 0);
    socket.once('close', () => {
      active.delete(socket);
      if (draining && active.size === 0) settle?.();
    });
  });

  // Every request goes through one gate: the listeners registered so far (Bolt's) run only while not draining.
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (draining) {
      res.writeHead(503, { connection: 'close', 'content-type': 'application/json', 'retry-after': '1' });
      res.end('{"error":"shutting down"}');
      return;
    }
    active.set(socket, (active.get(socket) ?? 0) + 1);
    responses.add(res);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      responses.delete(res);
      active.set(socket, Math.max(0, (active.get(socket) ?? 1) - 1));
      closeIfIdle(socket);
    };
    res.once('finish', finish);
    res.once('close', finish);
    for (const listener of listeners) listener.call(server, req, res);
  });

  return {
    server,
    get inFlight() {
      return responses.size;
    },
    async drain(signal?: AbortSignal): Promise<DrainResult> {
      draining = true;
      server.close();
      for (const res of responses) if (!res.headersSent) res.setHeader('connection', 'close');
      for (const socket of active.keys()) closeIfIdle(socket);
      if (active.size > 0) {
        await new Promise<void>((resolve) => {
          settle = resolve;
          if (signal?.aborted) resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      const unfinished = responses.size;
      for (const socket of active.keys()) socket.destroy();
      return { unfinished };
    },
  };
}
