/**
 * Faults under load, kept short: two real replicas (`bin/career-advisor.js start`) on one real redis-server, signed
 * Slack slash commands and Discord interactions sent to both at a steady pace (see test/fakes/cluster.ts).
 * - A replica killed mid-load: every request that was acknowledged was answered, exactly once; the other replica
 *   keeps answering.
 * - Redis restarted mid-load: members keep getting answers (every request acknowledged and answered once).
 * (A shard disconnect, /readyz 503 then 200, is in discord-shards.test.ts.)
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Cluster, type SentRequest } from '../fakes/cluster.ts';
import { describeRedis } from '../helpers/redis.ts';

const roles = ['lead-ml-architect', 'ml-data-architect', 'staff-ml-architect'];

/** `count` requests, one every `everyMs`, alternating Slack and Discord and the two replicas; `at(i)` runs before request i. */
async function load(
  cluster: Cluster,
  count: number,
  everyMs: number,
  at: (i: number) => Promise<void> | void = () => undefined,
): Promise<SentRequest[]> {
  const pending: Array<Promise<SentRequest>> = [];
  for (let i = 0; i < count; i += 1) {
    await at(i);
    const replica = cluster.replicas[i % 2];
    if (!replica) throw new Error('two replicas expected');
    const role = roles[i % roles.length] as string;
    pending.push(
      Math.floor(i / 2) % 2 === 0
        ? cluster.slackCommand(replica, `U0FAULT${i % 20}`, `${role} salary`)
        : cluster.discordCommand(replica, { id: `118000000000000${String(5000 + (i % 20))}`, username: `fault${i % 20}` }, role, 'salary'),
    );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Promise.all(pending);
}

/** Answers each acknowledged request got: in the HTTP response (Slack's ack, Discord's type 4), at the response_url, or as a later edit. */
async function answersOf(cluster: Cluster, results: SentRequest[]): Promise<number[]> {
  const count = (r: SentRequest) =>
    (r.inline ? 1 : 0) + (cluster.slackAnswers().get(r.key) ?? 0) + (cluster.discordEdits().get(r.key) ?? 0);
  const acked = results.filter((r) => r.status === 200);
  const end = Date.now() + 10_000;
  while (acked.some((r) => count(r) === 0) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return acked.map(count);
}

describeRedis('two replicas on one Redis, under load', () => {
  let cluster: Cluster;

  beforeEach(async () => {
    cluster = await Cluster.start({ replicas: 2, appendonly: true });
  }, 90_000);

  afterEach(async () => {
    await cluster?.stop();
  }, 30_000);

  it('loses no acknowledged request when a replica is killed mid-load, and the other keeps answering', async () => {
    const [, b] = cluster.replicas;
    const results = await load(cluster, 80, 25, async (i) => {
      if (i === 40) await b?.kill();
    });
    const answers = await answersOf(cluster, results);
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.every((n) => n === 1)).toBe(true);
    // Replica A answered everything it was sent, before and after B died; B's later requests were refused at connect.
    expect(results.filter((r) => r.replica === 'A').every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r, i) => r.replica === 'B' && i > 40).every((r) => r.status === 0)).toBe(true);
  }, 90_000);

  it('keeps answering while Redis restarts mid-load', async () => {
    const results = await load(cluster, 80, 25, async (i) => {
      if (i === 30) await cluster.redis.kill();
      if (i === 50) await cluster.redis.restart();
    });
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    const answers = await answersOf(cluster, results);
    expect(answers).toHaveLength(80);
    expect(answers.every((n) => n === 1)).toBe(true);
  }, 90_000);
});
