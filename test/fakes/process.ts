/**
 * Runs `career-advisor start` (what `npm start` runs) as a child process, the way an operator does, and talks to it
 * over raw HTTP/1.1 connections so tests control keep-alive exactly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateSnapshotCopy, sharedSnapshotDir } from '../helpers/knowledge-cache.ts';
import { freePort } from '../helpers/ports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The knowledge cache of a process that reads the shipped knowledge: the snapshot the global setup wrote, or outside
 * vitest one folder per test file (the first start parses, the others read its snapshot, as an install does).
 */
let cacheDir: string | undefined;
function knowledgeCacheDir(env: Record<string, string>): string {
  // Another knowledge folder would replace the shared snapshot with its own: it gets a private cache.
  if (env['KNOWLEDGE_DIR'] !== undefined) return privateSnapshotCopy('dist');
  return (cacheDir ??= sharedSnapshotDir('dist') ?? join(mkdtempSync(join(tmpdir(), 'ca-proc-')), 'cache'));
}

export { freePort };

export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export class RunningProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: Record<string, string>, args: string[] = ['start']) {
    this.child = spawn(process.execPath, ['bin/career-advisor.js', ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', LOG_FORMAT: 'json', STORE: 'memory', KNOWLEDGE_CACHE_DIR: knowledgeCacheDir(env), ...env },
    });
    this.child.stdout.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.stdout + this.stderr;
  }

  /** Parsed JSON log lines (stdout). */
  events(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  hasEvent(name: string): boolean {
    return this.events().some((e) => e['event'] === name);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP/1.1 connection, written to by hand. */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    const onClose = () => {
      this.closed = true;
      this.wake();
    };
    this.socket.on('close', onClose);
    this.socket.on('error', onClose);
  }

  async open(): Promise<void> {
    if (this.socket.readyState === 'open') return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** The next response, or undefined when the connection closes first. */
  async read(ms = 10_000): Promise<RawResponse | undefined> {
    const end = Date.now() + ms;
    for (;;) {
      const parsed = this.parse();
      if (parsed) return parsed;
      if (this.closed) return undefined;
      if (Date.now() > end) throw new Error('no response in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has closed the connection. */
  async waitClosed(ms = 10_000): Promise<void> {
    await waitFor(() => this.closed, ms, 'the connection to close');
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(): RawResponse | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const [statusLine, ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (headers['transfer-encoding'] === 'chunked') {
      const rest = this.buffer.subarray(end + 4).toString('latin1');
      const done = rest.indexOf('0\r\n\r\n');
      if (done < 0) return undefined;
      this.buffer = this.buffer.subarray(end + 4 + done + 5);
      return { status: Number(statusLine?.split(' ')[1]), headers, body: rest.slice(0, done) };
    }
    if (this.buffer.length < end + 4 + length) return undefined;
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(end + 4 + length);
    return { status: Number(statusLine?.split(' ')[1]), headers, body };
  }
}

/** A keep-alive GET. */
export function getRequest(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`;
}

/** A POST's head and body, split so a test can hold the body back (a request in flight). */
export function postRequest(path: string, headers: Record<string, string>, body: string): { head: string; body: string } {
  const lines = Object.entries({
    host: '127.0.0.1',
    connection: 'keep-alive',
    'content-length': String(Buffer.byteLength(body)),
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return { head: `POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, body };
}
