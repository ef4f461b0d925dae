/**
 * A port for a process a test starts (a bot process, `redis-server`), which binds it itself a moment later.
 *
 * Asking the kernel for port 0 and closing it again races: the kernel hands the same ephemeral ports to outbound
 * connections (every fetch, Redis client and WebSocket of the other test files running beside this one), so one can
 * take the port between this check and the child's bind ("address already in use"). So the port is drawn at random
 * below Linux's ephemeral range (32768–60999), where the kernel never assigns one on its own, and checked free on
 * every interface (the bot listens on all of them).
 */
import { createServer } from 'node:net';

const LOW = 20_000;
const SPAN = 12_000;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = LOW + Math.floor(Math.random() * SPAN);
    if (await bindable(port)) return port;
  }
}
