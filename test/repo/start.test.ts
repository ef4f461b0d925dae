/**
 * `career-advisor start` as a container runs it: no token and no terminal must not fall back to a console chat that
 * exits at once without a word; it says which variables to set and exits non-zero. And from any folder, the
 * package's own knowledge/ is found (what `npm link` users run).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand, cliEnv } from '../helpers.ts';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = cliCommand(args);
  const child = spawn(main.command, main.args, {
    cwd: mkdtempSync(join(tmpdir(), 'ca-start-')),
    env: cliEnv(),
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

/** `script` (util-linux) gives the child a pseudo-terminal, as `docker run -it` does. */
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('start without tokens in a terminal (docker run -it)', () => {
  it.skipIf(!hasScript)(
    'opens the chat, and ends at once, exit 0, on SIGTERM (docker stop)',
    async () => {
      const main = cliCommand(['start']);
      const command = `exec ${[main.command, ...main.args].map((a) => `'${a}'`).join(' ')}`;
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: cliEnv({ SHELL: '/bin/sh', TERM: 'xterm' }),
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
      const deadline = Date.now() + 30_000;
      while (!out.includes('you> ') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('Career Advisor');
      const node = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')[0];
      expect(node).toMatch(/^\d+$/);
      process.kill(Number(node), 'SIGTERM');
      expect(await exit).toBe(0);
    },
    60_000,
  );
});
