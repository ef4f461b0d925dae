/**
 * Discord interactions over HTTP (`POST /discord/interactions`, the portal's Interactions Endpoint URL), through the
 * very same discord.js handlers as the gateway: a verified payload is handed to discord.js as if the gateway had sent
 * it, and the interaction callback discord.js then makes (`reply`, `deferReply`, `update`, `respond`, `showModal`) is
 * caught in the REST layer (`rest.makeRequest`) and written as the HTTP response instead of being posted to Discord.
 * So rendering, rules and the bot layer exist once; this file only moves bytes.
 *
 * Discord wants the response within 3 s. If the handlers have not answered after {@link InteractionsEndpointOptions.deferAfterMs},
 * the endpoint answers `{"type":5,"data":{"flags":64}}` itself and turns the late answer into a PATCH of `@original`.
 * Signatures are checked over the raw bytes before anything is parsed; anything unverifiable is a 401.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { Logger } from '../../core/types.ts';
import { discordPublicKey, verifyDiscordSignature } from './verify.ts';

export const INTERACTIONS_PATH = '/discord/interactions';

/** Interaction callback types (Discord API). */
const CALLBACK = { pong: 1, message: 4, deferredMessage: 5, deferredUpdate: 6, update: 7, autocomplete: 8, modal: 9 } as const;
const INTERACTION = { ping: 1, autocomplete: 4 } as const;
const EPHEMERAL = 64;
const CALLBACK_ROUTE = /\/interactions\/(\d+)\/([^/?]+)\/callback(?:\?|$)/;

/** What `rest.makeRequest` must return to @discordjs/rest: a fetch Response does. */
export type MakeRequest = (url: string, init: RequestInit) => Promise<Response>;

export interface InteractionsEndpointOptions {
  /** The portal's public key, 64 hex characters. */
  publicKey: string;
  applicationId: string;
  /** REST base, as the client uses it (default Discord's): late answers are PATCHed to `${api}/v10/webhooks/…`. */
  apiUrl?: string;
  /** Hands a verified raw interaction to discord.js (which emits `interactionCreate` to the handlers). */
  dispatch: (data: Record<string, unknown>) => void;
  logger: Logger;
  /** Told about every request: `pong`, `answered`, `deferred`, `refused` (bad signature), `invalid` (bad body). */
  onOutcome?: (outcome: EndpointOutcome, ms: number) => void;
  /** Answer with a deferral when the handlers are this slow. Default {@link defaultDeferAfterMs}. */
  deferAfterMs?: number;
  /** Largest body accepted. Default 1 MiB. */
  maxBodyBytes?: number;
  /** The real transport, for everything that is not a pending callback. Default global fetch. */
  fetch?: MakeRequest;
}

export type EndpointOutcome = 'pong' | 'answered' | 'deferred' | 'refused' | 'invalid';

export const defaultDeferAfterMs = 2_000;

interface Pending {
  token: string;
  type: number;
  /** Set once the HTTP response is written: `direct` (the answer itself) or `deferred` (type 5, answer to PATCH). */
  state: 'waiting' | 'direct' | 'deferred';
  respond: (body: Record<string, unknown>) => Promise<void>;
  expiry?: ReturnType<typeof setTimeout>;
}

export class DiscordInteractionsEndpoint {
  private readonly key: KeyObject;
  private readonly pending = new Map<string, Pending>();
  private readonly fetch: MakeRequest;
  private readonly api: string;

  constructor(private readonly options: InteractionsEndpointOptions) {
    this.key = discordPublicKey(options.publicKey);
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.api = (options.apiUrl ?? 'https://discord.com/api').replace(/\/$/, '');
  }

  /** The route: takes `POST /discord/interactions` (405 for other methods there), returns false for any other path. */
  readonly route = (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.url ?? '').split('?')[0] !== INTERACTIONS_PATH) return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method not allowed' }));
      return true;
    }
    void this.handle(req, res);
    return true;
  };

  /** For the client's `rest.makeRequest`: callbacks of interactions that arrived over HTTP become their HTTP response. */
  readonly makeRequest: MakeRequest = async (url, init) => {
    const match = CALLBACK_ROUTE.exec(url);
    const pending = match ? this.pending.get(match[1] as string) : undefined;
    if (!match || !pending || pending.token !== decodeURIComponent(match[2] as string)) return this.fetch(url, init);
    const body = JSON.parse(String(init.body ?? '{}')) as { type: number; data?: Record<string, unknown> };
    const withResponse = new URL(url).searchParams.get('with_response') === 'true';
    if (pending.state === 'waiting') {
      pending.state = 'direct';
      this.pending.delete(match[1] as string);
      await pending.respond(withSafeMentions(body));
    } else if (pending.state === 'deferred') {
      await this.lateAnswer(pending, body);
    } else {
      return this.fetch(url, init); // a second callback: let Discord say it was already acknowledged
    }
    return withResponse
      ? Response.json({ interaction: { id: match[1], type: pending.type }, resource: { type: body.type } })
      : new Response(null, { status: 204 });
  };

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const done = (outcome: EndpointOutcome) => this.options.onOutcome?.(outcome, performance.now() - started);
    let raw: Buffer;
    try {
      raw = await readBody(req, this.options.maxBodyBytes ?? 1024 * 1024);
    } catch {
      sendJson(res, 413, { error: 'body too large' });
      done('invalid');
      return;
    }
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (!verifyDiscordSignature(this.key, signature, timestamp, raw)) {
      this.options.logger.info(
        { event: 'discord.http_refused', reason: signature && timestamp ? 'bad_signature' : 'missing_signature' },
        'interaction with an invalid signature refused',
      );
      sendJson(res, 401, { error: 'invalid request signature' });
      done('refused');
      return;
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      if (typeof data !== 'object' || data === null || typeof data.type !== 'number') throw new Error('no type');
    } catch {
      sendJson(res, 400, { error: 'body must be an interaction (JSON with a numeric type)' });
      done('invalid');
      return;
    }
    if (data.type === INTERACTION.ping) {
      sendJson(res, 200, { type: CALLBACK.pong });
      done('pong');
      return;
    }
    const id = String(data.id ?? '');
    const token = String(data.token ?? '');
    if (!/^\d+$/.test(id) || token === '') {
      sendJson(res, 400, { error: 'interaction without id or token' });
      done('invalid');
      return;
    }
    const pending: Pending = {
      token,
      type: data.type,
      state: 'waiting',
      respond: (body) =>
        new Promise<void>((resolve) => {
          clearTimeout(timer);
          sendJson(res, 200, body, resolve);
          done('answered');
        }),
    };
    this.pending.set(id, pending);
    const timer = setTimeout(() => {
      if (pending.state !== 'waiting') return;
      // Autocomplete cannot be deferred: an empty list is the honest answer to a slow one.
      const deferral =
        data.type === INTERACTION.autocomplete
          ? { type: CALLBACK.autocomplete, data: { choices: [] } }
          : { type: CALLBACK.deferredMessage, data: { flags: EPHEMERAL } };
      pending.state = data.type === INTERACTION.autocomplete ? 'direct' : 'deferred';
      if (pending.state === 'direct') this.pending.delete(id);
      // The token lives 15 minutes: so may the record of a deferral that is waiting for its answer.
      else pending.expiry = setTimeout(() => this.pending.delete(id), 15 * 60_000).unref();
      this.options.logger.info({ event: 'discord.http_deferred', interaction: id }, 'interaction deferred: the answer follows as an edit');
      sendJson(res, 200, deferral);
      done('deferred');
    }, this.options.deferAfterMs ?? defaultDeferAfterMs);
    try {
      this.options.dispatch(data);
    } catch (error) {
      this.options.logger.error(
        { event: 'discord.http_dispatch_failed', err: error, interaction: id },
        'could not hand an interaction to discord.js',
      );
    }
  }

  /** The answer to an interaction that was already deferred over HTTP: it replaces the "thinking…" message. */
  private async lateAnswer(pending: Pending, body: { type: number; data?: Record<string, unknown> }): Promise<void> {
    if (body.type === CALLBACK.deferredMessage || body.type === CALLBACK.deferredUpdate) return;
    if (body.type !== CALLBACK.message && body.type !== CALLBACK.update) {
      this.options.logger.warn(
        { event: 'discord.http_late_callback_dropped', type: body.type },
        'a late modal or autocomplete answer cannot follow a deferral',
      );
      return;
    }
    const { flags: _flags, ...data } = withSafeMentions(body).data ?? {};
    const response = await this.fetch(`${this.api}/v10/webhooks/${this.options.applicationId}/${pending.token}/messages/%40original`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
    if (!response.ok) {
      this.options.logger.warn({ event: 'discord.http_late_answer_failed', status: response.status }, 'could not edit the deferred answer');
    }
  }
}

/** Every body with content carries `allowed_mentions: { parse: [] }` unless the handlers set their own (stricter) list. */
function withSafeMentions<T extends { data?: Record<string, unknown> }>(body: T): T {
  const data = body.data;
  if (!data || !('content' in data) || data.allowed_mentions) return body;
  return { ...body, data: { ...data, allowed_mentions: { parse: [] } } };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown, flushed?: () => void): void {
  if (res.headersSent || res.destroyed) {
    flushed?.();
    return;
  }
  if (flushed) res.once('close', flushed); // a caller that went away must not leave discord.js waiting
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body), flushed);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

interface DispatchingClient {
  actions?: { InteractionCreate?: { handle(data: unknown): void } };
  guilds: { cache: Map<string, unknown>; _add?: (data: unknown) => unknown };
}

/**
 * A discord.js client's own dispatcher for raw interactions, the one the gateway uses (not in its typings). Without a
 * gateway no GUILD_CREATE fills the guild cache, and discord.js cannot make a server channel (to post a shared answer
 * in) without its guild: the interaction's own `guild` stub is cached first, as the gateway would have.
 */
export function interactionDispatcher(client: object): (data: Record<string, unknown>) => void {
  const c = client as DispatchingClient;
  const action = c.actions?.InteractionCreate;
  if (!action || !c.guilds._add)
    throw new Error('discord: this discord.js version has no InteractionCreate action to dispatch HTTP interactions');
  const addGuild = c.guilds._add.bind(c.guilds);
  return (data) => {
    const guildId = typeof data.guild_id === 'string' ? data.guild_id : undefined;
    if (guildId && !c.guilds.cache.has(guildId)) {
      const stub = typeof data.guild === 'object' && data.guild !== null ? data.guild : {};
      addGuild({ ...stub, id: guildId, unavailable: false });
    }
    action.handle(data);
  };
}
