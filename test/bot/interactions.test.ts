/**
 * The bot layer on its own, with the real advisor and knowledge, a memory store and a fake clock: de-duplication,
 * rate limits, share policy, one vote per person and answer, the comment form, follow-up context kept in the store,
 * gap recording and the moderators' lists, and degrading when the store fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createBot,
  type Actor,
  type AnswerReply,
  type NoticeReply,
  type Outcome,
  type PlatformBot,
  type ReportReply,
} from '../../src/bot/interactions.ts';
import { conversationId, personKey } from '../../src/bot/keys.ts';
import { Policy } from '../../src/bot/policy.ts';
import type { Advisor } from '../../src/core/advisor.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';
import { realAdvisor, recordingLogger } from '../helpers.ts';

let advisor: Advisor;
beforeAll(async () => {
  advisor = await realAdvisor();
});

const member: Actor = { platform: 'slack', tenant: 'T1', channel: 'C1', user: 'U1' };
const other: Actor = { ...member, user: 'U2' };
const yes = async () => true;
const no = async () => false;

function setup(
  options: { store?: Store; ratePerMinute?: number; sharePolicy?: 'moderators' | 'everyone'; maxControlLength?: number } = {},
) {
  const clock = { now: 1_764_600_000_000 };
  const store = options.store ?? new MemoryStore({ now: () => clock.now, sweepIntervalMs: 0 });
  const logger = recordingLogger();
  const bot = createBot({
    advisor,
    store,
    logger,
    sharePolicy: options.sharePolicy ?? 'moderators',
    ratePerMinute: options.ratePerMinute ?? 1000,
    contextTtlMs: 30 * 60_000,
    now: () => clock.now,
  });
  const slack = bot.for('slack', { maxControlLength: options.maxControlLength ?? 2000 });
  return { bot, slack, store, logger, clock };
}

function answerOf(outcome: Outcome, index = 0): AnswerReply {
  const reply = outcome.replies[index];
  if (reply?.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(reply)}`);
  return reply;
}

function noticeOf(outcome: Outcome): NoticeReply {
  const reply = outcome.replies.find((r) => r.kind === 'notice');
  if (reply?.kind !== 'notice') throw new Error(`expected a notice, got ${JSON.stringify(outcome.replies)}`);
  return reply;
}

const ask = (bot: PlatformBot, text: string, actor = member, via: 'command' | 'mention' | 'dm' = 'command') =>
  bot.handle({ kind: 'ask', actor, text, via });
const click = (bot: PlatformBot, control: string | undefined, actor = member, isModerator = no) =>
  bot.handle({ kind: 'control', actor, control, onPrivate: true, isModerator });

describe('keys', () => {
  it('are platform-prefixed and readable', () => {
    expect(conversationId(member)).toBe('slack:T1:C1:U1');
    expect(conversationId({ ...member, channel: 'D1', dm: true })).toBe('slack:T1:dm:U1');
    expect(conversationId({ platform: 'discord', tenant: 'G1', channel: 'C2', user: 'U3' })).toBe('discord:G1:C2:U3');
    expect(conversationId({ platform: 'discord', channel: 'D9', user: 'U3', dm: true })).toBe('discord:dm:U3');
    expect(conversationId({ platform: 'console', channel: 'terminal', user: '42' })).toBe('console:42');
    expect(personKey(member)).toBe('slack:T1:U1');
    expect(personKey({ platform: 'discord', tenant: 'G1', channel: 'C2', user: 'U3' })).toBe('discord:U3');
  });
});

describe('asking', () => {
  it('answers a command privately with encoded controls, Share offered in a channel but not in a DM', async () => {
    const { slack } = setup();
    const reply = answerOf(await ask(slack, 'role staff-ml-architect'));
    expect(reply).toMatchObject({ placement: 'private', share: 'offer' });
    expect(reply.controls.followUps.map((f) => f.followUp.label)).toEqual(expect.arrayContaining(['Salary', 'Skills']));
    expect(reply.controls.share).toBe('ca:s:role staff-ml-architect');
    expect(reply.controls.up).toBe('ca:u:role staff-ml-architect');
    expect(answerOf(await ask(slack, 'role staff-ml-architect', { ...member, channel: 'D1', dm: true })).share).toBe('none');
    expect(answerOf(await ask(slack, 'role staff-ml-architect', member, 'mention'))).toMatchObject({ placement: 'reply', share: 'none' });
  });

  it('keeps follow-up context in the store, saved before the reply, per conversation', async () => {
    const { slack, store } = setup();
    await ask(slack, 'how much does a staff ml architect make?');
    // The context also carries the roles the answer offered and the last roles discussed (see the resolver).
    expect(await store.get('ctx:slack:T1:C1:U1')).toMatchObject({ roles: ['staff-ml-architect'], topic: 'salary' });
    const follow = answerOf(await ask(slack, 'what about a lead?'));
    expect(follow.answer.roles).toEqual(['lead-ml-architect']);
    expect(follow.answer.topic).toBe('salary');
    // Another person in the same channel has no such context.
    expect(answerOf(await ask(slack, 'what about a lead?', other)).answer.topic).not.toBe('salary');
  });

  it('drops a repeated delivery by event id or by channel:ts, whichever repeats, for at least ten minutes', async () => {
    const { slack, clock } = setup();
    const mention = (eventId: string, ts: string) =>
      slack.handle({
        kind: 'ask',
        actor: member,
        text: 'staff ml architect skills',
        via: 'mention',
        delivery: { eventId, message: { channel: 'C1', ts } },
      });
    expect((await mention('Ev1', '1.1')).replies).toHaveLength(1);
    expect(await mention('Ev1', '1.1')).toEqual({ replies: [], duplicate: true });
    // The same message as another event (message + app_mention): same channel:ts.
    expect((await mention('Ev2', '1.1')).duplicate).toBe(true);
    clock.now += 11 * 60_000;
    expect((await mention('Ev1', '1.1')).duplicate).toBe(true);
    expect((await mention('Ev3', '2.2')).replies).toHaveLength(1);
  });

  it('refuses over the rate limit before any answer is built, per person', async () => {
    const { slack, logger } = setup({ ratePerMinute: 2 });
    await ask(slack, 'role staff-ml-architect');
    await ask(slack, 'role lead-ml-architect');
    const answers = logger.records.filter((r) => r.obj.event === 'bot.answer').length;
    const refused = noticeOf(await ask(slack, 'role ml-data-architect'));
    expect(refused.refused).toBe('rate-limited');
    expect(refused.text).toMatch(/2 questions a minute.*try again in \d+ seconds?/);
    expect(logger.records.filter((r) => r.obj.event === 'bot.answer')).toHaveLength(answers);
    expect(answerOf(await ask(slack, 'role ml-data-architect', other)).answer.roles).toEqual(['ml-data-architect']);
  });
});

describe('"More"', () => {
  it('offers the next part of an answer as a control, and a click on it gives that part, until the last', async () => {
    const { slack } = setup({ maxControlLength: 100 });
    const first = answerOf(await ask(slack, 'role staff-ml-architect salary'));
    expect(first.offset).toBeUndefined();
    expect(first.controls.more).toBe('ca:m.1:role staff-ml-architect salary');
    const second = answerOf(await click(slack, first.controls.more));
    expect(second).toMatchObject({ placement: 'private', offset: 1 });
    expect(second.answer.replay).toBe('role staff-ml-architect salary');
    expect(second.controls.more).toBeUndefined();
    // An answer with nothing behind "More" offers no control.
    expect(answerOf(await ask(slack, 'help')).controls.more).toBeUndefined();
  });
});

describe('gaps', () => {
  it('records unknown and low-confidence questions, not a follow-up answered from context', async () => {
    const { slack, clock } = setup();
    await ask(slack, 'how much do plumbers make?');
    clock.now += 1_000;
    await ask(slack, 'How much do PLUMBERS make');
    await ask(slack, 'how much does a staff ml architect make?');
    await ask(slack, 'what about a lead?');
    clock.now += 1_000;
    await ask(slack, 'tips for marathon training', other);
    const gaps = await slack.gaps();
    expect(gaps.map((g) => [g.count, g.text])).toEqual([
      [2, 'How much do PLUMBERS make'],
      [1, 'tips for marathon training'],
    ]);
    expect(gaps[0]).toMatchObject({ intent: 'unknown', platform: 'slack', lastSeen: clock.now - 1_000 });
    expect(Policy.isGap({ ...answerOf(await ask(slack, 'role staff-ml-architect')).answer, confidence: 0.2 }, null)).toBe(true);
  });

  it('lists them for moderators only, one per line with the count as a number', async () => {
    const { slack } = setup();
    await ask(slack, 'how much do plumbers make?');
    await ask(slack, 'how much do plumbers make?');
    expect(noticeOf(await slack.handle({ kind: 'gaps', actor: member, isModerator: no })).refused).toBe('not-moderator');
    const report = (await slack.handle({ kind: 'gaps', actor: member, isModerator: yes })).replies[0] as ReportReply;
    expect(report.kind).toBe('report');
    expect(report.lines).toHaveLength(1);
    expect(report.lines[0]).toMatch(/^\*\*2×\*\* “how much do plumbers make\?” · last \d{4}-\d\d-\d\d \d\d:\d\d UTC · I answered: /);
    const empty = (await setup().slack.handle({ kind: 'gaps', actor: member, isModerator: yes })).replies[0] as ReportReply;
    expect(empty.intro).toMatch(/no unanswered questions/i);
  });
});

describe('votes, comments and the feedback list', () => {
  it('counts one vote per person and answer, whichever button, however often it was rendered', async () => {
    const { slack } = setup();
    const card = answerOf(await ask(slack, 'role staff-ml-architect'));
    expect(noticeOf(await click(slack, card.controls.up)).text).toMatch(/thanks/i);
    expect(noticeOf(await click(slack, card.controls.up)).text).toMatch(/already/i);
    expect(noticeOf(await click(slack, card.controls.down)).text).toMatch(/already/i);
    const again = answerOf(await ask(slack, 'role staff-ml-architect'));
    expect(noticeOf(await click(slack, again.controls.down)).text).toMatch(/already/i);
    // 👎 from another person asks what was wrong, then thanks.
    const down = await click(slack, card.controls.down, other);
    expect(down.replies.map((r) => r.kind)).toEqual(['comment-form', 'notice']);
    expect(await slack.feedback()).toEqual([{ command: 'role staff-ml-architect', down: 1, up: 1, comments: [] }]);
  });

  it('keeps one comment per 👎, refuses comments without one, and lists them newest first', async () => {
    const { slack, clock } = setup();
    const card = answerOf(await ask(slack, 'role lead-ml-architect salary'));
    const form = (await click(slack, card.controls.down)).replies[0];
    if (form?.kind !== 'comment-form') throw new Error('no form');
    expect(noticeOf(await slack.handle({ kind: 'comment', actor: other, control: form.control, text: 'sneaky' })).text).toMatch(/give 👎/);
    expect(noticeOf(await slack.handle({ kind: 'comment', actor: member, control: form.control, text: '   ' })).text).toMatch(/empty/);
    expect(noticeOf(await slack.handle({ kind: 'comment', actor: member, control: 'ca:r:role x', text: 'x' })).refused).toBe(
      'stale-control',
    );
    clock.now += 60_000;
    expect(
      noticeOf(await slack.handle({ kind: 'comment', actor: member, control: form.control, text: 'The range\nlooks <old> **now**' })).text,
    ).toMatch(/with the moderators/);
    expect(noticeOf(await slack.handle({ kind: 'comment', actor: member, control: form.control, text: 'again' })).text).toMatch(/already/);
    const up = answerOf(await ask(slack, 'role staff-ml-architect', other));
    await click(slack, up.controls.up, other);
    const records = await slack.feedback();
    expect(records.map((r) => [r.command, r.down, r.up])).toEqual([
      ['role lead-ml-architect salary', 1, 0],
      ['role staff-ml-architect', 0, 1],
    ]);
    expect(records[0]?.comments).toEqual([{ text: 'The range looks <old> **now**', person: 'slack:T1:U1', at: clock.now }]);
    const report = (await slack.handle({ kind: 'feedback', actor: member, isModerator: yes })).replies[0] as ReportReply;
    expect(report.lines[0]).toMatch(/^👎 \*\*1\*\* · 👍 \*\*0\*\* · `role lead-ml-architect salary`\n {2}“The range looks old now” \(/);
  });
});

describe('share and answer-a-message', () => {
  it('shares for a moderator: a public post saying who, then the private answer marked done', async () => {
    const { slack } = setup();
    const card = answerOf(await ask(slack, 'role staff-ml-architect salary'));
    const refused = await click(slack, card.controls.share, member, no);
    expect(noticeOf(refused)).toMatchObject({ refused: 'not-moderator' });
    const shared = await click(slack, card.controls.share, member, yes);
    expect(shared.replies.map((r) => [r.kind, (r as AnswerReply).placement, (r as AnswerReply).note?.kind])).toEqual([
      ['answer', 'channel', 'shared-by'],
      ['answer', 'replace', 'shared-in'],
    ]);
    expect(answerOf(shared, 1).share).toBe('done');
    // In a DM there is no channel to share into.
    expect(noticeOf(await click(slack, card.controls.share, { ...member, dm: true }, yes)).refused).toBe('outside-channel');
  });

  it('under SHARE_POLICY=everyone never asks who is a moderator', async () => {
    const { slack } = setup({ sharePolicy: 'everyone' });
    const card = answerOf(await ask(slack, 'role staff-ml-architect'));
    let asked = 0;
    const shared = await click(slack, card.controls.share, member, async () => ((asked += 1), false));
    expect(shared.replies).toHaveLength(2);
    expect(asked).toBe(0);
  });

  it('answers a member message for a moderator, in the member’s conversation', async () => {
    const { slack, store } = setup();
    const refused = await slack.handle({
      kind: 'answer-message',
      actor: member,
      author: 'U9',
      text: 'staff ml architect salary',
      isModerator: no,
    });
    expect(noticeOf(refused).refused).toBe('not-moderator');
    const outcome = await slack.handle({
      kind: 'answer-message',
      actor: member,
      author: 'U9',
      text: 'staff ml architect salary',
      isModerator: yes,
    });
    expect(answerOf(outcome)).toMatchObject({ placement: 'reply', note: { kind: 'answered-for', user: 'U9' } });
    expect(await store.get('ctx:slack:T1:C1:U9')).toMatchObject({ roles: ['staff-ml-architect'] });
    expect(
      noticeOf(await slack.handle({ kind: 'answer-message', actor: member, author: undefined, text: 'x', isModerator: yes })).refused,
    ).toBe('no-question');
  });

  it('turns a forged or stale control into a polite refusal', async () => {
    const { slack } = setup();
    for (const forged of [undefined, 'nonsense', '<!channel>', 'ca:c:role x', 'ca:r~AAAAAAAAAAAAAAAA']) {
      expect(noticeOf(await click(slack, forged)).refused).toBe('stale-control');
    }
  });
});

describe('when the store fails', () => {
  /** A store whose every call rejects (Redis gone), or never answers. */
  function broken(mode: 'reject' | 'hang'): Store {
    const real = new MemoryStore({ sweepIntervalMs: 0 });
    return new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || prop === 'rateLimiter') return value;
        return () => (mode === 'reject' ? Promise.reject(new Error('redis: connection refused')) : new Promise(() => undefined));
      },
    });
  }

  for (const mode of ['reject', 'hang'] as const) {
    it(`still answers (${mode}), says so for votes and lists, and logs it`, async () => {
      const logger = recordingLogger();
      const bot = createBot({
        advisor,
        store: broken(mode),
        logger,
        sharePolicy: 'moderators',
        ratePerMinute: 1000,
        contextTtlMs: 60_000,
        storeTimeoutMs: 50,
      }).for('discord', { maxControlLength: 100 });
      const actor: Actor = { platform: 'discord', tenant: 'G1', channel: 'C1', user: 'U1' };
      const reply = answerOf(
        await bot.handle({
          kind: 'ask',
          actor,
          text: 'how much does a staff ml architect make?',
          via: 'mention',
          delivery: { message: { channel: 'C1', ts: '1' } },
        }),
      );
      expect(reply.answer.roles).toEqual(['staff-ml-architect']);
      expect(
        noticeOf(await bot.handle({ kind: 'control', actor, control: reply.controls.up, onPrivate: false, isModerator: no })).refused,
      ).toBe('store-unavailable');
      expect(noticeOf(await bot.handle({ kind: 'gaps', actor, isModerator: yes })).refused).toBe('store-unavailable');
      expect(logger.records.some((r) => r.obj.event === 'bot.store_failed')).toBe(true);
    });
  }
});
