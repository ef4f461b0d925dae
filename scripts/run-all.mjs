#!/usr/bin/env node
// `node scripts/run-all.mjs [--live NAME] NAME…`: runs npm scripts side by side and exits non-zero when any failed.
// Used by `npm test`: the tests (`--live`: their output streams as they run) beside the static checks, which fill the
// cores while the tests wait on processes, sockets and timers. The others run at a lower CPU priority, so the tests
// (whose waits have deadlines) come first, and their output is printed in one piece each once the live one is done
// (so it never lands inside the test reporter's output), with how long each took.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

const args = process.argv.slice(2);
const liveAt = args.indexOf('--live');
const live = liveAt >= 0 ? args.splice(liveAt, 2)[1] : undefined;
const names = live ? [live, ...args] : args;
if (names.length === 0 || (liveAt >= 0 && !live)) {
  process.stderr.write('usage: node scripts/run-all.mjs [--live NAME] NAME…\n');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run NAME`; resolves with its exit status, how long it took, and its output unless it was live. */
function run(name) {
  const started = performance.now();
  const isLive = name === live;
  const child = spawn(npm, ['run', '--silent', name], {
    stdio: isLive ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
  });
  // Niceness is inherited by what npm then starts (it has not started anything yet). Best effort: some systems refuse.
  if (!isLive && live) {
    try {
      setPriority(child.pid ?? 0, 10);
    } catch {
      // runs at normal priority
    }
  }
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ name, ok: false, seconds: 0, output: `${error.message}\n` }));
    child.on('close', (code) => resolve({ name, ok: code === 0, seconds: (performance.now() - started) / 1000, output }));
  });
}

const runs = names.map((name) => run(name));
const liveRun = live ? runs[0] : undefined;
if (liveRun) await liveRun;
const results = await Promise.all(runs);
for (const r of results)
  if (r.name !== live) process.stdout.write(`\n${r.ok ? '✓' : '✗'} npm run ${r.name} (${r.seconds.toFixed(1)} s)\n${r.output}`);
process.stdout.write(`\n${results.map((r) => `${r.ok ? '✓' : '✗'} ${r.name} ${r.seconds.toFixed(1)} s`).join('   ')}\n`);
if (results.some((r) => !r.ok)) process.exit(1);
