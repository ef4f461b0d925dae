/**
 * The terminal as moderators use it, in real processes on the embedded store: questions asked in the terminal chat
 * (`career-advisor chat`, what `npm start` opens at a terminal when no tokens are set) are still there after the process ends, and `gaps --json` / `feedback --json` print them for scripts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliEnv } from '../helpers.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['bin/career-advisor.js', ...args], { cwd: root, env: cliEnv({ LOG_LEVEL: 'warn', ...env }) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('gaps and feedback from the terminal', () => {
  it('keeps gaps across restarts in DATA_DIR and prints them as JSON; --ephemeral keeps nothing', async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'career-advisor-cli-')) };
    const first = await run(['chat'], env, 'how do I become a pilot?\nstaff ml architect salary\nwhat about a lead?\n');
    expect(first.code, first.stderr).toBe(0);
    const second = await run(['chat'], env, 'How do I become a pilot\ngaps\n');
    expect(second.stdout).toMatch(/2× “How do I become a pilot” · last \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await run(['chat', '--ephemeral'], env, 'how do I become a pilot?\n');
    const gaps = await run(['gaps', '--json'], env);
    expect(gaps.code, gaps.stderr).toBe(0);
    const parsed = JSON.parse(gaps.stdout) as Array<{ text: string; count: number; lastSeen: string; intent: string; answered: string }>;
    expect(parsed).toEqual([
      {
        text: 'How do I become a pilot',
        count: 2,
        lastSeen: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        intent: 'unknown',
        answered: expect.any(String),
        platform: 'console',
      },
    ]);
    const feedback = await run(['feedback', '--json'], env);
    expect(JSON.parse(feedback.stdout)).toEqual([]);
    expect((await run(['gaps', '--limit', 'lots'], env)).code).toBe(2);
  }, 60_000);
});
