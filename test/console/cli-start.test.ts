/**
 * What the one-shot `ask` loads lazily still works: the log (pino is loaded on the first line at or above LOG_LEVEL,
 * and the process waits for it before exiting) and `.env` (dotenv is loaded only when the working folder has one).
 * Real processes of the bundle, as a member runs them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand, cliEnv, repoRoot } from '../helpers.ts';

async function run(args: string[], env: Record<string, string>, cwd = repoRoot) {
  const cli = cliCommand(args);
  const child = spawn(cli.command, cli.args, { cwd, env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

describe('ask starts lean and still logs and reads .env', () => {
  it('writes nothing to stderr at the default level, and the resolver line at LOG_LEVEL=debug', async () => {
    const quiet = await run(['ask', 'staff ml architect salary'], {});
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toContain('STAFF MACHINE LEARNING ARCHITECT — SALARY');
    expect(quiet.stderr).toBe('');
    const debug = await run(['ask', 'staff ml architect salary'], { LOG_LEVEL: 'debug' });
    expect(debug.code, debug.stderr).toBe(0);
    const lines = debug.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event?: string; topic?: string; roles?: string[] });
    expect(lines.find((l) => l.event === 'advisor.resolve')).toMatchObject({ topic: 'salary', roles: ['staff-ml-architect'] });
  }, 30_000);

  it('reads .env from the working folder when there is one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-env-'));
    writeFileSync(join(dir, '.env'), 'LOG_LEVEL=loud\n');
    const result = await run(['ask', 'hi'], {}, dir);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/LOG_LEVEL/);
    expect(result.stdout).toBe('');
  }, 30_000);
});
