/**
 * The README works as written: every command in its fenced `sh` blocks runs here, from the repository root, with no
 * token set, and its output is checked. The few that cannot run inside a test are listed in SKIPPED with the reason
 * (tokens, Docker, reinstalling node_modules under the running suite, or running the suite itself); the test fails
 * when the README gains a command that is neither run nor listed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';
import { distSnapshotEnv } from '../helpers/knowledge-cache.ts';

/** Commands not run, with why. Everything else in an `sh` block runs. */
const SKIPPED: Record<string, string> = {
  'npm ci && npm start':
    'reinstalls node_modules under the running suite, and the chat needs a terminal (start without one is tested in start.test.ts)',
  'npm ci && npm test': 'runs this suite itself (CI runs exactly this)',
  'npm run test:fuzz': 'the long property run, minutes of CPU by design (the same tests run in npm test at their normal size)',
  'npm run test:shuffle': 'runs this suite itself',
  'docker build -t career-advisor .': 'needs Docker (the Dockerfile is linted in dockerfile.test.ts)',
  'docker run --rm -e DISCORD_TOKEN=… -e DISCORD_APPLICATION_ID=… -e PORT=3000 -p 3000:3000 career-advisor':
    'needs Docker and a Discord token',
  'npm link': 'changes the global npm folder; the linked command is bin/career-advisor.js, run below from another folder',
};

/** Commands that keep running (watchers): started, checked once they print this, then stopped. */
const LONG_RUNNING: Record<string, RegExp> = {
  'npm run dev': /watching src\//,
};

/** The commands of every ```sh block: comments dropped, `\` continuations joined. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const commands: string[] = [];
  for (const [, body] of readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)) {
    let pending = '';
    for (const raw of (body ?? '').split('\n')) {
      const line = raw
        .replace(/\s+#(?=\s).*$/, '')
        .replace(/^#.*$/, '')
        .trimEnd();
      if (line.endsWith('\\')) {
        pending += `${line.slice(0, -1).trim()} `;
        continue;
      }
      const command = `${pending}${line.trim()}`.trim();
      pending = '';
      if (command !== '') commands.push(command);
    }
  }
  return commands;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a README line in bash, as a reader would paste it; `career-advisor` is the linked command (bin/). */
function run(command: string): Promise<Result> {
  const bin = mkdtempSync(join(tmpdir(), 'ca-path-'));
  spawnSync('ln', ['-s', join(repoRoot, 'bin', 'career-advisor.js'), join(bin, 'career-advisor')]);
  const env = {
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    HOME: process.env['HOME'] ?? tmpdir(),
    NO_COLOR: '1',
    LOG_LEVEL: 'warn',
    // A smoke run of each bench: every part once, timed loops cut short (the figures mean nothing here, the output's
    // shape does).
    BENCH_BUDGET_MS: '50',
    // The snapshot of the shipped knowledge an install's second start finds (the first start's parse is tested in
    // process-startup.test.ts).
    ...distSnapshotEnv(),
    // The moderators' commands read the embedded store: a fresh one, not the checkout's ./data.
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ca-data-')),
    ...(process.env['CI'] ? { CI: process.env['CI'] } : {}),
  };
  const child = spawn('bash', ['-c', command], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const ready = LONG_RUNNING[command];
  return new Promise((resolve) => {
    if (ready) {
      child.stdout.on('data', () => {
        if (ready.test(stdout) && child.pid) process.kill(-child.pid, 'SIGTERM');
      });
    }
    child.on('close', (code, signal) => resolve({ code: ready && signal === 'SIGTERM' && ready.test(stdout) ? 0 : code, stdout, stderr }));
  });
}

/** What each command must print, beyond exiting 0. */
const EXPECT: Array<[RegExp, (r: Result) => void]> = [
  [/ask "lead vs staff pay"/, (r) => expect(r.stdout).toMatch(/LEAD|STAFF/)],
  [/ask --full "lead vs staff pay"/, (r) => expect(r.stdout).toMatch(/Side by side[\s\S]*\$188,940 - \$233,000 per year/)],
  [
    /ask --width 60/,
    (r) =>
      expect(
        Math.max(
          ...r.stdout
            .trimEnd()
            .split('\n')
            .map((l) => [...l].length),
        ),
      ).toBeLessThanOrEqual(60),
  ],
  [
    /ask --json/,
    (r) => {
      const lines = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { roles: string[]; text: string; intent: string });
      expect(lines.map((l) => [l.intent, l.roles])).toEqual([
        ['salary', ['staff-ml-architect']],
        ['salary', ['lead-ml-architect']],
      ]);
      expect(lines[1]?.text).not.toMatch(/did you mean/i);
    },
  ],
  [/cli -- (gaps|feedback) --json/, (r) => expect(Array.isArray(JSON.parse(r.stdout))).toBe(true)],
  [/knowledge:check/, (r) => expect(r.stdout).toMatch(/knowledge OK: 21 roles/)],
  [/npm run eval/, (r) => expect(r.stdout).toMatch(/accuracy/i)],
  [
    /npm run bench/,
    (r) => {
      expect(r.stdout).toMatch(/^ {2}(PASS|FAIL) {2}/m);
      expect(r.stdout).toMatch(/load average/);
    },
  ],
  [/career-advisor ask/, (r) => expect(r.stdout).toMatch(/\$188,940|LEAD MACHINE LEARNING ARCHITECT/)],
  [/npm run dev/, (r) => expect(r.stdout).toMatch(/watching src\//)],
];

const commands = readmeCommands();
const runnable = commands.filter((c) => !(c in SKIPPED));

// The commands run the bundle, as an installed copy does: vitest's global setup (test/setup/build.ts) has built it
// from the current sources.
describe('README commands', () => {
  it('finds the commands, and every skipped one is still in the README', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(8);
    for (const skipped of Object.keys(SKIPPED)) expect(commands, skipped).toContain(skipped);
  });

  it('knows what each runnable command must print', () => {
    for (const command of runnable)
      expect(
        EXPECT.some(([pattern]) => pattern.test(command)),
        command,
      ).toBe(true);
  });

  it.each(runnable)(
    '%s',
    async (command) => {
      // The bench exits 1 when a latency target is missed, which a busy machine may do: that is its verdict, not a
      // failure of the command (the suite never asserts speed). Its output must still be complete.
      const result = await run(command);
      if (!/npm run bench/.test(command)) expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
      else expect([0, 1], result.stderr).toContain(result.code);
      for (const [pattern, check] of EXPECT) if (pattern.test(command)) check(result);
    },
    180_000,
  );
});
