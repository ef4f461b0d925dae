/**
 * The Discord adapter end to end: the real adapter and a real discord.js Client (one for this file) against the fake
 * Discord REST + gateway on 127.0.0.1. Every command, autocomplete, every button, the context menu, mentions, DMs,
 * limits and mention safety.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord.js';
import type { Advisor } from '../../src/core/advisor.ts';
import { TOPICS } from '../../src/core/topics.ts';
import { DISCORD_IDS, type SentMessage } from '../fakes/discord.ts';
import { payloadCannotPing, withinLimits } from '../fakes/discord-driver.ts';
import {
  BOT_USER,
  buttonsOf,
  DiscordHarness,
  MEMBER,
  MENTOR,
  MODERATOR,
  OTHER_BOT,
  textOf,
  type Outcome,
} from '../fakes/discord-harness.ts';

const ARCHITECTS = ['lead-ml-architect', 'ml-data-architect', 'ml-infrastructure-architect', 'ml-systems-architect', 'staff-ml-architect'];

let h: DiscordHarness;
/** Set by a test to make autocomplete return more, and longer, roles than Discord accepts. */
let overflowCompletions = false;

beforeAll(async () => {
  h = await DiscordHarness.start({
    advisor: (real: Advisor): Advisor => ({
      ...real,
      complete: (input, limit) =>
        overflowCompletions
          ? Array.from({ length: 40 }, (_, i) => ({
              slug: `role-${i}`,
              title: `An extraordinarily long role title number ${i} `.repeat(4),
              summary: '',
            }))
          : real.complete(input, limit),
    }),
  });
});

afterAll(async () => {
  await h?.stop();
});

/** The only message an outcome sent, checked to be safe and within limits. */
function only(outcome: Outcome): SentMessage {
  expect(outcome.sent).toHaveLength(1);
  const sent = outcome.sent[0] as SentMessage;
  expect(withinLimits(sent.payload)).toEqual([]);
  expect(payloadCannotPing(sent.payload)).toBe(true);
  return sent;
}

function callbackTypes(outcome: Outcome): number[] {
  return outcome.calls.filter((c) => c.path.endsWith('/callback')).map((c) => (c.body as { type: number }).type);
}

describe('login', () => {
  it('logs in through /gateway/bot with the fewest intents and reports ready', () => {
    expect(h.ready).toBe(true);
    const gateway = h.fake.calls.find((c) => c.path === '/gateway/bot');
    expect(gateway?.authorization).toBe('Bot fake-bot-token.secret');
    const intents = Number(h.fake.identifies[0]?.intents);
    expect(intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
    expect(intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(h.fake.identifies).toHaveLength(1);
  });
});

describe('slash commands', () => {
  it('/role answers privately with the role card, topic buttons, Share and feedback', async () => {
    const outcome = await h.command('role', { role: 'staff-ml-architect' }, MEMBER);
    expect(callbackTypes(outcome)).toEqual([4]);
    const sent = only(outcome);
    expect(sent.via).toBe('reply');
    expect(sent.payload.flags).toBe(64);
    const embed = sent.payload.embeds?.[0];
    expect(embed?.title).toBe('Staff Machine Learning Architect');
    expect(textOf(sent.payload)).toContain('$190,000 - $200,000');
    expect(sent.payload.embeds?.at(-1)?.footer?.text).toMatch(/Source: .*staff-ml-architect\.md.*2024/);
    const labels = buttonsOf(sent.message).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['Salary', 'Skills', 'Share in channel', '👍 Helpful', '👎 Not helpful', 'More']));
    expect(sent.payload.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('/role with a topic answers that topic, with salary figures as fields', async () => {
    const sent = only(await h.command('role', { role: 'lead-ml-architect', topic: 'salary' }, MEMBER));
    const embed = sent.payload.embeds?.[0];
    expect(embed?.title).toBe('Lead Machine Learning Architect — Salary');
    // The direct answer first, saying whose figures they are; the closest match's other figures as a field.
    expect(embed?.description).toMatch(
      /^\*\*Lead ML Architect\*\*: no pay figures for this title itself; the closest published match is \*\*Lead ML Engineer\*\* pay: average \$188,940 - \$233,000 per year/,
    );
    const closest = embed?.fields?.find((f) => f.name === 'More Lead ML Engineer figures (closest match, US)');
    expect(closest?.value).toContain('Top 1%: Over $554,000 per year');
  });

  it('/role accepts a typed name that autocomplete did not fill', async () => {
    const sent = only(await h.command('role', { role: 'stf ml architecht' }, MEMBER));
    expect(sent.payload.embeds?.[0]?.title).toBe('Staff Machine Learning Architect');
  });

  it('/ask keeps follow-up context per user and channel', async () => {
    const channel = '1180000000000000211';
    await h.command('ask', { question: 'how much does a staff ml architect make?' }, MEMBER, { channelId: channel });
    const follow = only(await h.command('ask', { question: 'what about a lead?' }, MEMBER, { channelId: channel }));
    expect(follow.payload.embeds?.[0]?.title).toBe('Lead Machine Learning Architect — Salary');
    expect(textOf(follow.payload)).toContain('$188,940 - $233,000 per year');
    // Another person in the same channel has no context of their own yet.
    const other = only(await h.command('ask', { question: 'what about a lead?' }, MODERATOR, { channelId: channel }));
    expect(other.payload.embeds?.[0]?.title).not.toBe('Lead Machine Learning Architect — Salary');
  });

  it('/compare compares two roles, on a topic or as a whole', async () => {
    const salary = only(
      await h.command('compare', { first: 'ml-infrastructure-architect', second: 'ml-data-architect', topic: 'salary' }, MEMBER),
    );
    expect(salary.payload.embeds?.[0]?.title).toBe('ML Infrastructure Architect vs Machine Learning Data Architect — Salary');
    const names = salary.payload.embeds?.flatMap((e) => e.fields ?? []).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['ML Infrastructure Architect', 'Machine Learning Data Architect']));
    expect(textOf(salary.payload)).toContain('$393,000');
    const whole = only(await h.command('compare', { first: 'ml-systems-architect', second: 'ml-infrastructure-architect' }, MEMBER));
    expect(whole.payload.embeds?.[0]?.title).toBe('ML Systems Architect vs ML Infrastructure Architect');
  });

  it('/roles lists every role, and /help says how to ask', async () => {
    const roles = only(await h.command('roles', {}, MEMBER));
    expect(roles.payload.embeds?.[0]?.title).toBe('Roles I know (21)');
    for (const role of h.advisor.roles()) expect(textOf(roles.payload)).toContain(role.title);
    const help = only(await h.command('help', {}, MEMBER));
    expect(help.payload.embeds?.[0]?.title).toBe('Career Advisor');
    expect(textOf(help.payload)).toContain('role <name> [topic]');
  });

  it('answers slash commands in a DM too, without a Share button', async () => {
    const sent = only(await h.command('role', { role: 'ml-systems-architect' }, MEMBER, { dm: true }));
    expect(sent.payload.embeds?.[0]?.title).toBe('ML Systems Architect');
    expect(buttonsOf(sent.message).some((b) => /share/i.test(b.label))).toBe(false);
  });
});

describe('autocomplete', () => {
  it('offers the five architect profiles first for an empty input', async () => {
    const choices = await h.autocomplete('role', 'role', '', MEMBER);
    expect(
      choices
        .slice(0, 5)
        .map((c) => c.value)
        .sort(),
    ).toEqual(ARCHITECTS);
    expect(choices.length).toBeLessThanOrEqual(25);
    const slugs = new Set(h.advisor.roles().map((r) => r.slug));
    for (const choice of choices) expect(slugs.has(choice.value)).toBe(true);
  });

  it('ranks exact, prefix and fuzzy matches, for every role option', async () => {
    expect((await h.autocomplete('role', 'role', 'lead', MEMBER))[0]?.value).toBe('lead-ml-architect');
    expect((await h.autocomplete('compare', 'second', 'staff-ml-architect', MEMBER))[0]).toEqual({
      name: 'Staff Machine Learning Architect',
      value: 'staff-ml-architect',
    });
    expect((await h.autocomplete('compare', 'first', 'ml infra archtect', MEMBER))[0]?.value).toBe('ml-infrastructure-architect');
  });

  it('never sends more than 25 choices or a name over 100 characters', async () => {
    overflowCompletions = true;
    try {
      const choices = await h.autocomplete('role', 'role', 'a', MEMBER);
      expect(choices).toHaveLength(25);
      for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
    } finally {
      overflowCompletions = false;
    }
  });
});

describe('buttons', () => {
  it('a topic button replaces the private answer in place', async () => {
    const card = only(await h.command('role', { role: 'ml-infrastructure-architect' }, MEMBER));
    const outcome = await h.click(card, /^Salary$/, MEMBER);
    expect(callbackTypes(outcome)).toEqual([7]);
    const updated = only(outcome);
    expect(updated.via).toBe('update');
    expect(updated.messageId).toBe(card.messageId);
    expect(textOf(updated.payload)).toContain('$180,000 - $200,000');
    expect(buttonsOf(updated.message).some((b) => b.label === 'Share in channel')).toBe(true);
  });

  it('a moderator (Manage Messages) shares into the channel, saying who shared it', async () => {
    const card = only(await h.command('role', { role: 'staff-ml-architect', topic: 'salary' }, MODERATOR));
    const outcome = await h.click(card, /share/i, MODERATOR);
    expect(callbackTypes(outcome)).toEqual([6]);
    const post = outcome.sent.find((s) => s.via === 'channel');
    expect(post?.channelId).toBe(DISCORD_IDS.general);
    expect(post?.payload.content).toBe(`📣 Shared by <@${MODERATOR.id}>`);
    expect(post?.payload.allowed_mentions).toEqual({ parse: [], users: [MODERATOR.id], replied_user: false });
    expect(textOf(post?.payload ?? {})).toContain('$190,000 - $200,000');
    expect(post?.payload.flags ?? 0).toBe(0);
    const edit = outcome.sent.find((s) => s.via === 'edit');
    expect(edit?.messageId).toBe(card.messageId);
    expect(edit?.payload.content).toContain(`You shared this answer in <#${DISCORD_IDS.general}>`);
    expect(buttonsOf(edit?.message ?? {}).find((b) => b.label === 'Shared')?.disabled).toBe(true);
    expect(h.logs.events('bot.share').at(-1)).toMatchObject({
      person: `discord:${MODERATOR.id}`,
      answer: 'role staff-ml-architect salary',
    });
    for (const s of outcome.sent) expect(payloadCannotPing(s.payload)).toBe(true);
  });

  it('a member with a moderator role (DISCORD_MODERATOR_ROLE_IDS) may share too', async () => {
    const card = only(await h.command('role', { role: 'ml-data-architect' }, MENTOR));
    const outcome = await h.click(card, /share/i, MENTOR);
    expect(outcome.sent.filter((s) => s.via === 'channel')).toHaveLength(1);
  });

  it('refuses a member under the moderators policy, privately, naming moderators', async () => {
    const card = only(await h.command('role', { role: 'staff-ml-architect', topic: 'salary' }, MEMBER));
    const outcome = await h.click(card, /share/i, MEMBER);
    const refusal = only(outcome);
    expect(refusal.via).toBe('reply');
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.payload.content).toMatch(/moderators/i);
    expect(outcome.calls.some((c) => c.path.startsWith('/channels/'))).toBe(false);
    expect(h.logs.events('bot.share_refused').at(-1)).toMatchObject({ person: `discord:${MEMBER.id}` });
  });

  it('checks the sharer on every click, not who got the answer', async () => {
    // A moderator's private answer cannot be shared by a member clicking the same button id.
    const card = only(await h.command('role', { role: 'ml-systems-architect' }, MODERATOR));
    const share = buttonsOf(card.message).find((b) => b.label === 'Share in channel');
    const outcome = await h.clickId(card, share?.customId ?? '', MEMBER);
    expect(outcome.sent.some((s) => s.via === 'channel')).toBe(false);
    expect(textOf(outcome.sent[0]?.payload ?? {})).toMatch(/moderators/i);
  });

  it('records feedback once per user and answer', async () => {
    const card = only(await h.command('role', { role: 'staff-ml-architect' }, MEMBER));
    const first = only(await h.click(card, /👍/, MEMBER));
    expect(first.ephemeral).toBe(true);
    expect(first.payload.content).toMatch(/thanks/i);
    const recorded = () => h.logs.events('bot.vote').filter((e) => e.result === 'recorded');
    expect(recorded().at(-1)).toMatchObject({
      event: 'bot.vote',
      vote: 'up',
      answer: 'role staff-ml-architect',
      person: `discord:${MEMBER.id}`,
    });
    const votes = recorded().length;
    const again = only(await h.click(card, /👎/, MEMBER));
    expect(again.payload.content).toMatch(/already/i);
    expect(recorded()).toHaveLength(votes);
  });

  it('long commands (a five-role comparison) still fit a custom id and work when clicked', async () => {
    const roles = 'ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect';
    const sent = only(await h.command('ask', { question: `compare ${roles} salary` }, MEMBER));
    const ids = buttonsOf(sent.message).map((b) => b.customId);
    expect(ids.some((id) => id.includes('~'))).toBe(true);
    const updated = only(await h.click(sent, /^Skills$/, MEMBER));
    expect(updated.payload.embeds?.[0]?.title).toMatch(/ML Systems Architect vs .* — Skills$/);
  });
});

describe('context menu "Answer with Career Advisor"', () => {
  it('answers the message publicly for a moderator, replying to it and mentioning only the asker', async () => {
    const outcome = await h.contextMenu('how much does a staff ml architect make? @everyone', MEMBER, MODERATOR);
    expect(callbackTypes(outcome)[0]).toBe(5);
    const post = outcome.sent.find((s) => s.via === 'channel');
    expect(post?.payload.message_reference?.message_id).toBe(outcome.targetId);
    expect(post?.payload.content).toBe(`💬 <@${MEMBER.id}>, a moderator asked me to answer your question.`);
    expect(post?.payload.allowed_mentions).toEqual({ parse: [], users: [MEMBER.id], replied_user: false });
    expect(textOf(post?.payload ?? {})).toContain('$190,000 - $200,000');
    const ack = outcome.sent.find((s) => s.via === 'edit');
    expect(ack?.ephemeral).toBe(true);
    expect(ack?.payload.content).toMatch(/answered that message/i);
  });

  it('refuses a member privately', async () => {
    const outcome = await h.contextMenu('what does a lead ml architect do?', MODERATOR, MEMBER);
    const refusal = only(outcome);
    expect(refusal.ephemeral).toBe(true);
    expect(refusal.payload.content).toMatch(/moderators/i);
    expect(outcome.calls.some((c) => c.path.startsWith('/channels/'))).toBe(false);
  });
});

describe('mentions and DMs', () => {
  it('answers a mention publicly, as a reply, without the mention in the question', async () => {
    const outcome = await h.mention('what skills does a lead ml architect need?', MEMBER);
    const reply = only(outcome);
    expect(reply.via).toBe('channel');
    expect(reply.channelId).toBe(DISCORD_IDS.general);
    expect(reply.ephemeral).toBe(false);
    expect(reply.payload.message_reference?.message_id).toBeDefined();
    expect(reply.payload.embeds?.[0]?.title).toBe('Lead Machine Learning Architect — Skills');
    expect(buttonsOf(reply.message).some((b) => /share/i.test(b.label))).toBe(false);
  });

  it('a topic button under a public answer answers the clicker privately, leaving the public one alone', async () => {
    const reply = only(await h.mention('staff ml architect', MEMBER));
    const outcome = await h.click(reply, /^Salary$/, MODERATOR);
    const answer = only(outcome);
    expect(answer.via).toBe('reply');
    expect(answer.ephemeral).toBe(true);
    expect(h.fake.messages.get(reply.messageId)?.edited_timestamp).toBeNull();
  });

  it('ignores channel messages that do not mention it, and messages from bots (itself included)', async () => {
    expect((await h.message(h.fake.userMessage(MEMBER, 'staff ml architect salary', { mention: false }))).sent).toEqual([]);
    const fromBot = await h.message(h.fake.userMessage(OTHER_BOT, `<@${DISCORD_IDS.bot}> staff ml architect salary`, { mention: true }));
    expect(fromBot.sent).toEqual([]);
    const fromSelf = await h.message(h.fake.userMessage(BOT_USER, `<@${DISCORD_IDS.bot}> staff ml architect salary`, { mention: true }));
    expect(fromSelf.sent).toEqual([]);
    expect(h.logs.events('discord.ignored').map((e) => e.reason)).toEqual(expect.arrayContaining(['not_mentioned', 'bot']));
  });

  it('answers a DM in the DM, with context for follow-ups', async () => {
    const first = only(await h.dm('ml data architect salary', MEMBER));
    expect(first.channelId).toBe(h.fake.dmChannelOf(MEMBER.id));
    expect(textOf(first.payload)).toContain('$393,000');
    const follow = only(await h.dm('what about a lead?', MEMBER));
    expect(follow.payload.embeds?.[0]?.title).toBe('Lead Machine Learning Architect — Salary');
    // A topic button in a DM updates that answer in place.
    const updated = only(await h.click(follow, /^Skills$/, MEMBER));
    expect(updated.via).toBe('update');
    expect(updated.messageId).toBe(follow.messageId);
  });
});

describe('safety and limits', () => {
  it('never lets @everyone, @here or a role mention in a question ping anyone', async () => {
    const texts = [
      '@everyone what does a lead ml architect do <!here>',
      '@here <@&1180000000000000300> staff ml architect salary',
      '@everyone',
    ];
    for (const question of texts) {
      only(await h.command('ask', { question }, MEMBER));
      only(await h.mention(question, MEMBER));
      only(await h.dm(question, MEMBER));
    }
    for (const sent of h.fake.sent) {
      expect(sent.payload.allowed_mentions?.parse).toEqual([]);
      expect(payloadCannotPing(sent.payload)).toBe(true);
      expect(JSON.stringify(sent.payload)).not.toMatch(/@everyone|@here/);
    }
  });

  it('keeps every role and topic, and the longest answers, within Discord limits', async () => {
    for (const role of h.advisor.roles()) {
      for (const topic of TOPICS) only(await h.command('role', { role: role.slug, topic }, MEMBER));
    }
    only(await h.command('roles', {}, MEMBER));
    only(
      await h.command(
        'ask',
        {
          question:
            'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect salary',
        },
        MEMBER,
      ),
    );
    for (const sent of h.fake.sent) expect(withinLimits(sent.payload)).toEqual([]);
  });

  it('answers every kind of interaction well within 3 s (deferring before posting into a channel)', async () => {
    const card = only(await h.command('role', { role: 'ml-systems-architect' }, MODERATOR));
    const outcomes = [
      await h.command('role', { role: 'staff-ml-architect', topic: 'salary' }, MEMBER),
      await h.command('ask', { question: 'how do I become an ml architect?' }, MEMBER),
      await h.command('compare', { first: 'lead-ml-architect', second: 'staff-ml-architect' }, MEMBER),
      await h.click(card, /^Skills$/, MODERATOR),
      await h.click(card, /share/i, MODERATOR),
      await h.contextMenu('staff ml architect skills', MEMBER, MODERATOR),
    ];
    for (const outcome of outcomes) {
      const first = outcome.calls.find((c) => c.path.endsWith('/callback'));
      expect(first).toBeDefined();
      expect((first?.at ?? Infinity) - outcome.dispatchedAt).toBeLessThan(1_000);
      // The first request made is the interaction response: nothing (such as a channel post) comes before it.
      expect(outcome.calls[0]).toBe(first);
    }
  });

  it('logged no handler error in all of the above', () => {
    expect(h.logs.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});
