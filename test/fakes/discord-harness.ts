/**
 * Starts the real Discord adapter (a real discord.js Client) against {@link FakeDiscord} and drives it like people
 * would: slash commands, autocomplete, clicks, the context menu, mentions and DMs. Each action resolves once the
 * adapter logged that it finished handling it, with everything the bot sent meanwhile.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DiscordSigner } from './discord-signer.ts';
import { Health } from '../../src/adapters/shared/health.ts';
import { createDiscordAdapter, type DiscordAdapterOptions } from '../../src/adapters/discord/index.ts';
import type { DiscordConfig, SharePolicy } from '../../src/config.ts';
import { createAdvisor, type Advisor } from '../../src/core/advisor.ts';
import type { Logger } from '../../src/core/types.ts';
import type { RunningAdapter } from '../../src/adapters/types.ts';
import type { Store } from '../../src/store/types.ts';
import { testBot } from '../helpers/bot.ts';
import { realKnowledge } from '../helpers.ts';
import { DISCORD_IDS, FakeDiscord, type FakeUser, type Json, type RestCall, type SentMessage } from './discord.ts';

export const MEMBER: FakeUser = { id: DISCORD_IDS.member, username: 'ada' };
export const MODERATOR: FakeUser = { id: DISCORD_IDS.moderator, username: 'grace', manageMessages: true };
/** A moderator by role (DISCORD_MODERATOR_ROLE_IDS), without Manage Messages. */
export const MENTOR: FakeUser = { id: '1180000000000000403', username: 'katherine', roles: [DISCORD_IDS.moderatorRole] };
export const OTHER_BOT: FakeUser = { id: DISCORD_IDS.otherBot, username: 'another-bot', bot: true };
export const BOT_USER: FakeUser = { id: DISCORD_IDS.bot, username: 'Career Advisor', bot: true };

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg?: string;
  [key: string]: unknown;
}

/** A Logger that keeps every entry, so tests can wait for and assert on structured events. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  debug(obj: object, msg?: string): void {
    this.entries.push({ ...obj, level: 'debug', ...(msg ? { msg } : {}) });
  }
  info(obj: object, msg?: string): void {
    this.entries.push({ ...obj, level: 'info', ...(msg ? { msg } : {}) });
  }
  warn(obj: object, msg?: string): void {
    this.entries.push({ ...obj, level: 'warn', ...(msg ? { msg } : {}) });
  }
  error(obj: object, msg?: string): void {
    this.entries.push({ ...obj, level: 'error', ...(msg ? { msg } : {}) });
  }
  events(name: string): LogEntry[] {
    return this.entries.filter((e) => e.event === name);
  }
  async waitFor(predicate: (entry: LogEntry) => boolean, timeoutMs = 5_000): Promise<LogEntry> {
    await waitUntil(() => this.entries.some(predicate), timeoutMs, 'log entry');
    return this.entries.find(predicate) as LogEntry;
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface HarnessOptions {
  sharePolicy?: SharePolicy;
  rateLimitPerMinute?: number;
  /** Wraps the real advisor (e.g. to make it fail or return many choices). */
  advisor?: (real: Advisor) => Advisor;
  adapter?: DiscordAdapterOptions;
  /** The store the bot layer keeps its state in. Default: a fresh memory store. */
  store?: Store;
  /**
   * Interactions over HTTP: signed POSTs to the adapter's `/discord/interactions` instead of gateway dispatches (the
   * answer comes back in the HTTP response). `gateway: false` opens no gateway connection at all.
   */
  http?: { gateway?: boolean };
  /** Shards the fake gateway recommends. Default 1. */
  shards?: number;
}

/** What the bot sent while one action was handled. */
export interface Outcome {
  sent: SentMessage[];
  calls: RestCall[];
  /** When the event was dispatched on the gateway (ms since the epoch). */
  dispatchedAt: number;
}

export interface CommandOptions {
  channelId?: string;
  dm?: boolean;
}

export class DiscordHarness {
  fake = new FakeDiscord();
  /** Set in HTTP mode: the signer (Discord's key pair) and the URL of the adapter's endpoint. */
  signer: DiscordSigner | undefined;
  interactionsUrl: string | undefined;
  /** HTTP mode: every answer the endpoint gave, in order. */
  readonly httpAnswers: Array<{ status: number; body: unknown }> = [];
  private server: Server | undefined;
  readonly logs = new RecordingLogger();
  readonly health = new Health();
  advisor!: Advisor;
  adapter!: RunningAdapter;
  config!: DiscordConfig;

  static async start(options: HarnessOptions = {}): Promise<DiscordHarness> {
    const harness = new DiscordHarness();
    if (options.shards) harness.fake = new FakeDiscord({ shards: options.shards });
    await harness.fake.start();
    const real = createAdvisor({ knowledge: await realKnowledge() });
    harness.advisor = options.advisor ? options.advisor(real) : real;
    harness.config = {
      token: 'fake-bot-token.secret',
      applicationId: DISCORD_IDS.application,
      guildId: DISCORD_IDS.guild,
      apiUrl: harness.fake.apiUrl,
      moderatorRoleIds: [DISCORD_IDS.moderatorRole],
    };
    if (options.http) {
      harness.signer = new DiscordSigner();
      harness.config.publicKey = harness.signer.publicKeyHex;
      harness.config.gateway = options.http.gateway ?? true;
    }
    harness.adapter = createDiscordAdapter(
      harness.config,
      {
        bot: testBot(harness.advisor, {
          logger: harness.logs,
          sharePolicy: options.sharePolicy ?? 'moderators',
          ratePerMinute: options.rateLimitPerMinute ?? 1000,
          ...(options.store ? { store: options.store } : {}),
        }),
        logger: harness.logs,
        health: harness.health,
      },
      options.adapter,
    );
    if (options.http) {
      const routes = harness.adapter.routes ?? [];
      const server = createServer((req, res) => {
        if (!routes.some((route) => route.handle(req, res))) res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      harness.server = server;
      harness.interactionsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`;
    }
    await harness.adapter.start();
    return harness;
  }

  async stop(): Promise<void> {
    await this.adapter?.stop();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
    await this.fake.stop();
  }

  get ready(): boolean {
    return this.health.peek('discord')?.ok === true;
  }

  /** Sends an INTERACTION_CREATE and waits until the adapter has handled it. */
  async interact(d: Json): Promise<Outcome> {
    const fromCall = this.fake.calls.length;
    const fromSent = this.fake.sent.length;
    const dispatchedAt = Date.now();
    if (this.signer && this.interactionsUrl) {
      // Over HTTP: the answer is the response; Discord then knows the original message the bot may edit.
      this.fake.expectHttpCallback(String(d.token));
      const answer = await this.signer.post(this.interactionsUrl, d);
      this.httpAnswers.push(answer);
      if (answer.status === 200) this.fake.acceptHttpCallback(String(d.token), answer.body);
    } else {
      this.fake.dispatch('INTERACTION_CREATE', d);
    }
    await this.logs.waitFor((e) => e.event === 'discord.handled' && e.id === d.id);
    return { sent: this.fake.sent.slice(fromSent), calls: this.fake.calls.slice(fromCall), dispatchedAt };
  }

  /** A slash command with string options, e.g. `command('role', { role: 'staff-ml-architect' }, MEMBER)`. */
  command(name: string, options: Record<string, string>, user: FakeUser, where: CommandOptions = {}): Promise<Outcome> {
    const data = {
      id: '1180000000000001001',
      name,
      type: 1,
      ...(where.dm ? {} : { guild_id: DISCORD_IDS.guild }),
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })),
    };
    return this.interact(this.fake.interaction('interaction-chat-input', user, { data, ...where }));
  }

  /** A slash command with one subcommand, e.g. `subcommand('moderate', 'gaps', MODERATOR)`. */
  subcommand(name: string, sub: string, user: FakeUser, where: CommandOptions = {}): Promise<Outcome> {
    const data = { id: '1180000000000001007', name, type: 1, guild_id: DISCORD_IDS.guild, options: [{ name: sub, type: 1, options: [] }] };
    return this.interact(this.fake.interaction('interaction-chat-input', user, { data, ...where }));
  }

  /** Autocomplete while typing `focused` into option `option` of command `name`; returns the choices sent. */
  async autocomplete(name: string, option: string, value: string, user: FakeUser): Promise<Array<{ name: string; value: string }>> {
    const data = {
      id: '1180000000000001001',
      name,
      type: 1,
      guild_id: DISCORD_IDS.guild,
      options: [{ name: option, type: 3, value, focused: true }],
    };
    const outcome = await this.interact(this.fake.interaction('interaction-autocomplete', user, { data }));
    const callback = outcome.calls.find((c) => c.path.endsWith('/callback') && c.status === 204);
    const body = callback?.body as { type: number; data: { choices: Array<{ name: string; value: string }> } } | undefined;
    if (body?.type !== 8) throw new Error('no autocomplete result was sent');
    return body.data.choices;
  }

  /** Clicks the button whose label (emoji and label joined) matches on a message the bot sent. */
  click(on: SentMessage, label: RegExp, user: FakeUser): Promise<Outcome> {
    const button = buttonsOf(on.message).find((b) => label.test(b.label));
    if (!button)
      throw new Error(
        `no button matching ${label} on message ${on.messageId}: ${buttonsOf(on.message)
          .map((b) => b.label)
          .join(', ')}`,
      );
    return this.clickId(on, button.customId, user);
  }

  clickId(on: SentMessage, customId: string, user: FakeUser): Promise<Outcome> {
    const message = this.fake.messages.get(on.messageId) ?? on.message;
    const dm = !('guild_id' in message);
    const d = this.fake.interaction('interaction-button', user, {
      data: { custom_id: customId, component_type: 2 },
      message,
      channelId: on.channelId,
      dm,
    });
    return this.interact(d);
  }

  /** Submits the modal the bot showed last, typing `value` into each of its text inputs. */
  submitLastModal(value: string, user: FakeUser): Promise<Outcome> {
    const modal = this.fake.modals.at(-1);
    if (!modal) throw new Error('no modal was shown');
    const rows = (modal.data.components ?? []) as Array<{ components: Array<{ custom_id: string }> }>;
    const components = rows.map((row) => ({
      type: 1,
      components: row.components.map((c) => ({ type: 4, custom_id: c.custom_id, value })),
    }));
    const d = this.fake.interaction('interaction-button', user, {
      data: { custom_id: modal.data.custom_id, components },
      channelId: modal.channelId,
    });
    d.type = 5;
    delete d.message;
    return this.interact(d);
  }

  /** The "Answer with Career Advisor" message command on a message by `author`. */
  async contextMenu(content: string, author: FakeUser, user: FakeUser): Promise<Outcome & { targetId: string }> {
    const target = this.fake.userMessage(author, content, { mention: false });
    const targetId = String(target.id);
    const data = {
      id: '1180000000000001006',
      name: 'Answer with Career Advisor',
      type: 3,
      guild_id: DISCORD_IDS.guild,
      target_id: targetId,
      resolved: { messages: { [targetId]: target } },
    };
    return { ...(await this.interact(this.fake.interaction('interaction-message-context', user, { data }))), targetId };
  }

  /** A message in a guild channel mentioning the bot (`<@bot> text`). */
  mention(text: string, user: FakeUser, channelId?: string): Promise<Outcome> {
    return this.message(
      this.fake.userMessage(user, `<@${DISCORD_IDS.bot}> ${text}`, { mention: true, ...(channelId ? { channelId } : {}) }),
    );
  }

  dm(text: string, user: FakeUser): Promise<Outcome> {
    return this.message(this.fake.userMessage(user, text, { dm: true }));
  }

  /** Dispatches MESSAGE_CREATE and waits until the adapter has handled (or ignored) it. */
  async message(d: Json): Promise<Outcome> {
    const fromCall = this.fake.calls.length;
    const fromSent = this.fake.sent.length;
    const dispatchedAt = Date.now();
    this.fake.dispatch('MESSAGE_CREATE', d);
    await this.logs.waitFor((e) => (e.event === 'discord.handled' || e.event === 'discord.ignored') && e.id === d.id);
    return { sent: this.fake.sent.slice(fromSent), calls: this.fake.calls.slice(fromCall), dispatchedAt };
  }
}

export interface ButtonView {
  label: string;
  customId: string;
  disabled: boolean;
}

/** Buttons of a message as a person sees them: emoji and label joined. */
export function buttonsOf(message: Json): ButtonView[] {
  const rows = (message.components ?? []) as Array<{
    components: Array<{ label?: string; emoji?: { name?: string }; custom_id?: string; disabled?: boolean }>;
  }>;
  return rows.flatMap((row) =>
    row.components.map((b) => ({
      label: [b.emoji?.name, b.label].filter(Boolean).join(' '),
      customId: b.custom_id ?? '',
      disabled: b.disabled === true,
    })),
  );
}

/** Every visible text of a message: content, then each embed's title, description, fields and footer. */
export function textOf(message: { content?: unknown; embeds?: unknown }): string {
  const embeds = (message.embeds ?? []) as Array<{
    title?: string;
    description?: string;
    fields?: Array<{ name: string; value: string }>;
    footer?: { text: string };
  }>;
  return [
    typeof message.content === 'string' ? message.content : '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? '',
    ]),
  ]
    .filter((t) => t !== '')
    .join('\n');
}
