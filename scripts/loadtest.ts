/**
 * `npm run loadtest`: two replicas sharing one real redis-server on loopback, then signed Slack slash commands and
 * Ed25519-signed Discord interactions, 200 requests/s for 20 s each (a bounded open loop: at most 256 requests in
 * flight, a request that would exceed it counts as an error). Prints ack p50/p99/max, errors, duplicate and missing
 * answers, and each replica's RSS before and after, then PASS or FAIL against the targets:
 * ack p99 ≤ 20 ms, 0 errors, 0 duplicates, every response_url / interaction answered exactly once.
 * Options: --rate N (per second, default 200), --seconds N (default 20). Exit code 1 on FAIL.
 */
import os from 'node:os';
import { DISCORD_IDS } from '../test/fakes/discord.ts';
import { Cluster, type PreparedRequest } from '../test/fakes/cluster.ts';
import { exactlyOnce, openLoop, settle, tally, type LoopResult } from '../test/fakes/load.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const rate = arg('rate', 200);
const seconds = arg('seconds', 20);
const maxInFlight = 256;
const targets = { ackP99Ms: 20 };

const roles = ['lead-ml-architect', 'ml-data-architect', 'ml-infrastructure-architect', 'staff-ml-architect'];
const topics = ['salary', 'skills', 'path', ''];
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

/** Sends `rate` requests a second for `seconds`, round-robin over the replicas (see openLoop). */
async function phase(name: string, prepare: (i: number) => PreparedRequest): Promise<LoopResult> {
  const loop = await openLoop(
    Array.from({ length: rate * seconds }, (_, i) => prepare(i)),
    rate,
    (r) => cluster.send(r),
    maxInFlight,
  );
  process.stdout.write(`${name}: sent ${loop.results.length} in ${loop.seconds.toFixed(1)} s\n`);
  return loop;
}

function report(name: string, loop: LoopResult, answers: Map<string, number>) {
  const t = tally(loop, answers);
  process.stdout.write(
    `${name}: ${t.requests} requests, ack p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms, max ${t.max.toFixed(1)} ms, errors ${t.errors}, duplicates ${t.duplicates}, missing ${t.missing}\n`,
  );
  return t.p99 <= targets.ackP99Ms && exactlyOnce(t);
}

const cluster = await Cluster.start({ replicas: 2 });
const [a, b] = cluster.replicas;
if (!a || !b) throw new Error('loadtest: two replicas expected');
process.stdout.write(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (other work on the machine shows in the figures)\n`,
);
process.stdout.write(
  `loadtest: 2 replicas (${a.url}, ${b.url}) on redis ${cluster.redis.url}; ${rate} req/s for ${seconds} s per platform\n`,
);
// Warm up both replicas (JIT, connections) before measuring memory.
for (let i = 0; i < 20; i += 1) {
  await cluster.slackCommand(cluster.replicas[i % 2] as typeof a, 'U0WARMUP', 'lead-ml-architect');
  await cluster.discordCommand(cluster.replicas[i % 2] as typeof a, { id: '1180000000000009999', username: 'warmup' }, 'lead-ml-architect');
}
const rssBefore = cluster.replicas.map((r) => r.rss());
const warmupSlack = new Set(cluster.slack.responses.map((r) => r.id));

const slack = await phase('slack', (i) =>
  cluster.prepareSlackCommand(
    cluster.replicas[i % 2] as typeof a,
    `U0LOAD${String(i % 400).padStart(4, '0')}`,
    `${roles[i % roles.length]} ${topics[i % topics.length]}`.trim(),
  ),
);
await settle(() => slack.results.every((r) => r.status !== 200 || r.inline || cluster.slackAnswers().has(r.key)));
const discord = await phase('discord', (i) =>
  cluster.prepareDiscordCommand(
    cluster.replicas[i % 2] as typeof a,
    { id: `11800000000001${String(i % 400).padStart(5, '0')}`, username: `member${i % 400}` },
    roles[i % roles.length] as string,
    topics[i % topics.length] || undefined,
  ),
);
await settle(() => discord.results.every((r) => r.status !== 200 || r.inline || cluster.discordEdits().has(r.key)));
const rssAfter = cluster.replicas.map((r) => r.rss());

const slackAnswers = cluster.slackAnswers();
for (const id of warmupSlack) slackAnswers.delete(id);
const slackOk = report('slack', slack, slackAnswers);
const discordOk = report('discord', discord, cluster.discordEdits());
cluster.replicas.forEach((r, i) =>
  process.stdout.write(`replica ${r.name}: RSS ${mb(rssBefore[i] ?? 0)} before, ${mb(rssAfter[i] ?? 0)} after\n`),
);
const spread = ['A', 'B'].map((n) => [...slack.results, ...discord.results].filter((r) => r.replica === n).length);
process.stdout.write(`requests per replica: A ${spread[0]}, B ${spread[1]}; guild ${DISCORD_IDS.guild}\n`);
const pass = slackOk && discordOk;
process.stdout.write(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
process.stdout.write(
  `${pass ? 'PASS' : 'FAIL'} (targets: ack p99 ≤ ${targets.ackP99Ms} ms, 0 errors, 0 duplicates, every answer exactly once)\n`,
);
await cluster.stop();
process.exit(pass ? 0 : 1);
