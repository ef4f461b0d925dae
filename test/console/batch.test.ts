/**
 * `ask --json` under a real pipe's conditions: lines end at `\n` or `\r\n` only, a slow reader slows the batch down
 * instead of growing its memory (stdout backpressure, checked in process and in a child process whose reader
 * pauses), and a reader that leaves early ends the batch with exit 0 and no stack trace.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runJsonBatch, type BatchResult } from '../../src/adapters/console/batch.ts';
import { maxLineLength, readLines } from '../../src/adapters/console/lines.ts';
import { cliCommand, cliEnv, realAdvisor } from '../helpers.ts';

async function collectLines(input: Readable): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(input)) out.push(line);
  return out;
}

/** Polls `probe` until it holds (waiting is the point here: a process or a stream must reach a state). */
async function until(probe: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function rssKb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined; // not Linux: the stdin check below still shows the backpressure
  }
}

describe('batch lines', () => {
  it('ends lines at \\n and \\r\\n only; a lone \\r stays inside its line', async () => {
    expect(await collectLines(Readable.from(['a\r\nb\nc\rd\n', 'last without newline']))).toEqual([
      'a',
      'b',
      'c\rd',
      'last without newline',
    ]);
    expect(await collectLines(Readable.from(['\n\r\n']))).toEqual(['', '']);
  });

  it('keeps a character split across chunks whole, and caps an overlong line', async () => {
    const euro = Buffer.from('€ salary\n');
    expect(await collectLines(Readable.from([euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2)]))).toEqual(['€ salary']);
    const [long, next] = await collectLines(Readable.from([`${'x'.repeat(maxLineLength + 10)}\nnext\n`]));
    expect(long).toHaveLength(maxLineLength);
    expect(next).toBe('next');
  });
});

describe('ask --json backpressure, in process', () => {
  it('answers no further while stdout does not drain, then answers every line in order', async () => {
    const advisor = await realAdvisor();
    const held: Array<() => void> = [];
    let released = false;
    let written = '';
    const output = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.toString();
        if (released) callback();
        else held.push(callback);
      },
    });
    const lines = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0 ? 'compare staff-ml-architect lead-ml-architect' : `role ml-data-architect salary ${i}`,
    );
    let pulled = 0;
    const input = Readable.from(
      (function* () {
        for (const line of lines) {
          pulled++;
          yield `${line}\n`;
        }
      })(),
    );
    const done = runJsonBatch(advisor, { input, output });
    await until(() => held.length > 0, 'the first answer');
    // Give a batch that ignored backpressure every chance to run ahead.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 100));
    expect(held).toHaveLength(1);
    expect(pulled).toBeLessThan(lines.length / 4);
    released = true;
    held.splice(0).forEach((cb) => cb());
    expect(await done).toBe(lines.length);
    const results = written
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchResult);
    expect(results).toHaveLength(lines.length);
    expect(results.filter((r, i) => (i % 2 === 0 ? r.roles.length === 2 : r.roles.join() === 'ml-data-architect'))).toHaveLength(
      lines.length,
    );
  });

  it('stops quietly when the reader goes away, returning how many lines it answered', async () => {
    const advisor = await realAdvisor();
    const output = new PassThrough();
    const input = new PassThrough();
    output.once('data', () => output.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
    const done = runJsonBatch(advisor, { input, output });
    input.write('staff ml architect salary\n');
    input.write('lead ml architect salary\n');
    expect(await done).toBeLessThanOrEqual(1);
  });
});

describe('ask --json in a real process', () => {
  function batch() {
    const cli = cliCommand(['ask', '--json']);
    const child = spawn(cli.command, cli.args, { env: cliEnv({ LOG_LEVEL: 'warn' }) });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    return { child, exit, stderr: () => stderr };
  }

  it('stops reading its input while the reader sleeps, stays small, then delivers every answer in order', async () => {
    const { child, exit, stderr } = batch();
    child.stdout.pause();
    // About 6,000 answers of a few kB each (some 15 MB): far more output than any pipe or stream buffer holds.
    const questions = Array.from({ length: 6_000 }, (_, i) =>
      i % 2 === 0 ? 'compare staff-ml-architect lead-ml-architect salary' : `role staff-ml-architect ${i}`,
    );
    const input = `${questions.join('\n')}\n`;
    child.stdin.write(input);
    child.stdin.end();
    // Once it is answering (output waits in the paused stream), wait until it has stopped taking input (its stdin
    // stays undrained) or has taken all of it.
    await until(() => child.stdout.readableLength > 0, 'the first answers', 60_000);
    let last = -1;
    let steady = 0;
    await until(() => {
      const pending = child.stdin.writableLength;
      steady = pending === last ? steady + 1 : 0;
      last = pending;
      return pending === 0 || steady >= 50; // ~1 s without progress
    }, 'the batch to stop reading or to finish reading');
    expect(child.stdin.writableLength, 'the batch read all its input while nobody read its output').toBeGreaterThan(input.length / 2);
    const rss = rssKb(child.pid ?? 0);
    if (rss !== undefined) expect(rss, 'RSS in kB while the reader sleeps').toBeLessThan(400 * 1024);

    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.resume();
    expect(await exit, stderr()).toBe(0);
    const results = out.split('\n').filter(Boolean);
    expect(results).toHaveLength(questions.length);
    const parsed = results.map((l) => JSON.parse(l) as BatchResult);
    expect(parsed.filter((r, i) => (i % 2 === 0 ? r.roles.length === 2 : r.roles.join() === 'staff-ml-architect'))).toHaveLength(
      questions.length,
    );
  }, 120_000);

  it('exits 0 without a word when the reader closes early (EPIPE)', async () => {
    const { child, exit, stderr } = batch();
    child.stdin.on('error', () => undefined); // the child may be gone before all input is written
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(`${Array.from({ length: 5_000 }, () => 'compare staff-ml-architect lead-ml-architect').join('\n')}\n`);
    expect(await exit).toBe(0);
    expect(stderr()).toBe('');
  }, 60_000);

  it('answers one line with a lone \\r as one question, and \\r\\n lines as lines', async () => {
    const { child, exit } = batch();
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end('staff ml architect salary\rlead ml architect salary\r\nroles\n');
    expect(await exit).toBe(0);
    const results = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchResult);
    expect(results.map((r) => r.intent)).toHaveLength(2);
    expect(results[1]?.intent).toBe('roles');
  }, 60_000);
});
