/**
 * The "Open a role…" menu at any catalogue size, through the real Bolt against the fake Slack. Up to Slack's 100
 * static options it is the static menu of every role, exactly as it always was; past that it is an external select
 * whose options the app serves on `block_suggestion` (HTTP mode and Socket Mode) from the shared completion, within
 * Slack's documented limits (checked by the independent copy in test/fakes/slack-blockkit.ts), and choosing one opens
 * the role. A value that names no role in the catalogue gets a private sentence, never a command run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticKnowledge } from '../../scripts/synthetic-knowledge.ts';
import { copy } from '../../src/bot/copy.ts';
import { createAdvisor } from '../../src/core/advisor.ts';
import type { Knowledge } from '../../src/core/types.ts';
import { Health } from '../../src/adapters/shared/health.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { blockKitProblems, pingProblems, selectMenusOf, suggestionProblems, unescapeSlack, visibleText } from '../fakes/slack-blockkit.ts';
import { BOT_TOKEN, fixture, onlyResponse, RecordingLogger, SlackHarness } from '../fakes/slack-harness.ts';
import { FakeSocketModeServer } from '../fakes/slack-socket.ts';
import { testBot } from '../helpers/bot.ts';
import { realKnowledge } from '../helpers.ts';

type Json = Record<string, unknown>;

/** Roles in the generated catalogue: ten times Slack's static limit, as in the bench's 1,000-role line. */
const ROLES = 1_000;

/** The one role menu of a message (the role list has exactly one). */
function roleMenu(message: Json): Json & { blockId: string } {
  const menus = selectMenusOf(message).filter((m) => m.action_id === 'open_role');
  expect(menus).toHaveLength(1);
  return menus[0] as Json & { blockId: string };
}

function headerOf(message: Json): string {
  return unescapeSlack(String(((message.blocks as Json[])[0]?.text as Json | undefined)?.text));
}

describe('21 roles: the static menu, unchanged', () => {
  const h = new SlackHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('/role offers every role in the static menu it always had, byte for byte', async () => {
    const reply = onlyResponse(await h.slash('/role', ''));
    expect(blockKitProblems(reply)).toEqual([]);
    const { blockId, ...menu } = roleMenu(reply);
    expect(blockId).toMatch(/^followups:\d+$/);
    // Written out from the shape shipped before the external menu existed: key order included.
    expect(JSON.stringify(menu)).toBe(
      JSON.stringify({
        type: 'static_select',
        action_id: 'open_role',
        placeholder: { type: 'plain_text', text: 'Open a role…' },
        options: h.advisor.roles().map((r) => ({ text: { type: 'plain_text', text: r.title }, value: `ca:r:role ${r.slug}` })),
      }),
    );
  });

  it('a choice opens the role; a value naming no role, or not a role at all, gets a private sentence', async () => {
    const opened = onlyResponse(await h.click({ actionId: 'open_role', selectedValue: 'ca:r:role ml-systems-architect' }));
    expect(headerOf(opened)).toBe('ML Systems Architect');
    const unknown = onlyResponse(await h.click({ actionId: 'open_role', selectedValue: 'ca:r:role fintech-staff-ml-architect' }));
    expect(unknown.response_type).toBe('ephemeral');
    expect(visibleText(unknown)).toBe(copy.unknownRole);
    // Well-formed controls, but not what a role menu carries: never run from this menu.
    for (const value of [
      'ca:r:role staff-ml-architect salary',
      'ca:s:role staff-ml-architect',
      'ca:m.2:role staff-ml-architect',
      '',
      'x'.repeat(3000),
    ]) {
      const refused = onlyResponse(await h.click({ actionId: 'open_role', selectedValue: value }));
      expect(visibleText(refused), value.slice(0, 40)).toMatch(/out of date/);
    }
    expect(h.logger.events('slack.role_menu_refused').map((e) => e.reason)).toEqual(['unknown-role', ...Array(5).fill('not-a-role-value')]);
    expect(h.logger.events('slack.handler_failed')).toEqual([]);
  });
});

describe(`${ROLES.toLocaleString('en')} roles: the external menu`, () => {
  let knowledge: Knowledge;
  let h: SlackHarness;
  beforeAll(async () => {
    knowledge = syntheticKnowledge(await realKnowledge(), ROLES);
    h = new SlackHarness({ knowledge });
    await h.start();
  });
  afterAll(() => h.stop());

  it('/role shows an external select that searches from the first character, within Block Kit limits', async () => {
    expect(h.advisor.roles()).toHaveLength(ROLES);
    const reply = onlyResponse(await h.slash('/role', ''));
    expect(blockKitProblems(reply)).toEqual([]);
    const { blockId, ...menu } = roleMenu(reply);
    expect(blockId).toMatch(/^followups:\d+$/);
    expect(menu).toEqual({
      type: 'external_select',
      action_id: 'open_role',
      placeholder: { type: 'plain_text', text: 'Open a role… (type to search)' },
      min_query_length: 1,
    });
  });

  it('typing part of a name returns the matching roles, from the shared completion, within Slack limits', async () => {
    for (const typed of ['healthcare nlp', 'fin', 'n', 'Staff', 'robotics staff ml architect', 'stf ml architecht']) {
      const { status, body } = await h.suggest(typed);
      expect(status).toBe(200);
      expect(suggestionProblems(body), typed).toEqual([]);
      const options = (body?.options ?? []) as Json[];
      expect(options.length, typed).toBeGreaterThan(0);
      // Exactly what Discord's autocomplete offers for the same text, in the same order.
      expect(options.map((o) => o.value)).toEqual(h.advisor.complete(typed, 100).map((r) => `ca:r:role ${r.slug}`));
    }
    const nlp = ((await h.suggest('healthcare nlp')).body?.options ?? []) as Json[];
    expect(nlp[0]).toEqual({
      text: { type: 'plain_text', text: 'Healthcare NLP Research Scientist' },
      value: 'ca:r:role healthcare-nlp-research-scientist',
      description: { type: 'plain_text', text: expect.stringMatching(/^.{1,75}$/u) as unknown as string },
    });
    const fin = ((await h.suggest('fin')).body?.options ?? []) as Json[];
    for (const o of fin) expect(unescapeSlack(String((o.text as Json).text))).toMatch(/fin/i);
  });

  it('choosing a found role opens it, including one far past the first 100', async () => {
    const last = knowledge.roles.at(-1);
    if (!last) throw new Error('no roles');
    const options = ((await h.suggest(last.title)).body?.options ?? []) as Json[];
    const option = options.find((o) => o.value === `ca:r:role ${last.slug}`);
    expect(option, last.title).toBeDefined();
    const reply = onlyResponse(
      await h.click({
        actionId: 'open_role',
        blockId: 'followups:1',
        elementType: 'external_select',
        selectedValue: String(option?.value),
        selectedText: String((option?.text as Json).text),
      }),
    );
    expect(reply.replace_original).toBe(true);
    expect(headerOf(reply)).toBe(last.title);
    expect(blockKitProblems(reply)).toEqual([]);
  });

  it('a forged or stale choice gets a private sentence, not a crash and not another role', async () => {
    const unknown = onlyResponse(
      await h.click({ actionId: 'open_role', elementType: 'external_select', selectedValue: 'ca:r:role fintech-plumber' }),
    );
    expect(visibleText(unknown)).toBe(copy.unknownRole);
    const forged = onlyResponse(
      await h.click({ actionId: 'open_role', elementType: 'external_select', selectedValue: '<!channel> role x' }),
    );
    expect(visibleText(forged)).toMatch(/out of date/);
    expect(h.logger.events('slack.handler_failed')).toEqual([]);
  });

  it('any typed text gets a valid answer: nothing found, a single space, hostile or huge text', async () => {
    for (const typed of ['zzzzqqqq', ' ', '<!channel> @here <@U0ADMIN01>', '&lt;&gt;&amp;', '🙂'.repeat(40), 'a'.repeat(5_000)]) {
      const { status, body } = await h.suggest(typed);
      expect(status, typed.slice(0, 20)).toBe(200);
      expect(suggestionProblems(body), typed.slice(0, 20)).toEqual([]);
      expect(pingProblems(body ?? {}, new Set()), typed.slice(0, 20)).toEqual([]);
    }
    expect(((await h.suggest('zzzzqqqq')).body?.options as Json[]).length).toBe(0);
    // A payload Slack would never send (no `value`) is still answered, with nothing.
    const payload = fixture('block-suggestion');
    delete payload.value;
    const result = await h.sender.postInteraction(payload);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ options: [] });
    expect(h.logger.events('slack.role_search_failed')).toEqual([]);
  });

  it('verifies the request like every other: a bad or stale signature gets 401 and no options', async () => {
    const before = h.logger.events('slack.role_search').length;
    expect(await h.suggest('fin', {}, { secret: 'not-the-secret' })).toEqual({ status: 401, body: undefined });
    expect(await h.suggest('fin', {}, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).toEqual({ status: 401, body: undefined });
    expect(h.logger.events('slack.role_search').length).toBe(before);
  });

  it('acknowledges at once a search of a menu this app did not make', async () => {
    const before = h.logger.events('slack.unhandled_payload').length;
    const result = await h.suggest('fin', { actionId: 'someone_elses_menu' });
    expect(result.status).toBe(200);
    expect(h.logger.events('slack.unhandled_payload').length).toBe(before + 1);
  });
});

describe(`${ROLES.toLocaleString('en')} roles in Socket Mode`, { shuffle: false }, () => {
  const api = new FakeSlackApi();
  const socket = new FakeSocketModeServer();
  const logger = new RecordingLogger();
  let adapter: SlackAdapter;
  let knowledge: Knowledge;

  beforeAll(async () => {
    await Promise.all([api.start(), socket.start()]);
    api.socketUrl = socket.url;
    knowledge = syntheticKnowledge(await realKnowledge(), ROLES);
    adapter = createSlackAdapter(
      { botToken: BOT_TOKEN, appToken: 'xapp-1-A0CAREER1-test', mode: 'socket', apiUrl: api.apiUrl, moderatorIds: [] },
      { bot: testBot(createAdvisor({ knowledge }), { logger }), logger, health: new Health() },
      { port: 0, webApiRetries: 0 },
    );
    await adapter.start();
    await socket.connected;
  });

  afterAll(async () => {
    await adapter?.stop();
    await Promise.all([socket.stop(), api.stop()]);
  });

  it('answers a block_suggestion envelope with the options in its ack, and the choice opens the role', async () => {
    const role = knowledge.roles[777];
    if (!role) throw new Error('no role 777');
    const suggestion = { ...fixture('block-suggestion'), value: role.title.split(' ').slice(0, 3).join(' ') };
    const ack = await socket.send({
      envelope_id: 'env-suggest-1',
      type: 'interactive',
      accepts_response_payload: true,
      payload: suggestion,
    });
    expect(ack.envelope_id).toBe('env-suggest-1');
    expect(suggestionProblems(ack.payload)).toEqual([]);
    const options = (ack.payload as { options: Json[] }).options;
    const option = options.find((o) => o.value === `ca:r:role ${role.slug}`) ?? (await searchFor(role.title));
    expect(option, role.title).toBeDefined();

    const { id, url } = api.newResponseUrl();
    const click = fixture('block-actions-ephemeral');
    click.response_url = url;
    click.actions = [
      {
        action_id: 'open_role',
        block_id: 'followups:1',
        type: 'external_select',
        selected_option: { text: option?.text, value: option?.value },
        action_ts: '1700000401.000700',
      },
    ];
    await socket.send({ envelope_id: 'env-choose-1', type: 'interactive', accepts_response_payload: false, payload: click });
    await adapter.idle();
    const [reply] = api.responsesTo(id);
    expect(headerOf(reply?.body ?? {})).toBe(role.title);
  });

  /** The role's option when searched by its whole title (the first words may be shared by more than 25 roles). */
  async function searchFor(title: string): Promise<Json | undefined> {
    const ack = await socket.send({
      envelope_id: `env-suggest-${title.length}`,
      type: 'interactive',
      accepts_response_payload: true,
      payload: { ...fixture<Json>('block-suggestion'), value: title },
    });
    return (ack.payload as { options: Json[] }).options.find((o) => unescapeSlack(String((o.text as Json).text)) === title);
  }
});
