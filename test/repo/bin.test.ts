/**
 * One build path: bin/career-advisor.js runs the bundle in dist/ and nothing else (no TypeScript at run time, no
 * comparison of file times), and says how to build it when it is missing. Run on a copy of bin/ in a temp dir, so
 * the real dist/ is neither needed nor touched.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';

function install(withBundle: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'ca-bin-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(repoRoot, 'bin', 'career-advisor.js'), join(dir, 'bin', 'career-advisor.js'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  if (withBundle) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'cli.mjs'), "process.stdout.write('cli bundle: ' + process.argv.slice(2).join(' ') + '\\n');");
    writeFileSync(join(dir, 'dist', 'main.mjs'), "process.stdout.write('main bundle: ' + process.argv.slice(2).join(' ') + '\\n');");
  }
  // A src/ newer than the bundle must change nothing.
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'cli.ts'), "throw new Error('sources must not run');");
  return dir;
}

const run = (dir: string, args: string[]) =>
  spawnSync(process.execPath, [join(dir, 'bin', 'career-advisor.js'), ...args], { cwd: tmpdir(), encoding: 'utf8' });

describe('bin/career-advisor.js', () => {
  it('runs dist/cli.mjs, or dist/main.mjs for start, with the remaining arguments', () => {
    const dir = install(true);
    expect(run(dir, ['ask', 'staff salary']).stdout).toBe('cli bundle: ask staff salary\n');
    expect(run(dir, ['start']).stdout).toBe('main bundle: \n');
  });

  it('says in one line to run npm run build when the bundle is missing, and exits 1', () => {
    const result = run(install(false), ['ask', 'staff salary']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/bundle .*dist[/\\]cli\.mjs is missing\. Run `npm run build`/);
  });
});
