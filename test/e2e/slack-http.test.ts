/**
 * The Slack adapter end to end over HTTP: the real Bolt App and HTTPReceiver on 127.0.0.1, signed requests built from
 * recorded-shape payloads, a fake Web API and a fake response_url recording every call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineControl, parseInlineControl } from '../../src/bot/controls.ts';
import type { WebApiCall } from '../fakes/slack-api.ts';
import { blockKitProblems, buttonsOf, pingProblems, visibleText } from '../fakes/slack-blockkit.ts';
import { SlackHarness, BOT_TOKEN, type Outcome } from '../fakes/slack-harness.ts';

type Json = Record<string, unknown>;

const MEMBER = 'U0MEMBER1';
const OTHER = 'U0MEMBER2';
const MODERATOR = 'U0MODERAT1';
const ADMIN = 'U0ADMIN01';
const OWNER = 'U0OWNER01';

/** The one private reply a command or click produced through response_url. */
function only(outcome: Outcome): Json {
  expect(outcome.status).toBe(200);
  expect(outcome.responses).toHaveLength(1);
  return (outcome.responses[0] as { body: Json }).body;
}

function button(message: Json, label: RegExp) {
  const found = buttonsOf(message).find((b) => label.test(b.label));
  if (!found)
    throw new Error(
      `no button ${label} in ${buttonsOf(message)
        .map((b) => b.label)
        .join(', ')}`,
    );
  return found;
}

function textOfCall(call: WebApiCall | undefined): string {
  if (!call) throw new Error('expected a Web API call');
  return visibleText(call.args);
}

const h = new SlackHarness();

beforeAll(async () => {
  await h.start();
  h.api.users.set(ADMIN, { is_admin: true });
  h.api.users.set(OWNER, { is_owner: true });
});
afterAll(() => h.stop());

describe('slash commands', () => {
  it('/role with no text lists every role with its summary, and a way to open each', async () => {
    const reply = only(await h.slash('/role', ''));
    expect(reply.response_type).toBe('ephemeral');
    const text = visibleText(reply);
    for (const role of h.advisor.roles()) {
      expect(text).toContain(role.title);
      expect(text).toContain(role.summary.slice(0, 40));
    }
    const menu = (reply.blocks as Json[])
      .flatMap((b) => (b.type === 'actions' ? (b.elements as Json[]) : []))
      .find((e) => e.type === 'static_select');
    expect((menu?.options as Json[]).map((o) => o.value)).toEqual(h.advisor.roles().map((r) => `ca:r:role ${r.slug}`));
    expect(buttonsOf(reply).map((b) => b.label)).toEqual(
      expect.arrayContaining(['Lead Machine Learning Architect', '📣 Share in channel', '👍 Helpful', '👎 Not helpful']),
    );
  });

  it('/role <slug>, <title>, <alias> and a typo all give the role card with topic buttons', async () => {
    for (const args of ['staff-ml-architect', 'Staff Machine Learning Architect', 'staff ml architect', 'stf ml architecht']) {
      const reply = only(await h.slash('/role', args));
      const blocks = reply.blocks as Json[];
      expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Staff Machine Learning Architect', emoji: true } });
      expect(visibleText(reply)).toContain('$190,000 - $200,000');
      expect(buttonsOf(reply).map((b) => b.label)).toEqual(expect.arrayContaining(['Salary', 'Skills']));
      expect(typeof reply.text).toBe('string');
    }
  });

  it('/role <role> <topic> gives that topic, the pay table as fields with every figure', async () => {
    const reply = only(await h.slash('/role', 'lead-ml-architect salary'));
    expect(visibleText(reply)).toContain('$188,940 - $233,000 per year');
    const fields = (reply.blocks as Json[]).filter((b) => Array.isArray(b.fields));
    expect(fields.length).toBeGreaterThan(0);
    expect(JSON.stringify(fields)).toContain('Lead ML Engineer');
    // Markdown bold became Slack bold, and the source sits in a context block.
    expect(JSON.stringify(reply.blocks)).not.toContain('**');
    expect((reply.blocks as Json[]).some((b) => b.type === 'context' && JSON.stringify(b).includes('knowledge/lead-ml-architect.md'))).toBe(
      true,
    );
  });

  it('/role compare <a> <b> [topic] compares', async () => {
    const reply = only(await h.slash('/role', 'compare staff-ml-architect ml-systems-architect salary'));
    const text = visibleText(reply);
    expect(text).toContain('Staff Machine Learning Architect vs ML Systems Architect');
    expect(text).toContain('$190,000 - $200,000');
    expect(text).toContain('$180,000 - $190,000');
    const overview = visibleText(only(await h.slash('/role', 'compare staff-ml-architect lead-ml-architect')));
    expect(overview).toContain('Staff Machine Learning Architect vs Lead Machine Learning Architect');
  });

  it('/role help and /career with no question give the help', async () => {
    expect(visibleText(only(await h.slash('/role', 'help')))).toContain('Commands:');
    expect(visibleText(only(await h.slash('/career', '  ')))).toContain('Commands:');
  });

  it('/career keeps follow-up context per user and channel', async () => {
    only(await h.slash('/career', 'how much does a staff ml architect make?', { user: MEMBER, channel: 'C0CONTEXT1' }));
    const follow = visibleText(only(await h.slash('/career', 'what about a lead?', { user: MEMBER, channel: 'C0CONTEXT1' })));
    expect(follow).toContain('Lead Machine Learning Architect');
    expect(follow).toContain('$188,940 - $233,000 per year');
    // Another channel, or another user in the same channel, has no such context.
    const elsewhere = visibleText(only(await h.slash('/career', 'what about a lead?', { user: MEMBER, channel: 'C0CONTEXT2' })));
    expect(elsewhere).not.toContain('$188,940 - $233,000 per year');
    const otherUser = visibleText(only(await h.slash('/career', 'what about a lead?', { user: OTHER, channel: 'C0CONTEXT1' })));
    expect(otherUser).not.toContain('$188,940 - $233,000 per year');
  });

  it('answers privately: nothing is posted to the channel', async () => {
    const outcome = await h.slash('/role', 'ml-data-architect');
    expect(outcome.posts).toHaveLength(0);
    expect(only(outcome).response_type).toBe('ephemeral');
  });
});

describe('mentions and direct messages', () => {
  it('answers a mention publicly in the thread of the message', async () => {
    const outcome = await h.mention('what skills does a lead ml architect need?', { ts: '1700002000.000100' });
    expect(outcome.posts).toHaveLength(1);
    const post = outcome.posts[0] as WebApiCall;
    expect(post.args.channel).toBe('C0GENERAL');
    expect(post.args.thread_ts).toBe('1700002000.000100');
    expect(post.token).toBe(BOT_TOKEN);
    expect(textOfCall(post)).toContain('Lead Machine Learning Architect');
    expect(buttonsOf(post.args).some((b) => /share/i.test(b.label))).toBe(false);
  });

  it('replies inside an existing thread when mentioned in one', async () => {
    const outcome = await h.mention('staff ml architect salary', { ts: '1700002100.000100', thread_ts: '1700002000.000100' });
    expect(outcome.posts[0]?.args.thread_ts).toBe('1700002000.000100');
  });

  it('answers a DM in the DM, with follow-up context', async () => {
    const first = await h.dm('how much does a staff ml architect make?', { user: OTHER });
    expect(first.posts[0]?.args.channel).toBe('D0MEMBER2');
    expect(textOfCall(first.posts[0])).toContain('$190,000 - $200,000');
    const follow = await h.dm('what about a lead?', { user: OTHER });
    expect(textOfCall(follow.posts[0])).toContain('$188,940 - $233,000 per year');
  });

  it('ignores bots, its own messages, edits, joins and other subtypes', async () => {
    const ignored = [
      await h.event('message-im-changed'),
      await h.event('message-im-bot'),
      await h.event('message-im-join'),
      await h.event('message-im', { user: h.api.botUserId, bot_id: h.api.botId }),
      await h.event('message-im', { subtype: 'file_share' }),
      await h.event('message-im', { channel_type: 'channel', channel: 'C0GENERAL' }),
      await h.event('app-mention', { bot_id: 'BOTHER001' }),
      await h.event('app-mention', { edited: { user: MEMBER, ts: '1700000101.000000' } }),
    ];
    for (const outcome of ignored) {
      expect(outcome.status).toBe(200);
      expect(outcome.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    }
  });

  it('answers a url_verification challenge', async () => {
    const result = await h.sender.postEvent({ type: 'url_verification', token: 'x', challenge: 'challenge-123' });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ challenge: 'challenge-123' });
  });
});

describe('buttons', () => {
  it('a topic button on a private answer replaces it, even when the click carries no message', async () => {
    const card = only(await h.slash('/role', 'ml-infrastructure-architect'));
    const salary = button(card, /^Salary$/);
    const click = await h.click({ actionId: salary.actionId, value: salary.value as string, blockId: salary.blockId }, { ephemeral: true });
    const reply = only(click);
    expect(reply.replace_original).toBe(true);
    expect(visibleText(reply)).toContain('$180,000 - $200,000');
    expect(click.posts).toHaveLength(0);
  });

  it('a topic button on a public answer answers the clicker privately and leaves the public message alone', async () => {
    const post = (await h.mention('lead ml architect skills')).posts[0] as WebApiCall;
    const salary = button(post.args, /^Salary$/);
    const reply = only(
      await h.click(
        { actionId: salary.actionId, value: salary.value as string },
        { ephemeral: false, message: { ...post.args, ts: '1700003000.000100' }, user: OTHER },
      ),
    );
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.replace_original).toBe(false);
    expect(visibleText(reply)).toContain('$188,940 - $233,000 per year');
  });

  it('the role menu opens the chosen role', async () => {
    const reply = only(
      await h.click({ actionId: 'open_role', selectedValue: inlineControl({ action: 'run', command: 'role nlp-research-scientist' }) }),
    );
    expect(visibleText(reply)).toContain('NLP Research Scientist');
    const forged = only(await h.click({ actionId: 'open_role', selectedValue: '<!channel> role x' }));
    expect(visibleText(forged)).toMatch(/out of date/);
  });

  it('"More" continues an answer from where the last part stopped', async () => {
    // The short answer ends at its "More" marker; the button asks for the rest, the whole section.
    const first = only(await h.slash('/role', 'ml-infrastructure-architect best-practices'));
    expect(visibleText(first)).not.toContain('Cost optimization');
    const more = buttonsOf(first).find((b) => b.actionId === 'more');
    const reply = only(await h.click({ actionId: 'more', value: more?.value ?? '' }));
    expect(reply.replace_original).toBe(false);
    expect(visibleText(reply)).toContain('ML Infrastructure Architect — Best practices (continued)');
    expect(visibleText(reply)).toContain('Cost optimization');
    // Any offset works without the message: from the third block on.
    const later = only(
      await h.click({
        actionId: 'more',
        value: inlineControl({ action: 'more', command: 'role ml-infrastructure-architect best-practices', offset: 4 }),
      }),
    );
    expect(visibleText(later)).toContain('(continued)');
  });

  it('a malformed button value gets a polite private answer', async () => {
    const reply = only(await h.click({ actionId: 'followup:0', value: 'not json' }));
    expect(visibleText(reply)).toMatch(/out of date/);
  });

  it('👍 / 👎 count once per person and answer, and log a structured event', async () => {
    const card = only(await h.slash('/role', 'staff-ml-architect'));
    const up = button(card, /👍/);
    const down = button(card, /👎/);
    const recorded = () => h.logger.events('bot.vote').filter((e) => e.result === 'recorded');
    const before = recorded().length;
    expect(visibleText(only(await h.click({ actionId: up.actionId, value: up.value as string })))).toMatch(/thanks/i);
    expect(recorded().slice(before)).toEqual([
      {
        event: 'bot.vote',
        platform: 'slack',
        vote: 'up',
        answer: 'role staff-ml-architect',
        person: `slack:T0000TEST:${MEMBER}`,
        result: 'recorded',
      },
    ]);
    expect(visibleText(only(await h.click({ actionId: up.actionId, value: up.value as string })))).toMatch(/already/i);
    expect(visibleText(only(await h.click({ actionId: down.actionId, value: down.value as string })))).toMatch(/already/i);
    // The same answer asked again is the same answer: still one vote from this person.
    const again = button(only(await h.slash('/role', 'staff-ml-architect')), /👍/);
    expect(visibleText(only(await h.click({ actionId: again.actionId, value: again.value as string })))).toMatch(/already/i);
    expect(recorded().length).toBe(before + 1);
    // Another person may vote on it, and 👎 opens the "what was wrong?" form.
    const opened = h.api.callsTo('views.open').length;
    expect(visibleText(only(await h.click({ actionId: down.actionId, value: down.value as string }, { user: OTHER })))).toMatch(/thanks/i);
    expect(recorded().at(-1)).toMatchObject({ vote: 'down', person: `slack:T0000TEST:${OTHER}` });
    expect(h.api.callsTo('views.open').length).toBe(opened + 1);
  });
});

describe('sharing into the channel', () => {
  async function shareAs(user: string, channel = 'C0SHARE01') {
    const card = only(await h.slash('/role', 'staff-ml-architect salary', { user, channel }));
    const share = button(card, /share/i);
    return h.click({ actionId: share.actionId, value: share.value as string }, { user, channel, ephemeral: true });
  }

  it('a configured moderator shares: a public post saying who shared it, and the private answer says so', async () => {
    const outcome = await shareAs(MODERATOR);
    expect(outcome.posts).toHaveLength(1);
    const post = outcome.posts[0] as WebApiCall;
    expect(post.args.channel).toBe('C0SHARE01');
    const text = textOfCall(post);
    expect(text).toContain('$190,000 - $200,000');
    expect(text).toContain(`Shared by <@${MODERATOR}>`);
    expect(String(post.args.text)).toContain(`<@${MODERATOR}>`);
    expect(buttonsOf(post.args).some((b) => /share/i.test(b.label))).toBe(false);
    const updated = only(outcome);
    expect(updated.replace_original).toBe(true);
    expect(visibleText(updated)).toMatch(/You shared this answer in <#C0SHARE01>/);
    expect(h.logger.events('bot.share').at(-1)).toMatchObject({ person: `slack:T0000TEST:${MODERATOR}`, channel: 'C0SHARE01' });
  });

  it('workspace admins and owners are moderators (users.info, cached)', async () => {
    // Another test may have looked ADMIN up already: at most one lookup for the first share, none for the second.
    const lookups = () => h.api.callsTo('users.info').filter((c) => c.args.user === ADMIN).length;
    const before = lookups();
    expect((await shareAs(ADMIN)).posts).toHaveLength(1);
    const afterFirst = lookups();
    expect(afterFirst - before).toBeLessThanOrEqual(1);
    expect((await shareAs(ADMIN)).posts).toHaveLength(1);
    expect(lookups()).toBe(afterFirst);
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    expect((await shareAs(OWNER)).posts).toHaveLength(1);
  });

  it('a member is refused privately, with a word about moderators, and nothing is posted', async () => {
    const outcome = await shareAs(MEMBER);
    expect(outcome.posts).toHaveLength(0);
    const reply = only(outcome);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toMatch(/moderators/i);
    expect(h.logger.events('bot.share_refused').at(-1)).toMatchObject({ person: `slack:T0000TEST:${MEMBER}` });
  });

  it('under SHARE_POLICY=everyone anyone may share', async () => {
    const open = new SlackHarness({ sharePolicy: 'everyone' });
    await open.start();
    try {
      const card = only(await open.slash('/role', 'staff-ml-architect', { user: MEMBER }));
      const share = button(card, /share/i);
      const outcome = await open.click({ actionId: share.actionId, value: share.value as string }, { user: MEMBER });
      expect(outcome.posts).toHaveLength(1);
      expect(textOfCall(outcome.posts[0])).toContain(`Shared by <@${MEMBER}>`);
      expect(open.api.callsTo('users.info')).toHaveLength(0);
    } finally {
      await open.stop();
    }
  });
});

describe('the "Answer with Career Advisor" message shortcut', () => {
  it('lets a moderator answer a member message publicly in its thread, mentioning the asker', async () => {
    const outcome = await h.shortcut({ user: MODERATOR });
    expect(outcome.posts).toHaveLength(1);
    const post = outcome.posts[0] as WebApiCall;
    expect(post.args.thread_ts).toBe('1700000550.000950');
    const text = textOfCall(post);
    expect(text).toContain(`<@${MEMBER}>`);
    expect(text).toContain('$190,000 - $200,000');
    expect(pingProblems(post.args, new Set([MEMBER]))).toEqual([]);
    expect(visibleText(only(outcome))).toMatch(/answered that message/i);
  });

  it('answers in the existing thread when the message is a reply', async () => {
    const outcome = await h.shortcut({ user: ADMIN }, { ts: '1700000560.000000', thread_ts: '1700000500.000000' });
    expect(outcome.posts[0]?.args.thread_ts).toBe('1700000500.000000');
  });

  it('refuses a non-moderator privately and posts nothing', async () => {
    const outcome = await h.shortcut({ user: MEMBER });
    expect(outcome.posts).toHaveLength(0);
    const reply = only(outcome);
    expect(reply.response_type).toBe('ephemeral');
    expect(visibleText(reply)).toMatch(/moderators/i);
  });

  it('does not answer a bot message', async () => {
    const outcome = await h.shortcut({ user: MODERATOR }, { bot_id: 'BOTHER001', user: undefined, subtype: 'bot_message' });
    expect(outcome.posts).toHaveLength(0);
    expect(visibleText(only(outcome))).toMatch(/no question/i);
  });
});

describe('request verification and delivery', () => {
  it('refuses a bad signature with 401 and does nothing', async () => {
    const { url } = h.api.newResponseUrl();
    const before = h.api.responses.length;
    const result = await h.sender.postForm(
      {
        command: '/role',
        text: 'staff-ml-architect',
        team_id: 'T0000TEST',
        channel_id: 'C0GENERAL',
        user_id: MEMBER,
        user_name: 'm',
        response_url: url,
        trigger_id: 't',
      },
      { secret: 'not-the-secret' },
    );
    expect(result.status).toBe(401);
    expect(h.api.responses.length).toBe(before);
  });

  it('refuses a stale timestamp (replay protection)', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const outcome = await h.slash('/role', 'staff-ml-architect', {}, { timestamp: stale });
    expect(outcome.status).toBe(401);
    expect(outcome.responses).toHaveLength(0);
    // A fresh one with the same secret still works: the refusal was about time.
    expect((await h.slash('/role', 'staff-ml-architect', {}, { timestamp: Math.floor(Date.now() / 1000) })).status).toBe(200);
  });

  it('never posts twice for a retried event', async () => {
    const first = await h.mention('staff ml architect skills', {}, { eventId: 'Ev0RETRY0001' });
    expect(first.posts).toHaveLength(1);
    for (const n of ['1', '2', '3']) {
      const retry = await h.mention(
        'staff ml architect skills',
        {},
        { eventId: 'Ev0RETRY0001', headers: { 'x-slack-retry-num': n, 'x-slack-retry-reason': 'http_timeout' } },
      );
      expect(retry.status).toBe(200);
      expect(retry.posts).toHaveLength(0);
    }
    expect(
      h.logger
        .events('slack.duplicate_event')
        .filter((e) => e.eventId === 'Ev0RETRY0001')
        .map((e) => e.retryNum),
    ).toEqual([1, 2, 3]);
  });

  it('answers a message once when it also arrives as another event (same channel:ts, new event id)', async () => {
    const first = await h.mention('ml data architect skills', { ts: '1700006000.000100' }, { eventId: 'Ev0SAMEMSG01' });
    expect(first.posts).toHaveLength(1);
    const again = await h.mention('ml data architect skills', { ts: '1700006000.000100' }, { eventId: 'Ev0SAMEMSG02' });
    expect(again.posts).toHaveLength(0);
    expect(again.ephemerals).toHaveLength(0);
  });

  it('answers once a retry of an event it never saw (the first delivery was lost)', async () => {
    const retry = await h.mention(
      'staff ml architect skills',
      {},
      { eventId: 'Ev0LOSTFIRST', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } },
    );
    expect(retry.posts).toHaveLength(1);
    const again = await h.mention(
      'staff ml architect skills',
      {},
      { eventId: 'Ev0LOSTFIRST', headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' } },
    );
    expect(again.posts).toHaveLength(0);
  });

  it("acks well within Slack's 3 seconds", async () => {
    const started = performance.now();
    const outcome = await h.slash(
      '/role',
      'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect salary',
    );
    expect(outcome.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('serves /healthz and /readyz on the receiver', async () => {
    const healthz = await fetch(`${h.baseUrl}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: 'ok' });
    const readyz = await fetch(`${h.baseUrl}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready', checks: { knowledge: { ok: true }, slack: { ok: true } } });
    expect((await fetch(`${h.baseUrl}/nope`)).status).toBe(404);
  });

  it('/readyz answers 503 while a check fails, and the slack check turns false on stop', async () => {
    const other = new SlackHarness();
    await other.start();
    const url = other.baseUrl;
    try {
      other.health.register('dependency', () => false);
      const readyz = await fetch(`${other.baseUrl}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({
        status: 'not ready',
        checks: { knowledge: { ok: true }, slack: { ok: true }, dependency: { ok: false, reason: 'not ready' } },
      });
    } finally {
      await other.stop();
    }
    expect((await other.health.status()).checks['slack']?.ok).toBe(false);
    expect(other.adapter.port).toBeUndefined();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow(/fetch failed/);
  });
});

describe('rate limits', () => {
  it('tells a user who asks too fast to slow down, privately, per user, before building any answer', async () => {
    const limited = new SlackHarness({ rateLimitPerMinute: 2 });
    await limited.start();
    try {
      only(await limited.slash('/role', 'staff-ml-architect'));
      only(await limited.slash('/career', 'what about salary?'));
      const answersBefore = limited.logger.events('bot.answer').length;
      const slow = only(await limited.slash('/role', 'lead-ml-architect'));
      expect(slow.response_type).toBe('ephemeral');
      expect(visibleText(slow)).toMatch(/2 questions a minute.*try again in \d+ seconds?/i);
      // A mention over the limit gets a private notice in the channel, not a public reply.
      const mention = await limited.mention('staff ml architect salary');
      expect(mention.posts).toHaveLength(0);
      expect(mention.ephemerals).toHaveLength(1);
      expect(mention.ephemerals[0]?.args.user).toBe(MEMBER);
      // Refused before the core was asked: no answer was built for either.
      expect(limited.logger.events('bot.answer').length).toBe(answersBefore);
      // Other users are not affected; feedback is not counted.
      only(await limited.slash('/role', 'staff-ml-architect', { user: OTHER }));
      const card = only(await limited.slash('/role', 'staff-ml-architect', { user: OTHER }));
      const up = button(card, /👍/);
      expect(visibleText(only(await limited.click({ actionId: up.actionId, value: up.value as string }, { user: OTHER })))).toMatch(
        /thanks/i,
      );
      expect(limited.logger.events('bot.rate_limited').length).toBeGreaterThanOrEqual(2);
    } finally {
      await limited.stop();
    }
  });
});

describe('Web API errors end in a private message and a log line, never a crash', () => {
  async function shareFailing(failure: Parameters<typeof h.api.failNext>[1]) {
    const card = only(await h.slash('/role', 'staff-ml-architect', { user: MODERATOR }));
    const share = button(card, /share/i);
    h.api.failNext('chat.postMessage', failure);
    return h.click({ actionId: share.actionId, value: share.value as string }, { user: MODERATOR });
  }

  it('ratelimited (HTTP 429 with Retry-After)', async () => {
    const outcome = await shareFailing({ status: 429, retryAfter: 7 });
    expect(outcome.status).toBe(200);
    expect(outcome.posts).toHaveLength(1);
    const reply = only(outcome);
    expect(reply.replace_original).toBe(false);
    expect(visibleText(reply)).toMatch(/slow down.*about 7 seconds/i);
    expect(h.logger.events('slack.post_failed').at(-1)).toMatchObject({ code: 'ratelimited', retryAfter: 7, user: MODERATOR });
  });

  it('channel_not_found', async () => {
    const reply = only(await shareFailing({ error: 'channel_not_found' }));
    expect(visibleText(reply)).toMatch(/can't find or see this channel/i);
    expect(h.logger.events('slack.post_failed').at(-1)).toMatchObject({ code: 'channel_not_found' });
  });

  it('not_in_channel', async () => {
    const reply = only(await shareFailing({ error: 'not_in_channel' }));
    expect(visibleText(reply)).toMatch(/not a member of this channel.*\/invite/i);
    expect(h.logger.events('slack.post_failed').at(-1)).toMatchObject({ code: 'not_in_channel' });
  });

  it('a failed mention reply becomes a private notice to the person who asked', async () => {
    h.api.failNext('chat.postMessage', { error: 'not_in_channel' });
    const outcome = await h.mention('staff ml architect salary', { user: OTHER, ts: '1700004000.000100' });
    expect(outcome.ephemerals).toHaveLength(1);
    const notice = outcome.ephemerals[0] as WebApiCall;
    expect(notice.args.user).toBe(OTHER);
    expect(notice.args.thread_ts).toBe('1700004000.000100');
    expect(textOfCall(notice)).toMatch(/\/invite/);
  });

  it('a failed shortcut answer tells the moderator privately', async () => {
    h.api.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    const reply = only(await h.shortcut({ user: MODERATOR }));
    expect(visibleText(reply)).toMatch(/about 30 seconds/);
  });

  it('when even the notice fails, it is logged and the app keeps serving', async () => {
    h.api.failNext('chat.postMessage', { error: 'channel_not_found' });
    h.api.failNext('chat.postEphemeral', { error: 'channel_not_found' });
    const outcome = await h.mention('staff ml architect salary', { channel: 'C0GONE0001' });
    expect(outcome.status).toBe(200);
    expect(h.logger.events('slack.fallback_failed').length).toBeGreaterThan(0);
    expect(visibleText(only(await h.slash('/role', 'staff-ml-architect')))).toContain('Staff Machine Learning Architect');
  });

  it('a users.info failure counts the user as a member', async () => {
    h.api.failNext('users.info', { error: 'user_not_found' });
    const card = only(await h.slash('/role', 'staff-ml-architect', { user: 'U0UNKNOWN1' }));
    const share = button(card, /share/i);
    const outcome = await h.click({ actionId: share.actionId, value: share.value as string }, { user: 'U0UNKNOWN1' });
    expect(outcome.posts).toHaveLength(0);
    expect(visibleText(only(outcome))).toMatch(/moderators/i);
    expect(h.logger.events('slack.users_info_failed').at(-1)).toMatchObject({ user: 'U0UNKNOWN1' });
  });
});

describe('safety and limits of everything sent', () => {
  const hostile =
    '@everyone @here @channel <!everyone> <!channel> <!here|here> <!subteam^S0123|@team> <@U0VICTIM1> <#C0SECRET1> & staff ml architect salary';

  it('no user text can produce a mass mention or ping anyone', async () => {
    const since = h.api.sentMessages().length;
    await h.slash('/role', hostile);
    await h.slash('/career', hostile);
    await h.slash('/career', `${hostile} what is a flux capacitor engineer?`);
    await h.mention(hostile);
    await h.dm(hostile);
    await h.shortcut({ user: MODERATOR }, { text: hostile, user: MEMBER });
    const card = only(await h.slash('/role', 'staff-ml-architect', { user: MODERATOR }));
    const share = button(card, /share/i);
    await h.click({ actionId: share.actionId, value: inlineControl({ action: 'share', command: hostile }) }, { user: MODERATOR });
    const sent = h.api.sentMessages().slice(since);
    expect(sent.length).toBeGreaterThanOrEqual(8);
    for (const message of sent) {
      expect(pingProblems(message, new Set([MODERATOR, MEMBER]))).toEqual([]);
      expect(message.link_names === undefined || message.link_names === 'false').toBe(true);
    }
    // The checker itself catches what it must.
    expect(pingProblems({ text: 'hi <!channel>' }, new Set())).not.toEqual([]);
    expect(
      pingProblems({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi <@U0VICTIM1> @here' } }] }, new Set()),
    ).toHaveLength(2);
  });

  it('the longest answers stay within Block Kit limits', async () => {
    const since = h.api.sentMessages().length;
    for (const args of [
      '',
      'help',
      'ml-infrastructure-architect best-practices',
      'ml-systems-architect challenges',
      'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect salary',
      'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect',
      'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect skills',
    ]) {
      only(await h.slash('/role', args));
    }
    for (const role of h.advisor.roles()) only(await h.slash('/role', `${role.slug} salary`));
    only(await h.slash('/career', 'how much do architects make?'));
    only(await h.slash('/career', 'x'.repeat(3000)));
    const sent = h.api.sentMessages().slice(since);
    for (const message of sent) expect(blockKitProblems(message)).toEqual([]);
  });

  it('button values carry what a click needs and stay under 2,000 characters', async () => {
    const reply = only(await h.slash('/career', `${'why '.repeat(200)}staff ml architect`));
    for (const b of buttonsOf(reply)) {
      expect((b.value ?? '').length).toBeLessThanOrEqual(2000);
      expect(parseInlineControl(b.value)?.command).toBeTruthy();
    }
  });
});
