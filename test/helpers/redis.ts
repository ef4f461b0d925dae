/**
 * A real `redis-server` for tests, on a free 127.0.0.1 port, killed when the test is done (or when the test process
 * exits). `.ci/run` installs Debian's redis-server when it is missing. Without it, suites wrapped in `describeRedis`
 * are skipped with the reason in their name, except under `CI=true`, where they run and fail: CI must have Redis.
 *
 *   const redis = await startRedis({ appendonly: true });
 *   … createStore({ kind: 'redis', redisUrl: redis.url, redisKeyPrefix: 'test:' }) …
 *   await redis.stop();     // SIGTERM, like an orderly shutdown; redis.kill() is SIGKILL
 *   await redis.restart();  // the same port again (and, with appendonly, the same data)
 *   redis.pause(); redis.resume();  // SIGSTOP / SIGCONT: a Redis that hangs without closing connections
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';
import { freePort } from './ports.ts';

export interface RedisServerOptions {
  /** Keep data on disk (AOF, fsync on every write) so it survives `restart()`. Default false: memory only. */
  appendonly?: boolean;
  /** Require this password (`requirepass`); the URL then carries it. */
  password?: string;
}

export interface RedisServer {
  /** `redis://127.0.0.1:PORT` (with `:password@` when one is required). */
  url: string;
  port: number;
  /** Stops the server with SIGTERM and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Kills the server with SIGKILL (a crash) and waits for it to exit. Idempotent. */
  kill(): Promise<void>;
  /** Starts the server again on the same port (stopping it first if it runs). */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers, like a hung Redis. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}

/** The redis-server executable, or undefined when it is not installed. */
export function redisServerPath(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const inCi = process.env.CI === 'true' || process.env.CI === '1';
/** Why Redis suites are skipped here, or undefined when they run. */
export const redisSkipReason: string | undefined =
  redisServerPath() || inCi
    ? undefined
    : 'redis-server is not installed (apt-get install redis-server; under CI=true these tests fail instead)';

/** `describe` when a real Redis can run (always under CI), otherwise `describe.skip` with the reason in the name. */
export function describeRedis(name: string, body: () => void): void {
  if (redisSkipReason) {
    // The reporter shows a skipped file as a count only: say why where a person reads it.
    console.warn(`Skipping "${name}": ${redisSkipReason}`);
    describe.skip(`${name} (skipped: ${redisSkipReason})`, body);
  } else {
    describe(name, body);
  }
}

const running = new Set<ChildProcess>();
const dataDirs = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function launch(binary: string, port: number, dir: string, options: RedisServerOptions): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--daemonize', 'no', '--loglevel', 'notice'];
  args.push('--appendonly', options.appendonly ? 'yes' : 'no');
  if (options.appendonly) args.push('--appendfsync', 'always');
  if (options.password) args.push('--requirepass', options.password);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} did not start within 15 s:\n${output}`));
    }, 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`redis-server on port ${port} exited (${code}):\n${output}`), {
          addressInUse: /Address already in use/i.test(output),
        }),
      );
    });
  });
}

function exited(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
    child.kill('SIGCONT'); // a paused server would hold the SIGTERM until it is continued
  });
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = redisServerPath();
  if (!binary)
    throw new Error('redis-server is not installed: .ci/run installs it (apt-get install -y --no-install-recommends redis-server)');
  const dir = mkdtempSync(join(tmpdir(), 'career-advisor-redis-'));
  dataDirs.add(dir);
  let child: ChildProcess | undefined;
  let port = 0;
  // A free port can be taken between the probe and the listen by a parallel test: try a few.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(binary, port, dir, options);
    } catch (error) {
      if (!(error as { addressInUse?: boolean }).addressInUse || attempt >= 5) throw error;
    }
  }
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  let current: ChildProcess | undefined = child;
  const server: RedisServer = {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    async stop() {
      if (current) await exited(current, 'SIGTERM');
      current = undefined;
    },
    async kill() {
      if (current) await exited(current, 'SIGKILL');
      current = undefined;
    },
    pause() {
      current?.kill('SIGSTOP');
    },
    resume() {
      current?.kill('SIGCONT');
    },
    async restart() {
      await server.stop();
      for (let attempt = 1; ; attempt++) {
        try {
          current = await launch(binary, port, dir, options);
          return;
        } catch (error) {
          if (!(error as { addressInUse?: boolean }).addressInUse || attempt >= 20) throw error;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
  };
  return server;
}
