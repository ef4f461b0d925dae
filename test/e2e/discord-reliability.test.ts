/**
 * The Discord adapter when things go wrong: a 429 on a reply, the gateway closing, a user over the rate limit, a
 * failing handler, an expired button, and stopping. Its own Client (a fresh one per file), with SHARE_POLICY=everyone
 * and a rate limit of 3 questions per minute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/index.ts';
import { Health } from '../../src/adapters/shared/health.ts';
import type { Advisor } from '../../src/core/advisor.ts';
import { snowflake, type FakeUser, type SentMessage } from '../fakes/discord.ts';
import { payloadCannotPing } from '../fakes/discord-driver.ts';
import { testBot } from '../helpers/bot.ts';
import { DiscordHarness, MEMBER, textOf, waitUntil } from '../fakes/discord-harness.ts';

let h: DiscordHarness;

beforeAll(async () => {
  h = await DiscordHarness.start({
    sharePolicy: 'everyone',
    rateLimitPerMinute: 3,
    // The core never throws; this wrapper does, for one word, to exercise the adapter's top-level handler.
    advisor: (real: Advisor): Advisor => ({
      ...real,
      handle: (request) => {
        if (request.text.includes('explode')) throw new Error('simulated failure');
        return real.handle(request);
      },
    }),
  });
});

afterAll(async () => {
  await h?.stop();
});

/** A new person for each test, so the per-user rate limit of 3 only bites where a test means it to. */
function person(name: string): FakeUser {
  return { id: snowflake(), username: name };
}

describe('Discord reliability', () => {
  it('is not ready before it has connected (readiness is registered at creation)', async () => {
    const health = new Health();
    const idle = createDiscordAdapter(h.config, { bot: testBot(h.advisor), logger: h.logs, health });
    expect(health.status()).toEqual({ ready: false, checks: { discord: false } });
    await idle.stop();
  });

  it('waits out a 429 on the reply and delivers it exactly once', async () => {
    h.fake.rateLimitNext((call) => call.method === 'POST' && call.path.endsWith('/callback'), 1);
    const started = Date.now();
    const outcome = await h.command('role', { role: 'staff-ml-architect' }, person('patient'));
    const callbacks = outcome.calls.filter((c) => c.path.endsWith('/callback'));
    expect(callbacks.map((c) => c.status)).toEqual([429, 204]);
    expect(callbacks[0]?.body).toEqual(callbacks[1]?.body);
    expect(outcome.sent).toHaveLength(1);
    expect(outcome.sent[0]?.payload.embeds?.[0]?.title).toBe('Staff Machine Learning Architect');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('resumes after the gateway closes, and readiness follows the connection', async () => {
    expect(h.ready).toBe(true);
    h.fake.holdHello();
    h.fake.closeGateway(4000);
    await waitUntil(() => !h.ready, 5_000, 'readiness to turn false');
    expect(h.health.status().ready).toBe(false);
    h.fake.releaseHello();
    await waitUntil(() => h.ready, 10_000, 'readiness to come back');
    expect(h.fake.resumes).toBe(1);
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.logs.events('discord.gateway_reconnecting')).not.toHaveLength(0);
    expect(h.logs.events('discord.gateway_resumed')).not.toHaveLength(0);
    // And the bot answers on the resumed session.
    const outcome = await h.command('role', { role: 'lead-ml-architect', topic: 'salary' }, person('after-resume'));
    expect(textOf(outcome.sent[0]?.payload ?? {})).toContain('$188,940 - $233,000 per year');
  });

  it('slows down a user over the rate limit with a friendly private message, others unaffected', async () => {
    const eager = person('eager');
    for (let i = 0; i < 3; i += 1) {
      const ok = await h.command('role', { role: 'ml-systems-architect' }, eager);
      expect(ok.sent[0]?.payload.embeds).toHaveLength(1);
    }
    const limited = await h.command('role', { role: 'ml-systems-architect' }, eager);
    expect(limited.sent).toHaveLength(1);
    expect(limited.sent[0]?.ephemeral).toBe(true);
    expect(limited.sent[0]?.payload.content).toMatch(/faster than I can keep up.*try again in \d+ s/i);
    expect(h.logs.events('bot.rate_limited').at(-1)).toMatchObject({ person: `discord:${eager.id}` });
    // A mention over the limit is answered by DM, not in the channel.
    const mention = await h.mention('staff ml architect', eager);
    expect(mention.calls.some((c) => c.path === '/users/@me/channels')).toBe(true);
    expect(mention.sent).toHaveLength(1);
    expect(mention.sent[0]?.channelId).toBe(h.fake.dmChannelOf(eager.id));
    expect(mention.sent[0]?.payload.content).toMatch(/faster than I can keep up/);
    // Someone else is not affected.
    expect((await h.command('help', {}, person('calm'))).sent[0]?.payload.embeds?.[0]?.title).toBe('Career Advisor');
  });

  it('lets anyone share under SHARE_POLICY=everyone', async () => {
    const anyone = person('anyone');
    const card = await h.command('role', { role: 'ml-data-architect', topic: 'salary' }, anyone);
    const outcome = await h.click(card.sent[0] as SentMessage, /share/i, anyone);
    const post = outcome.sent.find((s) => s.via === 'channel');
    expect(post?.payload.content).toBe(`📣 Shared by <@${anyone.id}>`);
    expect(textOf(post?.payload ?? {})).toContain('$393,000');
  });

  it('logs a failing handler and sends a friendly private fallback; the bot keeps answering', async () => {
    const unlucky = person('unlucky');
    const outcome = await h.command('ask', { question: 'please explode' }, unlucky);
    expect(outcome.sent).toHaveLength(1);
    expect(outcome.sent[0]?.ephemeral).toBe(true);
    expect(outcome.sent[0]?.payload.content).toMatch(/something went wrong/i);
    const logged = h.logs.events('discord.error').at(-1);
    expect(logged).toMatchObject({ level: 'error', user: unlucky.id });
    expect(String((logged?.err as Error).message)).toBe('simulated failure');
    // A mention that fails gets its fallback by DM, never in public.
    const viaMention = await h.mention('explode now', unlucky);
    expect(viaMention.sent.map((s) => s.channelId)).toEqual([h.fake.dmChannelOf(unlucky.id)]);
    expect(viaMention.sent[0]?.payload.content).toMatch(/something went wrong/i);
    // A failure after the reply was deferred (share: defer, then post into the channel) is followed up privately.
    const sharer = person('sharer');
    const card = await h.command('ask', { question: 'staff ml architect' }, sharer);
    h.fake.failNext((call) => call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path), 403);
    const failedShare = await h.click(card.sent[0] as SentMessage, /share/i, sharer);
    expect(failedShare.sent.map((s) => [s.via, s.ephemeral])).toEqual([['followup', true]]);
    expect(failedShare.sent[0]?.payload.content).toMatch(/something went wrong/i);
    // Still answering.
    expect((await h.command('help', {}, person('next'))).sent[0]?.payload.embeds?.[0]?.title).toBe('Career Advisor');
    for (const sent of h.fake.sent) expect(payloadCannotPing(sent.payload)).toBe(true);
  });

  it('tells the clicker when a button has expired', async () => {
    const card = await h.command('role', { role: 'staff-ml-architect' }, MEMBER);
    // A long button whose stored control is gone (or never existed), and a forged one.
    const outcome = await h.clickId(card.sent[0] as SentMessage, 'ca:r~forgottenkey00000', MEMBER);
    expect(outcome.sent[0]?.payload.content).toMatch(/out of date/i);
    const forged = await h.clickId(card.sent[0] as SentMessage, 'ca:x:<@&123> role staff-ml-architect', MEMBER);
    expect(forged.sent[0]?.payload.content).toMatch(/out of date/i);
  });

  it('stop() closes the connection and readiness turns false', async () => {
    await h.adapter.stop();
    expect(h.ready).toBe(false);
    await waitUntil(() => !h.fake.gatewayConnected, 5_000, 'the gateway socket to close');
  });
});
