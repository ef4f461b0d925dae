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
import { Cluster, percentile, type PreparedRequest, type SentRequest } from '../test/fakes/cluster.ts';

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

/**
 * Sends `rate` requests a second for `seconds`, round-robin over the replicas, never more than maxInFlight at once.
 * Every request is built and signed before the clock starts, so the generator measures the bot, not itself.
 */
async function phase(name: string, prepare: (i: number) => PreparedRequest): Promise<{ results: SentRequest[]; overflow: number }> {
  const total = rate * seconds;
  const requests = Array.from({ length: total }, (_, i) => prepare(i));
  const results: SentRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  let overflow = 0;
  const start = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= maxInFlight) {
      overflow += 1;
      continue;
    }
    const work = cluster.send(requests[i] as PreparedRequest).then((r) => void results.push(r));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }
  await Promise.all(inFlight);
  process.stdout.write(`${name}: sent ${results.length} in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  return { results, overflow };
}

function report(name: string, results: SentRequest[], overflow: number, answers: Map<string, number>, answeredInline: (r: SentRequest) => boolean) {
  const acks = results.map((r) => r.ackMs);
  const errors = results.filter((r) => r.status !== 200).length + overflow;
  let missing = 0;
  let duplicates = 0;
  for (const r of results) {
    if (r.status !== 200) continue;
    const count = (answers.get(r.key) ?? 0) + (answeredInline(r) ? 1 : 0);
    if (count === 0) missing += 1;
    if (count > 1) duplicates += count - 1;
  }
  const line = { requests: results.length, p50: percentile(acks, 50), p99: percentile(acks, 99), max: Math.max(0, ...acks), errors, duplicates, missing };
  process.stdout.write(
    `${name}: ${line.requests} requests, ack p50 ${line.p50.toFixed(1)} ms, p99 ${line.p99.toFixed(1)} ms, max ${line.max.toFixed(1)} ms, errors ${line.errors}, duplicates ${line.duplicates}, missing ${line.missing}\n`,
  );
  return line.p99 <= targets.ackP99Ms && line.errors === 0 && line.duplicates === 0 && line.missing === 0;
}

async function settle(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

const cluster = await Cluster.start({ replicas: 2 });
const [a, b] = cluster.replicas;
if (!a || !b) throw new Error('loadtest: two replicas expected');
process.stdout.write(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine shows in the figures)\n`);
process.stdout.write(`loadtest: 2 replicas (${a.url}, ${b.url}) on redis ${cluster.redis.url}; ${rate} req/s for ${seconds} s per platform\n`);
// Warm up both replicas (JIT, connections) before measuring memory.
for (let i = 0; i < 20; i += 1) {
  await cluster.slackCommand(cluster.replicas[i % 2] as typeof a, 'U0WARMUP', 'lead-ml-architect');
  await cluster.discordCommand(cluster.replicas[i % 2] as typeof a, { id: '1180000000000009999', username: 'warmup' }, 'lead-ml-architect');
}
const rssBefore = cluster.replicas.map((r) => r.rss());
const warmupSlack = new Set(cluster.slack.responses.map((r) => r.id));

const slack = await phase('slack', (i) => cluster.prepareSlackCommand(cluster.replicas[i % 2] as typeof a, `U0LOAD${String(i % 400).padStart(4, '0')}`, `${roles[i % roles.length]} ${topics[i % topics.length]}`.trim()));
await settle(() => slack.results.every((r) => r.status !== 200 || r.inline || cluster.slackAnswers().has(r.key)));
const discord = await phase('discord', (i) =>
  cluster.prepareDiscordCommand(cluster.replicas[i % 2] as typeof a, { id: `11800000000001${String(i % 400).padStart(5, '0')}`, username: `member${i % 400}` }, roles[i % roles.length] as string, topics[i % topics.length] || undefined),
);
await settle(() => discord.results.every((r) => r.status !== 200 || r.inline || cluster.discordEdits().has(r.key)));
const rssAfter = cluster.replicas.map((r) => r.rss());

const slackAnswers = cluster.slackAnswers();
for (const id of warmupSlack) slackAnswers.delete(id);
const slackOk = report('slack', slack.results, slack.overflow, slackAnswers, (r) => r.inline === true);
const discordOk = report('discord', discord.results, discord.overflow, cluster.discordEdits(), (r) => r.inline === true);
cluster.replicas.forEach((r, i) => process.stdout.write(`replica ${r.name}: RSS ${mb(rssBefore[i] ?? 0)} before, ${mb(rssAfter[i] ?? 0)} after\n`));
const spread = ['A', 'B'].map((n) => [...slack.results, ...discord.results].filter((r) => r.replica === n).length);
process.stdout.write(`requests per replica: A ${spread[0]}, B ${spread[1]}; guild ${DISCORD_IDS.guild}\n`);
const pass = slackOk && discordOk;
process.stdout.write(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
process.stdout.write(`${pass ? 'PASS' : 'FAIL'} (targets: ack p99 ≤ ${targets.ackP99Ms} ms, 0 errors, 0 duplicates, every answer exactly once)\n`);
await cluster.stop();
process.exit(pass ? 0 : 1);
