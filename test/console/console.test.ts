import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testBot } from '../helpers/bot.ts';
import { parseBatchLine, runJsonBatch, type BatchResult } from '../../src/adapters/console/batch.ts';
import { runChat } from '../../src/adapters/console/chat.ts';
import { cliCommand, cliEnv, realAdvisor } from '../helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function collect(stream: PassThrough): () => string {
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return () => out;
}

describe('console adapter', () => {
  it('follows the ask --json batch contract in a real process: one JSON object per input line, in order', async () => {
    const input = [
      'how much does a staff ml architect make?',
      JSON.stringify({ text: 'staff ml architect salary', conversation: 'a' }),
      JSON.stringify({ text: 'what about a lead?', conversation: 'a' }),
      'what about a lead?',
      '',
      '@everyone what is the weather',
      '{not json',
    ].join('\n');
    const cli = cliCommand(['ask', '--json']);
    const child = spawn(cli.command, cli.args, { cwd: root, env: cliEnv({ LOG_LEVEL: 'warn' }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(`${input}\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BatchResult);
    expect(lines).toHaveLength(7);
    expect(lines.map((l) => [l.intent, l.roles])).toEqual([
      ['salary', ['staff-ml-architect']],
      ['salary', ['staff-ml-architect']],
      ['salary', ['lead-ml-architect']],
      ['unknown', []],
      ['help', []],
      ['unknown', []],
      ['unknown', []],
    ]);
    expect(lines[0]?.text).toContain('$190,000 - $200,000');
    expect(lines[2]?.text).toContain('$188,940 - $233,000 per year');
    expect(lines.every((l) => typeof l.text === 'string' && l.text.length > 0)).toBe(true);
  }, 30_000);

  it('prints one answer with ask "question"', async () => {
    const cli = cliCommand(['ask', 'lead ml architect skills']);
    const child = spawn(cli.command, cli.args, { cwd: root, env: cliEnv() });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
    expect(stdout).toContain('LEAD MACHINE LEARNING ARCHITECT — SKILLS');
  }, 30_000);

  it('reads batch lines: JSON objects with a conversation, anything else as plain text', () => {
    expect(parseBatchLine('{"text":"hi","conversation":"c1"}')).toEqual({ text: 'hi', conversation: 'c1' });
    expect(parseBatchLine('{"text":"hi","conversation":7}')).toEqual({ text: 'hi', conversation: '7' });
    expect(parseBatchLine('{"text":"hi"}')).toEqual({ text: 'hi', conversation: null });
    expect(parseBatchLine('[1,2]')).toEqual({ text: '[1,2]', conversation: null });
    expect(parseBatchLine('{oops')).toEqual({ text: '{oops', conversation: null });
  });

  it('chats with follow-up context until quit', async () => {
    const advisor = await realAdvisor();
    const input = new PassThrough();
    const output = new PassThrough();
    const read = collect(output);
    const done = runChat(
      advisor,
      { input, output },
      { bot: testBot(advisor).for('console', { maxControlLength: 10_000, commentForm: false }) },
    );
    input.write(
      'how much does a staff ml architect make?\nwhat about a lead?\nhow much do plumbers make\ngaps\nquit\nstaff ml architect\n',
    );
    input.end();
    await done;
    const text = read();
    expect(text).toContain('$190,000 - $200,000');
    expect(text).toContain('$188,940 - $233,000 per year');
    expect(text.match(/SALARY/g)?.length).toBe(2);
    // `gaps` lists what the bot could not answer; the follow-up answered from context is not one.
    expect(text).toMatch(/1× “how much do plumbers make” · last \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(text).not.toMatch(/× “what about a lead/);
    expect(text).not.toContain('STAFF MACHINE LEARNING ARCHITECT\n');
  });

  it('writes one result per line in batch mode, empty lines included', async () => {
    const advisor = await realAdvisor();
    const input = new PassThrough();
    const output = new PassThrough();
    const read = collect(output);
    input.end('hi\n\nroles\n');
    expect(await runJsonBatch(advisor, { input, output })).toBe(3);
    expect(
      read()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as BatchResult).intent),
    ).toEqual(['help', 'help', 'roles']);
  });
});
