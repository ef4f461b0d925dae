/**
 * A fake Discord on 127.0.0.1: the REST routes discord.js calls (gateway info, interaction callbacks, webhooks,
 * channel messages, DM channels, command registration) and a JSON gateway (HELLO, heartbeat ACKs, IDENTIFY → READY +
 * GUILD_CREATE, RESUME → RESUMED). Payloads start from the recorded shapes in test/fixtures/discord. Every REST call
 * is recorded, and every message the bot sent is kept as a {@link SentMessage}. What the fake must answer: docs/TESTING.md.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';

export type Json = Record<string, unknown>;

/** Reads a recorded-shape payload from test/fixtures/discord (a fresh copy each time). */
export function fixture<T = Json>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/discord/${name}.json`, import.meta.url), 'utf8')) as T;
}

export const DISCORD_IDS = fixture<{
  application: string;
  bot: string;
  guild: string;
  general: string;
  moderatorRole: string;
  member: string;
  moderator: string;
  otherBot: string;
}>('ids');

/** Permission bits as Discord sends them in `member.permissions` (no Administrator, which would imply everything). */
export const MEMBER_PERMISSIONS = 2248473465835073n;
export const MANAGE_MESSAGES = 0x2000n;

/** A message body as the bot sent it (interaction callback `data`, webhook or channel message JSON). */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  message_reference?: { message_id?: string; channel_id?: string; fail_if_not_exists?: boolean };
}

export interface RestCall {
  seq: number;
  method: string;
  /** Decoded path under `/api/v10`, without the query. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
  status: number;
  /** When the call arrived (ms since the epoch). */
  at: number;
}

export interface SentMessage {
  /** `reply`: interaction callback 4; `update`: callback 7; `edit`: PATCH of @original; `followup`; `channel`: POST /channels/…/messages. */
  via: 'reply' | 'update' | 'edit' | 'followup' | 'channel';
  messageId: string;
  channelId: string;
  ephemeral: boolean;
  /** The body exactly as sent (for an edit: the fields it changed). */
  payload: MessageBody;
  /** The full message after this send, as Discord would now show it. */
  message: Json;
  interactionId?: string;
  callSeq: number;
}

export interface FakeUser {
  id: string;
  username: string;
  /** Manage Messages in `member.permissions`. */
  manageMessages?: boolean;
  roles?: string[];
  bot?: boolean;
}

interface InteractionRecord {
  id: string;
  token: string;
  channelId: string;
  /** For components: the message the button is on. After a callback 4/5: the new reply. */
  originalId?: string;
}

interface Fault {
  match: (call: { method: string; path: string }) => boolean;
  status: number;
  retryAfterSeconds: number;
  times: number;
}

const DISCORD_EPOCH = 1420070400000n;
let snowflakeCounter = 0n;

/** A fresh snowflake, increasing like Discord's. */
export function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeCounter).toString();
}

export interface FakeDiscordOptions {
  /** What `GET /gateway/bot` recommends, and how the fake splits guilds: `(guild_id >> 22) % shards`. Default 1. */
  shards?: number;
}

interface ShardSession {
  ws: WebSocket;
  sessionId: string;
  seq: number;
}

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  readonly sent: SentMessage[] = [];
  readonly messages = new Map<string, Json>();
  /** IDENTIFY payloads received (`d`), to check intents. */
  readonly identifies: Json[] = [];
  resumes = 0;
  /** Modals the bot showed (interaction callback type 9), in order. */
  readonly modals: Array<{ interactionId: string; channelId: string; data: Json }> = [];
  /** Commands as last registered: `guild:<id>` or `global` → body. */
  readonly registered = new Map<string, Json[]>();

  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private port = 0;
  /** Live gateway sessions by shard id (the `shard[0]` a client sent in IDENTIFY). */
  private readonly sessions = new Map<number, ShardSession>();
  /** Every session ever identified, by id, so a RESUME on a fresh socket can continue it. */
  private readonly sessionShards = new Map<string, number>();
  readonly shardCount: number;
  private readonly sockets = new Set<WebSocket>();
  private holdingHello = false;
  private readonly held: WebSocket[] = [];
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly dmChannels = new Map<string, string>();
  private readonly faults: Fault[] = [];
  private callSeq = 0;
  /** Interactions sent over HTTP whose answer (the HTTP response) has not been taken in yet, by token. */
  private readonly awaitingHttp = new Map<string, { done: Promise<void>; resolve: () => void }>();

  constructor(options: FakeDiscordOptions = {}) {
    this.shardCount = options.shards ?? 1;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Whether every shard has a gateway session identified or resumed on an open socket. */
  get gatewayConnected(): boolean {
    for (let shard = 0; shard < this.shardCount; shard += 1) {
      const session = this.sessions.get(shard);
      if (!session || session.ws.readyState !== session.ws.OPEN) return false;
    }
    return true;
  }

  /** The shard a guild's events go to, as Discord computes it. */
  shardOf(guildId: string | undefined): number {
    return guildId ? Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount)) : 0;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.onHttp(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onConnection(ws));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Faults

  /** Answers the next `times` matching REST calls with 429 and a `retry-after`, as Discord's rate limiter does. */
  rateLimitNext(match: Fault['match'], retryAfterSeconds = 1, times = 1): void {
    this.faults.push({ match, status: 429, retryAfterSeconds, times });
  }

  /** Answers the next `times` matching REST calls with an error status, e.g. 401 for a refused token. */
  failNext(match: Fault['match'], status: number, times = 1): void {
    this.faults.push({ match, status, retryAfterSeconds: 0, times });
  }

  /** Makes new gateway connections wait for HELLO until {@link releaseHello}: the window while a client reconnects. */
  holdHello(): void {
    this.holdingHello = true;
  }

  releaseHello(): void {
    this.holdingHello = false;
    for (const ws of this.held.splice(0)) this.hello(ws);
  }

  /** Closes the gateway socket as Discord does on a server-side problem (4000 = unknown error: the client resumes). */
  closeGateway(code = 4000): void {
    for (const ws of this.sockets) ws.close(code, 'fake discord closed the connection');
    this.sessions.clear();
  }

  /**
   * Closes one shard's socket (4000: the client resumes that shard; the others stay up). `forget` drops the session
   * too, as Discord does when it times out: a RESUME then gets INVALID_SESSION and the client must IDENTIFY again.
   */
  closeShard(shard: number, code = 4000, options: { forget?: boolean } = {}): void {
    const session = this.sessions.get(shard);
    if (session && options.forget) this.sessionShards.delete(session.sessionId);
    session?.ws.close(code, 'fake discord closed this shard');
    this.sessions.delete(shard);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Gateway

  private onConnection(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      for (const [shard, session] of this.sessions) if (session.ws === ws) this.sessions.delete(shard);
    });
    ws.on('message', (raw) => this.onGateway(ws, JSON.parse(String(raw)) as { op: number; d: Json }));
    if (this.holdingHello) this.held.push(ws);
    else this.hello(ws);
  }

  private hello(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250, _trace: ['["fake-gateway",{"micros":0}]'] }, s: null, t: null }));
  }

  private onGateway(ws: WebSocket, packet: { op: number; d: Json }): void {
    switch (packet.op) {
      case 1: // heartbeat: an unanswered beat makes the client call the connection a zombie
        ws.send(JSON.stringify({ op: 11 }));
        return;
      case 2: {
        this.identifies.push(packet.d);
        const [shard] = (packet.d.shard as [number, number] | undefined) ?? [0, 1];
        const session: ShardSession = { ws, sessionId: `fake-session-${snowflake()}`, seq: 0 };
        this.sessions.set(shard, session);
        this.sessionShards.set(session.sessionId, shard);
        const ready = fixture<Json>('ready');
        const guild = fixture<Json>('guild-create');
        const owns = this.shardOf(String(guild.id)) === shard;
        Object.assign(ready, {
          session_id: session.sessionId,
          resume_gateway_url: this.gatewayUrl,
          shard: [shard, this.shardCount],
          guilds: owns ? ready.guilds : [],
        });
        this.send(ws, 'READY', ready);
        if (owns) this.send(ws, 'GUILD_CREATE', guild);
        return;
      }
      case 6: {
        this.resumes += 1;
        const shard = this.sessionShards.get(String(packet.d.session_id));
        const previous = shard === undefined ? undefined : this.sessions.get(shard);
        if (shard === undefined || (previous && previous.ws !== ws && previous.ws.readyState === previous.ws.OPEN)) {
          ws.send(JSON.stringify({ op: 9, d: false }));
          return;
        }
        const session: ShardSession = { ws, sessionId: String(packet.d.session_id), seq: previous?.seq ?? Number(packet.d.seq ?? 0) };
        this.sessions.set(shard, session);
        this.sendOn(session, 'RESUMED', {});
        return;
      }
      default:
        return;
    }
  }

  private send(ws: WebSocket, t: string, d: unknown): void {
    const session = [...this.sessions.values()].find((s) => s.ws === ws);
    if (session) this.sendOn(session, t, d);
  }

  private sendOn(session: ShardSession, t: string, d: unknown): void {
    session.seq += 1;
    session.ws.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
  }

  /**
   * Sends a dispatch on a live session: the given shard, else the shard of the payload's `guild_id` (DMs: shard 0), as
   * Discord routes events.
   */
  dispatch(t: string, d: unknown, shard?: number): void {
    const target = shard ?? this.shardOf((d as { guild_id?: string } | null)?.guild_id);
    const session = this.sessions.get(target);
    if (!session) throw new Error(`fake discord: no gateway session on shard ${target} to dispatch on`);
    this.sendOn(session, t, d);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Payload builders (from the recorded shapes)

  /** `member` of an interaction or message for a user. */
  memberOf(user: FakeUser): Json {
    const base = fixture<Json>('interaction-chat-input').member as Json;
    const permissions = user.manageMessages ? MEMBER_PERMISSIONS | MANAGE_MESSAGES : MEMBER_PERMISSIONS;
    return { ...base, user: userObject(user), roles: user.roles ?? [], permissions: permissions.toString() };
  }

  dmChannelOf(userId: string): string {
    let id = this.dmChannels.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannels.set(userId, id);
    }
    return id;
  }

  /**
   * An INTERACTION_CREATE `d` from a fixture, placed in a guild channel (or the user's DM with `dm`), registered so
   * the callbacks for its token can be followed.
   */
  interaction(fixtureName: string, user: FakeUser, overrides: { data?: Json; message?: Json; channelId?: string; dm?: boolean }): Json {
    const d = fixture<Json>(fixtureName);
    const id = snowflake();
    const token = `fake-token-${id}`;
    Object.assign(d, { id, token });
    if (overrides.data) d.data = overrides.data;
    if (overrides.message) d.message = overrides.message;
    let channelId: string;
    if (overrides.dm) {
      channelId = this.dmChannelOf(user.id);
      delete d.member;
      delete d.guild;
      delete d.guild_id;
      delete d.guild_locale;
      Object.assign(d, {
        user: userObject(user),
        channel: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [userObject(user)] },
        channel_id: channelId,
        context: 1,
        authorizing_integration_owners: { '0': DISCORD_IDS.guild },
      });
      if (d.data && typeof d.data === 'object') delete (d.data as Json).guild_id;
    } else {
      channelId = overrides.channelId ?? DISCORD_IDS.general;
      const channel = {
        ...(d.channel as Json),
        id: channelId,
        name: channelId === DISCORD_IDS.general ? 'general' : `channel-${channelId.slice(-4)}`,
      };
      Object.assign(d, { member: this.memberOf(user), channel, channel_id: channelId });
    }
    const record: InteractionRecord = { id, token, channelId };
    if (overrides.message) record.originalId = String(overrides.message.id);
    this.interactions.set(token, record);
    return d;
  }

  /** A MESSAGE_CREATE `d` from a user: in a guild channel (mentioning the bot when `mention`) or in their DM. */
  userMessage(user: FakeUser, content: string, where: { dm?: boolean; mention?: boolean; channelId?: string }): Json {
    const d = fixture<Json>(where.dm ? 'message-create-dm' : 'message-create-mention');
    const id = snowflake();
    Object.assign(d, { id, nonce: id, content, author: userObject(user), timestamp: new Date().toISOString() });
    if (where.dm) {
      d.channel_id = this.dmChannelOf(user.id);
    } else {
      d.channel_id = where.channelId ?? DISCORD_IDS.general;
      d.member = { ...(d.member as Json), roles: user.roles ?? [] };
      if (!where.mention) d.mentions = [];
    }
    this.messages.set(id, d);
    return d;
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP interactions (the bot's POST /discord/interactions)

  /**
   * Marks an interaction as sent to the bot over HTTP: until {@link acceptHttpCallback}, webhook calls for its token
   * wait, as Discord only knows the original response once it has read the HTTP answer.
   */
  expectHttpCallback(token: string): void {
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    this.awaitingHttp.set(token, { done, resolve });
  }

  /** Takes in the bot's HTTP answer to an interaction as if it were its callback. */
  acceptHttpCallback(token: string, body: unknown): void {
    const record = this.interactions.get(token);
    const path = `/interactions/${record?.id ?? 'unknown'}/${token}/callback`;
    const call: RestCall = {
      seq: ++this.callSeq,
      method: 'POST',
      path,
      query: new URLSearchParams({ via: 'http' }),
      authorization: undefined,
      body,
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);
    const [status] = this.onCallback(token, body as { type: number; data?: MessageBody }, call.query, call);
    call.status = status;
    this.awaitingHttp.get(token)?.resolve();
    this.awaitingHttp.delete(token);
  }

  // -------------------------------------------------------------------------------------------------------------
  // REST

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const prefix = '/api/v10';
    const path = decodeURIComponent(url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname);
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const waiting = path.startsWith('/webhooks/') ? this.awaitingHttp.get(String(path.split('/')[3])) : undefined;
    if (waiting) await Promise.race([waiting.done, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    const call: RestCall = {
      seq: ++this.callSeq,
      method,
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
      status: 0,
      at: Date.now(),
    };
    this.calls.push(call);
    const fault = this.faults.find((f) => f.times > 0 && f.match({ method, path }));
    if (fault) {
      fault.times -= 1;
      call.status = fault.status;
      if (fault.status !== 429) {
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: fault.status === 401 ? '401: Unauthorized' : 'Fake failure', code: 0 }));
        return;
      }
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        'retry-after': String(fault.retryAfterSeconds),
        'x-ratelimit-scope': 'user',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(fault.retryAfterSeconds),
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global: false }));
      return;
    }
    const [status, answer] = this.route(method, path, url.searchParams, body, call);
    call.status = status;
    if (status === 204) {
      res.writeHead(204);
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  private route(method: string, path: string, query: URLSearchParams, body: unknown, call: RestCall): [number, unknown] {
    const parts = path.split('/').filter(Boolean);
    const json = (body ?? {}) as Json;
    if (method === 'GET' && path === '/gateway/bot') {
      const info = fixture<Json>('gateway-bot');
      return [
        200,
        {
          ...info,
          url: this.gatewayUrl,
          shards: this.shardCount,
          session_start_limit: { ...(info.session_start_limit as Json), max_concurrency: 1 },
        },
      ];
    }
    if (method === 'POST' && parts[0] === 'interactions' && parts[3] === 'callback') {
      return this.onCallback(String(parts[2]), json as { type: number; data?: MessageBody }, query, call);
    }
    if (parts[0] === 'webhooks' && parts.length >= 3) {
      const token = String(parts[2]);
      const record = this.interactions.get(token);
      if (!record) return [404, { message: 'Unknown Webhook', code: 10015 }];
      if (method === 'PATCH' && parts[3] === 'messages' && parts[4] === '@original') {
        const id = record.originalId ?? snowflake();
        record.originalId = id;
        const message = this.upsertMessage(id, record.channelId, json as MessageBody, { interaction: true });
        this.record('edit', message, json as MessageBody, record.id, call);
        return [200, message];
      }
      if (method === 'GET' && parts[3] === 'messages') {
        const message = this.messages.get(record.originalId ?? '');
        return message ? [200, message] : [404, { message: 'Unknown Message', code: 10008 }];
      }
      if (method === 'POST' && parts.length === 3) {
        const message = this.upsertMessage(snowflake(), record.channelId, json as MessageBody, { interaction: true });
        this.record('followup', message, json as MessageBody, record.id, call);
        return [200, message];
      }
    }
    if (method === 'POST' && parts[0] === 'channels' && parts[2] === 'messages') {
      const message = this.upsertMessage(snowflake(), String(parts[1]), json as MessageBody, {});
      this.record('channel', message, json as MessageBody, undefined, call);
      return [200, message];
    }
    if (method === 'GET' && parts[0] === 'channels' && parts.length === 2) {
      const id = String(parts[1]);
      const dm = [...this.dmChannels].find(([, channel]) => channel === id);
      if (dm)
        return [
          200,
          {
            id,
            type: 1,
            last_message_id: null,
            flags: 0,
            recipients: [{ id: dm[0], username: 'someone', discriminator: '0', avatar: null }],
          },
        ];
      const general = (fixture<Json>('guild-create').channels as Json[])[0] as Json;
      return [200, { ...general, id, name: `channel-${id.slice(-4)}` }];
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(json.recipient_id);
      return [
        200,
        {
          id: this.dmChannelOf(recipient),
          type: 1,
          last_message_id: null,
          flags: 0,
          recipients: [{ id: recipient, username: 'someone', discriminator: '0', avatar: null, global_name: null }],
        },
      ];
    }
    if (method === 'PUT' && parts[0] === 'applications' && parts[parts.length - 1] === 'commands') {
      const scope = parts[2] === 'guilds' ? `guild:${parts[3]}` : 'global';
      const commands = (Array.isArray(body) ? body : []) as Json[];
      this.registered.set(scope, commands);
      return [
        200,
        commands.map((c) => ({
          ...c,
          id: snowflake(),
          application_id: parts[1],
          version: snowflake(),
          ...(parts[2] === 'guilds' ? { guild_id: parts[3] } : {}),
        })),
      ];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  private onCallback(token: string, body: { type: number; data?: MessageBody }, query: URLSearchParams, call: RestCall): [number, unknown] {
    const record = this.interactions.get(token);
    if (!record) return [404, { message: 'Unknown interaction', code: 10062 }];
    const data = body.data ?? {};
    let message: Json | undefined;
    switch (body.type) {
      case 4: // CHANNEL_MESSAGE_WITH_SOURCE
        record.originalId = snowflake();
        message = this.upsertMessage(record.originalId, record.channelId, data, { interaction: true });
        this.record('reply', message, data, record.id, call);
        break;
      case 5: // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: the reply comes later by PATCH @original
        record.originalId = snowflake();
        message = this.upsertMessage(record.originalId, record.channelId, { ...data, content: '' }, { interaction: true });
        break;
      case 6: // DEFERRED_UPDATE_MESSAGE: the component's message is edited later
        message = this.messages.get(record.originalId ?? '');
        break;
      case 7: // UPDATE_MESSAGE
        if (record.originalId) {
          message = this.upsertMessage(record.originalId, record.channelId, data, { interaction: true });
          this.record('update', message, data, record.id, call);
        }
        break;
      case 8: // APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
        break;
      case 9: // MODAL: the form the user sees; its submission comes back as a MODAL_SUBMIT interaction
        this.modals.push({ interactionId: record.id, channelId: record.channelId, data: data as Json });
        break;
      default:
        return [400, { message: 'Invalid Form Body', code: 50035 }];
    }
    if (query.get('with_response') === 'true') {
      return [200, { interaction: { id: record.id, type: 2 }, resource: { type: body.type, ...(message ? { message } : {}) } }];
    }
    return [204, undefined];
  }

  /** Creates a message or applies an edit to it, as Discord keeps it. */
  private upsertMessage(id: string, channelId: string, body: MessageBody, how: { interaction?: boolean }): Json {
    const existing = this.messages.get(id);
    const message: Json = existing ?? {
      ...fixture<Json>('message'),
      id,
      channel_id: channelId,
      type: body.message_reference ? 19 : how.interaction ? 20 : 0,
      timestamp: new Date().toISOString(),
      flags: body.flags ?? 0,
      content: '',
      embeds: [],
      components: [],
    };
    if (!how.interaction) {
      delete message.interaction_metadata;
      delete message.webhook_id;
      delete message.application_id;
    }
    if (!this.isDm(channelId)) message.guild_id = DISCORD_IDS.guild;
    if (body.content !== undefined) message.content = body.content;
    if (body.embeds !== undefined) message.embeds = body.embeds;
    if (body.components !== undefined) message.components = body.components;
    if (body.message_reference)
      message.message_reference = { ...body.message_reference, channel_id: channelId, guild_id: DISCORD_IDS.guild };
    if (existing) message.edited_timestamp = new Date().toISOString();
    this.messages.set(id, message);
    return message;
  }

  private isDm(channelId: string): boolean {
    return [...this.dmChannels.values()].includes(channelId);
  }

  private record(via: SentMessage['via'], message: Json, payload: MessageBody, interactionId: string | undefined, call: RestCall): void {
    this.sent.push({
      via,
      messageId: String(message.id),
      channelId: String(message.channel_id),
      ephemeral: ((Number(message.flags) || 0) & 64) === 64,
      payload,
      message: structuredClone(message),
      ...(interactionId ? { interactionId } : {}),
      callSeq: call.seq,
    });
  }
}

export function userObject(user: FakeUser): Json {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.username,
    avatar: null,
    public_flags: 0,
    ...(user.bot ? { bot: true } : {}),
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // Files arrive as multipart with the JSON in `payload_json`; only the JSON matters here.
    const match = /name="payload_json"\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
    return match ? JSON.parse(match[1] as string) : undefined;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
