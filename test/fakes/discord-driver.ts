/**
 * The Discord driver of the shared adapter contract (test/contract/adapter-contract.ts): the real adapter and a
 * real discord.js Client against the fake Discord, seen as a person would see it. A contract moderator is a member
 * whose `permissions` include Manage Messages (0x2000); a contract member has neither that nor a moderator role.
 */
import type { AdapterDriver, ContractUser, SeenReply } from '../contract/adapter-contract.ts';
import { isTopic } from '../../src/core/topics.ts';
import { DISCORD_LIMITS } from '../../src/adapters/discord/render.ts';
import { DISCORD_IDS, snowflake, type FakeUser, type MessageBody, type SentMessage } from './discord.ts';
import { buttonsOf, DiscordHarness, textOf, waitUntil, type HarnessOptions, type Outcome } from './discord-harness.ts';

export class DiscordDriver implements AdapterDriver {
  readonly name: string;

  /** `options.http`: interactions over HTTP (`POST /discord/interactions`) instead of the gateway. */
  constructor(private readonly options: HarnessOptions = {}) {
    this.name = options.http ? 'Discord over HTTP' : 'Discord';
  }

  private harness: DiscordHarness | undefined;
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Map<string, string>();

  private get h(): DiscordHarness {
    if (!this.harness) throw new Error('DiscordDriver: start() first');
    return this.harness;
  }

  async start(): Promise<void> {
    this.harness = await DiscordHarness.start({ sharePolicy: 'moderators', rateLimitPerMinute: 1000, ...this.options });
  }

  async stop(): Promise<void> {
    await this.harness?.stop();
  }

  async roleCommand(args: string, user: ContractUser): Promise<SeenReply> {
    const words = args.trim().split(/\s+/).filter(Boolean);
    // `/role` needs a role; what the contract means by an empty role command is the list of roles: `/roles`.
    if (words.length === 0) return this.replyOf(await this.h.command('roles', {}, this.user(user)));
    const last = words[words.length - 1] as string;
    const topic = words.length > 1 && isTopic(last) ? last : undefined;
    const role = (topic ? words.slice(0, -1) : words).join(' ');
    return this.replyOf(await this.h.command('role', { role, ...(topic ? { topic } : {}) }, this.user(user)));
  }

  async ask(question: string, user: ContractUser, channel?: string): Promise<SeenReply> {
    return this.replyOf(await this.h.command('ask', { question }, this.user(user), channel ? { channelId: this.channel(channel) } : {}));
  }

  async mention(text: string, user: ContractUser): Promise<SeenReply> {
    return this.replyOf(await this.h.mention(text, this.user(user)));
  }

  async directMessage(text: string, user: ContractUser): Promise<SeenReply> {
    return this.replyOf(await this.h.dm(text, this.user(user)));
  }

  async click(reply: SeenReply, buttonLabel: RegExp, user: ContractUser): Promise<{ private?: SeenReply; public?: SeenReply }> {
    const outcome = await this.h.click(reply.raw as SentMessage, buttonLabel, this.user(user));
    const seen = outcome.sent.map((s) => this.seen(s));
    const publicReply = seen.filter((s) => s.visibility === 'public').pop();
    const privateReply = seen.filter((s) => s.visibility === 'private').pop();
    return { ...(privateReply ? { private: privateReply } : {}), ...(publicReply ? { public: publicReply } : {}) };
  }

  async moderatorCommand(command: 'gaps' | 'feedback', user: ContractUser): Promise<SeenReply> {
    return this.replyOf(await this.h.subcommand('moderate', command, this.user(user)));
  }

  async submitComment(text: string, user: ContractUser): Promise<SeenReply> {
    return this.replyOf(await this.h.submitLastModal(text, this.user(user)));
  }

  async mentionDeliveredTwice(text: string, user: ContractUser): Promise<number> {
    const d = this.h.fake.userMessage(this.user(user), `<@${DISCORD_IDS.bot}> ${text}`, { mention: true });
    const handled = () => this.h.logs.entries.filter((e) => e.event === 'discord.handled' && e.id === d.id).length;
    const from = this.h.fake.sent.length;
    // The same MESSAGE_CREATE twice: what a second gateway connection, or a replayed dispatch, would deliver.
    this.h.fake.dispatch('MESSAGE_CREATE', d);
    await waitUntil(() => handled() === 1, 5_000, 'the first delivery');
    this.h.fake.dispatch('MESSAGE_CREATE', d);
    // discord.js drops a message it already caches; a later message handled means the repeat was dealt with.
    const sentinel = this.h.fake.userMessage(this.user(user), 'a message that does not mention the bot', { mention: false });
    this.h.fake.dispatch('MESSAGE_CREATE', sentinel);
    await waitUntil(() => this.h.logs.entries.some((e) => e.id === sentinel.id), 5_000, 'the delivery after the repeat');
    return this.h.fake.sent.slice(from).filter((s) => s.via === 'channel' && s.payload.message_reference?.message_id === d.id).length;
  }

  sentNothingThatPings(): boolean {
    return this.h.fake.sent.every((s) => payloadCannotPing(s.payload));
  }

  sentWithinLimits(): boolean {
    return this.h.fake.sent.every((s) => withinLimits(s.payload).length === 0);
  }

  publicPostCount(): number {
    return this.h.fake.sent.filter((s) => s.via === 'channel' && this.seen(s).visibility === 'public').length;
  }

  private replyOf(outcome: Outcome): SeenReply {
    const sent = outcome.sent[outcome.sent.length - 1];
    if (!sent) throw new Error(`the bot sent nothing (calls: ${outcome.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')})`);
    return this.seen(sent);
  }

  private seen(sent: SentMessage): SeenReply {
    const inDm = !('guild_id' in sent.message);
    return {
      visibility: sent.ephemeral || inDm ? 'private' : 'public',
      text: textOf(sent.message),
      buttons: buttonsOf(sent.message).map((b) => ({ label: b.label, id: b.customId })),
      raw: sent,
    };
  }

  private user(user: ContractUser): FakeUser {
    let fake = this.users.get(user.id);
    if (!fake) {
      fake = { id: snowflake(), username: user.id, manageMessages: user.moderator };
      this.users.set(user.id, fake);
    }
    return fake;
  }

  private channel(name: string): string {
    let id = this.channels.get(name);
    if (!id) {
      id = snowflake();
      this.channels.set(name, id);
    }
    return id;
  }
}

/**
 * Whether a sent body cannot ping anyone but one explicitly named user: mention parsing off, no role mentions, at
 * most one user allowed (and only one the text names on purpose), and no raw `@everyone`/`@here`/role mention text.
 */
export function payloadCannotPing(payload: MessageBody): boolean {
  const allowed = payload.allowed_mentions;
  if (!allowed || !Array.isArray(allowed.parse) || allowed.parse.length !== 0) return false;
  if ((allowed.roles ?? []).length > 0) return false;
  const users = allowed.users ?? [];
  if (users.length > 1) return false;
  const text = textOf(payload);
  if (users.some((id) => !(payload.content ?? '').includes(`<@${id}>`))) return false;
  return !/@(?:everyone|here)|<@&\d+>|<!(?:everyone|here|channel)>/i.test(text);
}

/** Every Discord limit a body breaks (empty when within all of them). */
export function withinLimits(payload: MessageBody): string[] {
  const problems: string[] = [];
  const L = DISCORD_LIMITS;
  if ((payload.content ?? '').length > L.content) problems.push(`content ${payload.content?.length}`);
  const embeds = payload.embeds ?? [];
  if (embeds.length > L.embeds) problems.push(`${embeds.length} embeds`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const fields = e.fields ?? [];
    if ((e.title ?? '').length > L.title) problems.push(`embed ${i} title ${e.title?.length}`);
    if ((e.description ?? '').length > L.description) problems.push(`embed ${i} description ${e.description?.length}`);
    if (fields.length > L.fields) problems.push(`embed ${i} has ${fields.length} fields`);
    for (const f of fields) {
      if (f.name.length === 0 || f.name.length > L.fieldName) problems.push(`embed ${i} field name ${f.name.length}`);
      if (f.value.length === 0 || f.value.length > L.fieldValue) problems.push(`embed ${i} field value ${f.value.length}`);
    }
    if ((e.footer?.text ?? '').length > L.footer) problems.push(`embed ${i} footer ${e.footer?.text.length}`);
    if (!e.title && !e.description && fields.length === 0) problems.push(`embed ${i} is empty`);
    total +=
      (e.title ?? '').length +
      (e.description ?? '').length +
      (e.footer?.text ?? '').length +
      fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  if (total > L.embedTotal) problems.push(`embeds total ${total}`);
  const rows = payload.components ?? [];
  if (rows.length > L.rows) problems.push(`${rows.length} rows`);
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.components.length > L.buttonsPerRow) problems.push(`row of ${row.components.length}`);
    for (const b of row.components) {
      if ('custom_id' in b) {
        if (b.custom_id.length > L.customId) problems.push(`custom_id ${b.custom_id.length}`);
        if (ids.has(b.custom_id)) problems.push(`duplicate custom_id ${b.custom_id}`);
        ids.add(b.custom_id);
      }
      if ((b.label ?? '').length > L.buttonLabel) problems.push(`label ${b.label?.length}`);
    }
  }
  return problems;
}
