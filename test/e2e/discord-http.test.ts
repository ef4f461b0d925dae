/**
 * Discord interactions over HTTP with no gateway at all (`DISCORD_GATEWAY=off`): signed POSTs to
 * `/discord/interactions`, answered in the HTTP response by the same discord.js handlers as the gateway path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DISCORD_IDS, type Json } from '../fakes/discord.ts';
import { buttonsOf, DiscordHarness, MEMBER, MODERATOR, textOf } from '../fakes/discord-harness.ts';
import { DiscordSigner } from '../fakes/discord-signer.ts';
import { MemoryStore } from '../../src/store/memory.ts';

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Answer = {
  type: number;
  data?: Json & { flags?: number; content?: string; allowed_mentions?: unknown; choices?: unknown[]; custom_id?: string };
};
const last = (harness: DiscordHarness) => harness.httpAnswers[harness.httpAnswers.length - 1]?.body as Answer;

/** Every message body the bot produced (HTTP answers and REST calls) that has content carries mentions off. */
function expectMentionsOff(harness: DiscordHarness): void {
  const bodies = [
    ...harness.httpAnswers.map((a) => (a.body as Answer).data),
    ...harness.fake.calls.filter((c) => c.method !== 'GET').map((c) => c.body as Json | undefined),
  ].filter((b): b is Json => typeof b === 'object' && b !== null && 'content' in b);
  for (const body of bodies) expect(body.allowed_mentions).toMatchObject({ parse: [] });
}

describe('Discord over HTTP, gateway off', () => {
  it('opens no gateway connection, is ready, and refuses unsigned or forged requests with 401', async () => {
    h = await DiscordHarness.start({ http: { gateway: false } });
    expect(h.fake.identifies).toEqual([]);
    expect(h.fake.calls.filter((c) => c.path === '/gateway/bot')).toEqual([]);
    expect(h.ready).toBe(true);
    const url = h.interactionsUrl as string;
    const body = JSON.stringify(
      h.fake.interaction('interaction-chat-input', MEMBER, { data: { id: '1', name: 'help', type: 1, guild_id: DISCORD_IDS.guild } }),
    );
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect((await new DiscordSigner().post(url, JSON.parse(body))).status).toBe(401);
    expect(await h.signer?.post(url, { type: 1 })).toEqual({ status: 200, body: { type: 1 } });
  });

  it('answers a slash command in the HTTP response, privately, with embeds and buttons', async () => {
    h = await DiscordHarness.start({ http: { gateway: false } });
    const outcome = await h.command('role', { role: 'lead-ml-architect', topic: 'salary' }, MEMBER);
    const answer = last(h);
    expect(answer.type).toBe(4);
    expect(answer.data?.flags).toBe(64);
    expect(outcome.sent).toHaveLength(1);
    expect(textOf(outcome.sent[0]?.message as Json)).toMatch(/salary/i);
    expect(buttonsOf(outcome.sent[0]?.message as Json).length).toBeGreaterThan(0);
    // Nothing went to Discord's callback endpoint: the HTTP response was the answer.
    expect(h.fake.calls.filter((c) => c.path.endsWith('/callback') && c.query.get('via') !== 'http')).toEqual([]);
    expectMentionsOff(h);
  });

  it('answers autocomplete, a follow-up button (update in place) and the moderators’ share', async () => {
    h = await DiscordHarness.start({ http: { gateway: false } });
    const choices = await h.autocomplete('role', 'role', 'archit', MEMBER);
    expect(choices.length).toBeGreaterThan(0);
    expect(last(h).type).toBe(8);

    const first = await h.command('role', { role: 'lead-ml-architect' }, MODERATOR);
    const card = first.sent[0];
    if (!card) throw new Error('no answer');
    const topic = buttonsOf(card.message).find((b) => /salary/i.test(b.label));
    if (!topic)
      throw new Error(
        `no salary button: ${buttonsOf(card.message)
          .map((b) => b.label)
          .join(', ')}`,
      );
    const followUp = await h.clickId(card, topic.customId, MODERATOR);
    expect(last(h).type).toBe(7);
    expect(followUp.sent[0]?.via).toBe('update');

    const share = await h.click(card, /share/i, MODERATOR);
    // Posting into the channel is a second request: the click is acknowledged first (in the HTTP response).
    expect([5, 6]).toContain(last(h).type);
    const posted = share.sent.find((s) => s.via === 'channel');
    expect(posted?.payload.content).toContain(`<@${MODERATOR.id}>`);
    expect(posted?.payload.allowed_mentions).toMatchObject({ parse: [], users: [MODERATOR.id] });
    expectMentionsOff(h);
  });

  it('answers the context menu (deferred, posted as a reply, then the private note by PATCH @original)', async () => {
    h = await DiscordHarness.start({ http: { gateway: false } });
    const outcome = await h.contextMenu('what does a lead ml architect earn?', MEMBER, MODERATOR);
    expect(last(h)).toMatchObject({ type: 5, data: { flags: 64 } });
    const reply = outcome.sent.find((s) => s.via === 'channel');
    expect(reply?.payload.message_reference?.message_id).toBe(outcome.targetId);
    expect(outcome.calls.some((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'))).toBe(true);
    expectMentionsOff(h);
  });

  it('shows the "what was wrong?" form after 👎 and takes its answer', async () => {
    h = await DiscordHarness.start({ http: { gateway: false } });
    const first = await h.command('role', { role: 'lead-ml-architect' }, MEMBER);
    const card = first.sent[0];
    if (!card) throw new Error('no answer');
    await h.click(card, /👎/, MEMBER);
    const form = last(h);
    expect(form.type).toBe(9);
    const customId = String(form.data?.custom_id);
    const input = ((form.data?.components as Json[] | undefined)?.[0]?.components as Json[] | undefined)?.[0];
    const d = h.fake.interaction('interaction-button', MEMBER, { channelId: card.channelId });
    Object.assign(d, {
      type: 5,
      data: {
        custom_id: customId,
        components: [{ type: 1, components: [{ type: 4, custom_id: input?.custom_id, value: 'the salary looks old' }] }],
      },
    });
    delete d.message;
    await h.interact(d);
    expect(last(h).type).toBe(4);
    expect(String(last(h).data?.content)).not.toBe('');
    expectMentionsOff(h);
  });

  it('defers with {"type":5,"data":{"flags":64}} when the answer is slow, then edits @original with it', async () => {
    // A store that takes 300 ms per read (a slow Redis): the answer comes well after the 50 ms deferral.
    const memory = new MemoryStore({ sweepIntervalMs: 0 });
    const slow = new Proxy(memory, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'get' || typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
    h = await DiscordHarness.start({ http: { gateway: false }, adapter: { deferAfterMs: 50 }, store: slow });
    const outcome = await h.command('role', { role: 'lead-ml-architect', topic: 'salary' }, MEMBER);
    expect(h.httpAnswers.at(-1)).toEqual({ status: 200, body: { type: 5, data: { flags: 64 } } });
    await expect
      .poll(() => h?.fake.calls.find((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original')), { timeout: 5_000 })
      .toBeDefined();
    const edit = h.fake.calls.find((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'));
    expect(textOf(edit?.body as Json)).toMatch(/salary/i);
    expect(outcome.calls.filter((c) => c.path.endsWith('/callback') && c.query.get('via') !== 'http')).toEqual([]);
  });
});
