/**
 * `career-advisor start` as a container runs it: no token and no terminal must not fall back to a console chat that
 * exits at once without a word; it says which variables to set and exits non-zero. And from any folder, the
 * package's own knowledge/ is found (what `npm link` users run).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceCommand } from '../helpers.ts';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = sourceCommand(args);
  const child = spawn(main.command, main.args, {
    cwd: mkdtempSync(join(tmpdir(), 'ca-start-')),
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('start without tokens and without a terminal', () => {
  it('names what to set and exits 1 instead of opening a console chat', async () => {
    const { code, stdout, stderr } = await run(['start']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'])
      expect(stderr).toContain(name);
    expect(stderr).toMatch(/docker run -it/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('from another folder', () => {
  it('answers with the package\u2019s own knowledge/ when KNOWLEDGE_DIR is not set', async () => {
    const { code, stdout, stderr } = await run(['ask', 'how much does a staff ml architect make?']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('190,000');
  });
});
