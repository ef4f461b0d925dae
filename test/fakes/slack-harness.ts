/**
 * Starts the real Slack adapter (real Bolt, HTTP receiver on 127.0.0.1) against {@link FakeSlackApi}, and drives it
 * with signed requests built from the recorded-shape payloads in test/fixtures/slack/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SharePolicy } from '../../src/config.ts';
import { createAdvisor, type Advisor } from '../../src/core/advisor.ts';
import type { Knowledge, Logger } from '../../src/core/types.ts';
import { Health } from '../../src/adapters/shared/health.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../src/adapters/slack/index.ts';
import { testBot } from '../helpers/bot.ts';
import { realKnowledge } from '../helpers.ts';
import type { Store } from '../../src/store/types.ts';
import { buttonsOf } from './slack-blockkit.ts';
import { FakeSlackApi, type ResponseUrlCall, type WebApiCall } from './slack-api.ts';
import { SlackRequestSender, type SendOptions, type SentResult } from './slack-signer.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-0000-test-token';

type Json = Record<string, unknown>;

const fixtureDir = fileURLToPath(new URL('../fixtures/slack/', import.meta.url));

/** A fresh copy of a fixture payload. */
export function fixture<T = Json>(name: string): T {
  return JSON.parse(readFileSync(`${fixtureDir}${name}.json`, 'utf8')) as T;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Json;
  msg: string | undefined;
}

/** A Logger that keeps every line, so tests can assert on structured events. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug(obj: object, msg?: string) {
    this.lines.push({ level: 'debug', obj: obj as Json, msg });
  }
  info(obj: object, msg?: string) {
    this.lines.push({ level: 'info', obj: obj as Json, msg });
  }
  warn(obj: object, msg?: string) {
    this.lines.push({ level: 'warn', obj: obj as Json, msg });
  }
  error(obj: object, msg?: string) {
    this.lines.push({ level: 'error', obj: obj as Json, msg });
  }
  events(name: string): Json[] {
    return this.lines.filter((l) => l.obj.event === name).map((l) => l.obj);
  }
}

export interface HarnessOptions {
  sharePolicy?: SharePolicy;
  rateLimitPerMinute?: number;
  moderatorIds?: string[];
  now?: () => number;
  /** The store the bot layer keeps its state in. Default: a fresh memory store. */
  store?: Store;
  /** Adapter options to override (ack deadline, response_url timeout…). */
  adapter?: Partial<SlackAdapterOptions>;
  /** The knowledge the advisor serves. Default: the shipped roles (`realKnowledge()`). */
  knowledge?: Knowledge;
}

/** What the app answered to a block_suggestion request (an external select's search). */
export interface Suggestion {
  status: number;
  /** The answer's JSON (`{ options: [...] }`), if it was JSON. */
  body: Json | undefined;
}

/** What one request made the app do. */
export interface Outcome {
  status: number;
  /** Calls to the response_url of this request. */
  responses: ResponseUrlCall[];
  /** Web API calls made while this request was handled. */
  calls: WebApiCall[];
  posts: WebApiCall[];
  ephemerals: WebApiCall[];
}

/** The one private reply a command or click produced through response_url (throws unless there is exactly one). */
export function onlyResponse(outcome: Outcome): Json {
  if (outcome.status !== 200) throw new Error(`slack harness: Bolt answered ${outcome.status}`);
  if (outcome.responses.length !== 1) throw new Error(`slack harness: expected one response_url reply, got ${outcome.responses.length}`);
  return (outcome.responses[0] as { body: Json }).body;
}

/** A button of a message by its label, as a click needs it. */
export function buttonOf(message: Json, label: RegExp): { actionId: string; value: string; blockId?: string } {
  const found = buttonsOf(message).find((b) => label.test(b.label));
  if (!found)
    throw new Error(
      `no button ${label} in ${buttonsOf(message)
        .map((b) => b.label)
        .join(', ')}`,
    );
  return { actionId: found.actionId, value: found.value as string, ...(found.blockId ? { blockId: found.blockId } : {}) };
}

/** The message an HTTP ack carried (`ack({ blocks, text })`), if any. */
function ackMessage(result: SentResult): Json | undefined {
  if (!result.body) return undefined;
  try {
    const body = JSON.parse(result.body) as unknown;
    return typeof body === 'object' && body !== null && ('blocks' in body || 'text' in body) ? (body as Json) : undefined;
  } catch {
    return undefined;
  }
}

export class SlackHarness {
  readonly api: FakeSlackApi;
  readonly logger = new RecordingLogger();
  readonly health = new Health();
  advisor!: Advisor;
  adapter!: SlackAdapter;
  sender!: SlackRequestSender;
  private events = 0;

  private remoteUrl: string | undefined;
  /** For a remote app: called before a request is sent; the function it returns resolves once the app finished it. */
  private watch: (() => () => Promise<void>) | undefined;

  constructor(private readonly options: HarnessOptions = {}) {
    this.api = new FakeSlackApi();
  }

  /**
   * A harness that drives an app running elsewhere (a child process of `src/main.ts`) at `baseUrl`, recording what it
   * does in `api`, the fake Slack that process was configured with. No adapter is started here.
   */
  static remote(
    api: FakeSlackApi,
    baseUrl: string,
    options: { signingSecret?: string; firstEvent?: number; watch: () => () => Promise<void> },
  ): SlackHarness {
    const harness = new SlackHarness();
    harness.watch = options.watch;
    // Event ids and message timestamps must not collide with another remote's: each starts at its own number.
    harness.events = options.firstEvent ?? 0;
    const signingSecret = options.signingSecret ?? SIGNING_SECRET;
    (harness as { api: FakeSlackApi }).api = api;
    harness.remoteUrl = baseUrl;
    harness.sender = new SlackRequestSender(baseUrl, signingSecret);
    return harness;
  }

  async start(): Promise<void> {
    await this.api.start();
    const knowledge = this.options.knowledge ?? (await realKnowledge());
    this.advisor = createAdvisor({ knowledge });
    this.health.register('knowledge', () => this.advisor.knowledge.roles.length > 0);
    this.adapter = createSlackAdapter(
      {
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        mode: 'http',
        apiUrl: this.api.apiUrl,
        moderatorIds: this.options.moderatorIds ?? ['U0MODERAT1'],
      },
      {
        bot: testBot(this.advisor, {
          logger: this.logger,
          sharePolicy: this.options.sharePolicy ?? 'moderators',
          ratePerMinute: this.options.rateLimitPerMinute ?? 1000,
          ...(this.options.now ? { now: this.options.now } : {}),
          ...(this.options.store ? { store: this.options.store } : {}),
        }),
        logger: this.logger,
        health: this.health,
      },
      { port: 0, host: '127.0.0.1', webApiRetries: 0, ...this.options.adapter },
    );
    await this.adapter.start();
    this.sender = new SlackRequestSender(this.baseUrl, SIGNING_SECRET);
  }

  async stop(): Promise<void> {
    await this.adapter?.stop();
    await this.api.stop();
  }

  get baseUrl(): string {
    return this.remoteUrl ?? `http://127.0.0.1:${this.adapter.port}`;
  }

  /**
   * Runs `send`, waits until the app has finished handling it (Slack is acknowledged first, the work may go on), and
   * collects what it did. A message carried in the ack itself (a slash command's answer) counts as the first
   * response, with id `ack`.
   */
  async observe(responseId: string | undefined, send: () => Promise<SentResult>): Promise<Outcome> {
    const callsBefore = this.api.calls.length;
    const settled = this.watch?.();
    const result = await send();
    if (settled) await settled();
    else await this.adapter.idle();
    const calls = this.api.calls.slice(callsBefore);
    const acked = ackMessage(result);
    if (acked) this.api.recordAck(acked);
    return {
      status: result.status,
      responses: [...(acked ? [{ id: 'ack', body: acked, seq: 0 }] : []), ...(responseId ? this.api.responsesTo(responseId) : [])],
      calls,
      posts: calls.filter((c) => c.method === 'chat.postMessage'),
      ephemerals: calls.filter((c) => c.method === 'chat.postEphemeral'),
    };
  }

  /** A slash command as Slack sends it. */
  slash(
    command: '/role' | '/career',
    text: string,
    who: { user?: string; channel?: string } = {},
    send: SendOptions = {},
  ): Promise<Outcome> {
    const { id, url } = this.api.newResponseUrl();
    const body = { ...fixture<Record<string, string>>('slash-command'), command, text, response_url: url };
    if (who.user) Object.assign(body, { user_id: who.user, user_name: who.user.toLowerCase() });
    if (who.channel) Object.assign(body, { channel_id: who.channel });
    return this.observe(id, () => this.sender.postForm(body, send));
  }

  /** An Events API delivery built from a fixture; a fresh event_id unless one is given. */
  event(name: string, event: Json = {}, options: { eventId?: string } & SendOptions = {}): Promise<Outcome> {
    const body = fixture(name);
    body.event = { ...(body.event as Json), ...event };
    body.event_id = options.eventId ?? `Ev${String(++this.events).padStart(10, '0')}`;
    return this.observe(undefined, () => this.sender.postEvent(body, options));
  }

  /** A mention of the bot in a channel. */
  mention(
    text: string,
    who: { user?: string; channel?: string; ts?: string; thread_ts?: string } = {},
    options: { eventId?: string } & SendOptions = {},
  ): Promise<Outcome> {
    const ts = who.ts ?? `1700001${String(++this.events).padStart(3, '0')}.000100`;
    return this.event(
      'app-mention',
      {
        text: `<@${this.api.botUserId}> ${text}`,
        ts,
        event_ts: ts,
        ...(who.user ? { user: who.user } : {}),
        ...(who.channel ? { channel: who.channel } : {}),
        ...(who.thread_ts ? { thread_ts: who.thread_ts } : {}),
      },
      options,
    );
  }

  /** A direct message to the bot. */
  dm(text: string, who: { user?: string } = {}): Promise<Outcome> {
    const user = who.user ?? 'U0MEMBER1';
    const ts = `1700005${String(++this.events).padStart(3, '0')}.000100`;
    return this.event('message-im', { text, user, channel: `D${user.slice(1)}`, ts, event_ts: ts });
  }

  /**
   * What Slack sends while someone types into an external select (block_suggestion): the text typed so far, as
   * `value`, and no response_url. Resolves with the app's answer, which Slack reads as the menu's options.
   */
  async suggest(
    typed: string,
    where: { actionId?: string; blockId?: string; user?: string; channel?: string } = {},
    send: SendOptions = {},
  ): Promise<Suggestion> {
    const payload = fixture('block-suggestion');
    const channel = where.channel ?? 'C0GENERAL';
    const user = where.user ?? 'U0MEMBER1';
    payload.user = { ...(payload.user as Json), id: user, username: user.toLowerCase() };
    payload.channel = { id: channel, name: 'general' };
    payload.container = { ...(payload.container as Json), channel_id: channel };
    payload.value = typed;
    if (where.actionId) payload.action_id = where.actionId;
    if (where.blockId) payload.block_id = where.blockId;
    const result = await this.sender.postInteraction(payload, send);
    let body: Json | undefined;
    try {
      body = JSON.parse(result.body) as Json;
    } catch {
      body = undefined;
    }
    return { status: result.status, body };
  }

  /**
   * A button click or a menu choice (block_actions). Ephemeral clicks come without `message`, as Slack may send them.
   * A choice (`selectedValue`) arrives as Slack sends it for a `static_select`, or for `elementType` (an
   * `external_select`).
   */
  click(
    button: {
      actionId: string;
      value?: string;
      blockId?: string;
      selectedValue?: string;
      selectedText?: string;
      elementType?: 'static_select' | 'external_select';
    },
    where: { user?: string; channel?: string; ephemeral?: boolean; message?: Json; threadTs?: string } = {},
  ): Promise<Outcome> {
    const ephemeral = where.ephemeral ?? true;
    const payload = fixture(ephemeral ? 'block-actions-ephemeral' : 'block-actions-public');
    const { id, url } = this.api.newResponseUrl();
    const channel = where.channel ?? 'C0GENERAL';
    const user = where.user ?? 'U0MEMBER1';
    payload.response_url = url;
    payload.user = { ...(payload.user as Json), id: user, username: user.toLowerCase() };
    payload.channel = { id: channel, name: 'general' };
    payload.container = { ...(payload.container as Json), channel_id: channel, ...(where.threadTs ? { thread_ts: where.threadTs } : {}) };
    if (!ephemeral && where.message) payload.message = where.message;
    const action: Json = button.selectedValue
      ? {
          action_id: button.actionId,
          block_id: button.blockId ?? 'followups:0',
          type: button.elementType ?? 'static_select',
          selected_option: { text: { type: 'plain_text', text: button.selectedText ?? 'x' }, value: button.selectedValue },
          action_ts: '1700000401.000700',
        }
      : {
          action_id: button.actionId,
          block_id: button.blockId ?? 'controls',
          type: 'button',
          text: { type: 'plain_text', text: 'x' },
          value: button.value,
          action_ts: '1700000401.000700',
        };
    payload.actions = [action];
    return this.observe(id, () => this.sender.postInteraction(payload));
  }

  /**
   * Submits the modal the app opened last with `views.open` (the "what was wrong?" form), typing `value` into its
   * text input. Resolves with what the app answered (`response_action: update` carries the view that replaces it).
   */
  async submitLastModal(value: string, who: { user?: string } = {}): Promise<{ status: number; body: Json | undefined }> {
    const opened = this.api.callsTo('views.open').at(-1);
    if (!opened) throw new Error('slack harness: no modal was opened');
    const view = opened.args.view as Json;
    const input = ((view.blocks as Json[])[0] ?? {}) as Json;
    const element = (input.element ?? {}) as Json;
    const user = who.user ?? 'U0MEMBER1';
    const payload = {
      type: 'view_submission',
      team: { id: this.api.teamId, domain: 'example' },
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.api.teamId },
      api_app_id: 'A0TEST0001',
      token: 'legacy-verification-token',
      trigger_id: '1700000000.000000.trigger',
      view: {
        ...view,
        id: 'V0TEST0001',
        team_id: this.api.teamId,
        app_id: 'A0TEST0001',
        hash: '1700000000.abcdef',
        state: { values: { [String(input.block_id)]: { [String(element.action_id)]: { type: 'plain_text_input', value } } } },
      },
      response_urls: [],
    };
    const result = await this.sender.postInteraction(payload);
    return { status: result.status, body: result.body ? (JSON.parse(result.body) as Json) : undefined };
  }

  /** The message shortcut "Answer with Career Advisor" on a member's message. */
  shortcut(who: { user: string; channel?: string }, message: Json = {}): Promise<Outcome> {
    const payload = fixture('message-action');
    const { id, url } = this.api.newResponseUrl();
    payload.response_url = url;
    payload.user = { ...(payload.user as Json), id: who.user, username: who.user.toLowerCase() };
    if (who.channel) payload.channel = { id: who.channel, name: 'general' };
    payload.message = { ...(payload.message as Json), ...message };
    return this.observe(id, () => this.sender.postInteraction(payload));
  }
}
