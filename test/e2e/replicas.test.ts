/**
 * Two bot processes act as one: two real child processes of `src/main.ts` (what `npm start` runs) in Slack HTTP mode,
 * each on its own port like replicas behind a load balancer, sharing one real `redis-server` and one fake Slack. A
 * retried event delivered to the other process is not posted again; the rate limit, follow-up context, votes and the
 * unanswered questions are shared; all of it survives a restart of both; with Redis killed, members still get
 * answers and /readyz says what is wrong.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Replica, waitFor } from '../fakes/cluster.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { visibleText } from '../fakes/slack-blockkit.ts';
import { BOT_TOKEN, buttonOf, onlyResponse, SIGNING_SECRET, SlackHarness } from '../fakes/slack-harness.ts';
import { describeRedis, startRedis, type RedisServer } from '../helpers/redis.ts';

const MODERATOR = 'U0MODERAT1';

const reply = onlyResponse;
const button = buttonOf;

describeRedis('two bot processes on one Redis behind one Slack', () => {
  const slack = new FakeSlackApi();
  let redis: RedisServer;
  let a: Replica;
  let b: Replica;
  let toA: SlackHarness;
  let toB: SlackHarness;

  beforeAll(async () => {
    await slack.start();
    redis = await startRedis();
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      SLACK_MODERATOR_IDS: MODERATOR,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'replicas-test:',
      RATE_LIMIT_PER_MINUTE: '4',
      // The `slack.handled` and `store.opened` lines the test waits on.
      LOG_LEVEL: 'debug',
    };
    a = new Replica('A', env);
    b = new Replica('B', env);
    await Promise.all([a.start(), b.start()]);
    toA = SlackHarness.remote(slack, a.url, { firstEvent: 0, watch: () => a.watch() });
    toB = SlackHarness.remote(slack, b.url, { firstEvent: 500, watch: () => b.watch() });
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await redis?.stop();
    await slack.stop();
  }, 30_000);

  it('both report the Redis store ready', async () => {
    expect(await a.readyz()).toEqual({ status: 200, checks: { knowledge: true, store: true, slack: true } });
    expect((await b.readyz()).checks.store).toBe(true);
    expect(a.events('store.opened')[0]).toMatchObject({ kind: 'redis' });
  });

  it('a retried event delivered to the other process is not posted again', async () => {
    const who = { user: 'U0RETRY01', ts: '1700009000.000100' };
    const first = await toA.mention('staff ml architect skills', who, { eventId: 'Ev0REPLICA01' });
    expect(first.posts).toHaveLength(1);
    const retry = await toB.mention('staff ml architect skills', who, {
      eventId: 'Ev0REPLICA01',
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    expect(retry.posts).toHaveLength(0);
    expect(b.events('slack.duplicate_event').at(-1)).toMatchObject({ eventId: 'Ev0REPLICA01', retryNum: 1 });
  });

  it('shares one rate limit: the allowance is per person, whichever process answers', async () => {
    const user = { user: 'U0RATE001' };
    for (const [side, text] of [
      [toA, 'staff-ml-architect'],
      [toB, 'lead-ml-architect'],
      [toA, 'ml-data-architect'],
      [toB, 'ml-systems-architect'],
    ] as const) {
      expect(visibleText(reply(await side.slash('/role', text, user)))).not.toMatch(/faster than I can keep up/);
    }
    expect(visibleText(reply(await toA.slash('/role', 'staff-ml-architect', user)))).toMatch(/4 questions a minute/);
    expect(visibleText(reply(await toB.slash('/role', 'staff-ml-architect', user)))).toMatch(/4 questions a minute/);
  });

  it('keeps follow-up context when the next message lands on the other process', async () => {
    const user = { user: 'U0FOLLOW1', channel: 'C0REPLICA' };
    expect(visibleText(reply(await toA.slash('/career', 'how much does a staff ml architect make?', user)))).toContain(
      '$190,000 - $200,000',
    );
    const follow = visibleText(reply(await toB.slash('/career', 'what about a lead?', user)));
    expect(follow).toContain('Lead Machine Learning Architect');
    expect(follow).toContain('$188,940 - $233,000 per year');
  });

  it('counts a vote once, whichever process gets the second click', async () => {
    const card = reply(await toA.slash('/role', 'ml-infrastructure-architect salary', { user: 'U0VOTER01' }));
    const up = button(card, /👍/);
    expect(visibleText(reply(await toA.click(up, { user: 'U0VOTER01' })))).toMatch(/thanks/i);
    expect(visibleText(reply(await toB.click(up, { user: 'U0VOTER01' })))).toMatch(/already/i);
    const feedback = visibleText(reply(await toB.slash('/role', 'feedback', { user: MODERATOR })));
    expect(feedback).toMatch(/👎 \*0\* · 👍 \*1\* · `role ml-infrastructure-architect salary`/);
  });

  it('/role gaps on one process lists the questions asked on the other', async () => {
    await toA.slash('/career', 'how do I become a pilot?', { user: 'U0GAPS001' });
    await toA.slash('/career', 'How do I become a pilot', { user: 'U0GAPS002' });
    const gaps = visibleText(reply(await toB.slash('/role', 'gaps', { user: MODERATOR })));
    expect(gaps).toMatch(/\*2×\* “How do I become a pilot”/);
    // Members are refused, on either process.
    expect(visibleText(reply(await toA.slash('/role', 'gaps', { user: 'U0GAPS001' })))).toMatch(/only moderators/i);
    // A workspace admin is a moderator; the users.info answer is cached once for both processes.
    slack.users.set('U0ADMIN01', { is_admin: true });
    expect(visibleText(reply(await toA.slash('/role', 'gaps', { user: 'U0ADMIN01' })))).toMatch(/How do I become a pilot/);
    expect(visibleText(reply(await toB.slash('/role', 'gaps', { user: 'U0ADMIN01' })))).toMatch(/How do I become a pilot/);
    expect(slack.callsTo('users.info').filter((c) => c.args.user === 'U0ADMIN01')).toHaveLength(1);
  });

  it('after both processes restart, gaps and votes are still there', async () => {
    // Its own gap and vote (tests run in any order, and another one kills Redis), written before the restart.
    await toA.slash('/career', 'how do I become a sommelier?', { user: 'U0RESTART1' });
    await toB.slash('/career', 'How do I become a sommelier', { user: 'U0RESTART2' });
    const before = reply(await toA.slash('/role', 'ml-systems-architect salary', { user: 'U0RESTART1' }));
    expect(visibleText(reply(await toA.click(button(before, /👍/), { user: 'U0RESTART1' })))).toMatch(/thanks/i);
    await Promise.all([a.stop(), b.stop()]);
    await Promise.all([a.start(), b.start()]);
    expect(visibleText(reply(await toB.slash('/role', 'gaps', { user: MODERATOR })))).toMatch(/\*2×\* “How do I become a sommelier”/);
    const card = reply(await toB.slash('/role', 'ml-systems-architect salary', { user: 'U0RESTART1' }));
    expect(visibleText(reply(await toB.click(button(card, /👎/), { user: 'U0RESTART1' })))).toMatch(/already/i);
    expect(visibleText(reply(await toA.slash('/role', 'feedback', { user: MODERATOR })))).toMatch(
      /👍 \*1\* · `role ml-systems-architect salary`/,
    );
  }, 60_000);

  it('with Redis killed, questions are still answered, /readyz says the store is down, and nothing crashes', async () => {
    await redis.kill();
    const answered = reply(await toA.slash('/role', 'staff-ml-architect salary', { user: 'U0NOREDIS' }));
    expect(visibleText(answered)).toContain('$190,000 - $200,000');
    const mention = await toB.mention(
      'lead ml architect skills',
      { user: 'U0NOREDIS', ts: '1700009100.000100' },
      { eventId: 'Ev0NOREDIS01' },
    );
    expect(mention.posts).toHaveLength(1);
    // Moderators are told the lists are unavailable rather than shown an empty one.
    expect(visibleText(reply(await toB.slash('/role', 'gaps', { user: MODERATOR })))).toMatch(/unreachable/i);
    await waitFor('/readyz to report the store down', async () => (await a.readyz()).status === 503, 15_000);
    expect((await a.readyz()).checks).toMatchObject({ store: false, slack: true, knowledge: true });
    expect(a.child?.exitCode).toBeNull();
    expect(b.child?.exitCode).toBeNull();
    // Redis back: the processes reconnect and report ready again.
    await redis.restart();
    await waitFor('/readyz to recover', async () => (await a.readyz()).status === 200 && (await b.readyz()).status === 200, 20_000);
  }, 60_000);
});
