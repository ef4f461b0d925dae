/**
 * `npm run bench:slack`: Slack's acknowledgement under load, on loopback. One real `bin/career-advisor.js start` child
 * in Slack HTTP mode (memory store) behind the fake Slack; signed `/role` slash commands as an open loop on a
 * keep-alive agent at 50, 200 and 500 requests/s for 10 s each, then 200/s again with every response_url answer
 * delayed 5 s and every Web API answer 2 s (test/fakes/slack-bench.ts). Per run: ack p50/p99/max, errors, timeouts (no ack in 3 s), where
 * each answer went (in the ack, at the response_url, both, none), the child's RSS before/after and CPU per request;
 * one command in 50 is `/role gaps` (a Web API call before the answer), reported on its own line.
 * Then PASS/FAIL per target with the load average: ack p99 ≤ 20 ms at 200/s, ≤ 50 ms at 500/s, the delayed run's p99
 * "unchanged" (≤ 2× or ≤ +5 ms of the undelayed 200/s run), every command answered exactly once. Exit 1 on FAIL.
 * Options: --seconds N (per run; BENCH_BUDGET_MS caps it, for the README test), --store memory|sqlite,
 * --profile DIR (only the 200/s run, with `node --cpu-prof` on the child; prints self time by function and module).
 */
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { SlackBench, type RunResult } from '../test/fakes/slack-bench.ts';
import { exactlyOnce } from '../test/fakes/load.ts';
import { printProfile } from './cpu-profile.ts';

const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const budgetMs = Number(process.env['BENCH_BUDGET_MS'] ?? Infinity);
const seconds = Math.min(Number(flag('seconds') ?? 10), budgetMs / 1000);
const store = flag('store') === 'sqlite' ? 'sqlite' : 'memory';
const profileDir = flag('profile') ? resolve(flag('profile') as string) : undefined;
const delayMs = 5_000;
// Slow, not hung: past the 1.5 s ack deadline, within the adapter's 5 s Web API timeout.
const webApiDelayMs = 2_000;
const started = performance.now();
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const bench = await SlackBench.start({ store, nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [] });
console.log(
  `Slack ack bench — node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}; one adapter process (pid ${bench.pid}, ${store} store), ${seconds} s per run`,
);
await bench.warmUp(200);

const runs: Array<{ name: string; result: RunResult; load: string }> = [];
async function run(name: string, rate: number, slow = false): Promise<RunResult> {
  const result = await bench.run({ rate, seconds, ...(slow ? { responseDelayMs: delayMs, webApiDelayMs } : {}) });
  const calls = [...result.laterCalls]
    .sort(([a], [b]) => a - b)
    .map(([n, count]) => `${n}×${count}`)
    .join(' ');
  runs.push({ name, result, load: load() });
  console.log(
    `${name.padEnd(26)} ${String(result.requests).padStart(5)} sent  ack p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  max ${result.max.toFixed(1)} ms  errors ${result.errors}  timeouts ${result.timeouts}`,
  );
  console.log(
    `${''.padEnd(26)} answers: in the ack ${result.inAck}, at the response_url ${result.later}, both ${result.both}, none ${result.missing}; response_url calls per request ${calls || '-'}; RSS ${mb(result.rssBefore)} → ${mb(result.rssAfter)}; CPU ${result.cpuMsPerRequest.toFixed(2)} ms/request; generator up to ${result.maxLateMs.toFixed(0)} ms late; load ${load()}`,
  );
  const m = result.moderator;
  console.log(
    `${''.padEnd(26)} + ${m.requests} × /role gaps (users.info first): ack p50 ${m.p50.toFixed(0)} ms  max ${m.max.toFixed(0)} ms; answers in the ack ${m.inAck}, at the response_url ${m.later}, both ${m.both}, none ${m.missing}; errors ${m.errors}`,
  );
  return result;
}

if (profileDir) {
  const runStart = performance.now();
  const result = await run('200/s (profiled)', 200);
  const runEnd = performance.now();
  await bench.stop();
  // The profile ends when the child exits: the run is the window that ended (exit - runEnd) before that.
  const exited = performance.now();
  printProfile(profileDir, { fromEndMs: [exited - runStart, exited - runEnd], requests: result.requests });
  process.exit(0);
}

const r50 = await run('50/s', 50);
const r200 = await run('200/s', 200);
const r500 = await run('500/s', 500);
const slow = await run(`200/s, slow response_url`, 200, true);
await bench.stop();

const unchanged = slow.p99 <= Math.max(2 * r200.p99, r200.p99 + 5);
const targets: Array<[string, string, boolean]> = [
  ['ack p99 ≤ 20 ms at 200/s', `${r200.p99.toFixed(1)} ms`, r200.p99 <= 20],
  ['ack p99 ≤ 50 ms at 500/s', `${r500.p99.toFixed(1)} ms`, r500.p99 <= 50],
  [
    `ack p99 unchanged by a ${delayMs / 1000} s response_url (≤ 2× or +5 ms)`,
    `${slow.p99.toFixed(1)} ms vs ${r200.p99.toFixed(1)} ms`,
    unchanged,
  ],
  [
    'every command answered exactly once, 0 errors',
    runs
      .map(({ result: r }) => `${r.duplicates + r.missing + r.errors + r.moderator.duplicates + r.moderator.missing + r.moderator.errors}`)
      .join('/') + ' wrong',
    [r50, r200, r500, slow].every((r) => exactlyOnce(r) && exactlyOnce(r.moderator)),
  ],
];
console.log('\ntargets');
for (const [name, measured, pass] of targets) console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${name.padEnd(58)} ${measured}`);
const cpus = availableParallelism();
const busy = (loadavg()[0] ?? 0) > cpus / 2;
console.log(
  `load average (1, 5, 15 min): ${load()} on ${cpus} CPUs${busy ? ' — the machine is busy: latency figures are upper bounds' : ''}`,
);
console.log(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(targets.every(([, , pass]) => pass) ? 0 : 1);
