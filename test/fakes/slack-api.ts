/**
 * A fake Slack on 127.0.0.1: the Web API (`POST /api/<method>`, form-encoded like @slack/web-api sends it) and
 * response_url endpoints (`POST /respond/<id>`, JSON like Bolt's `respond()` sends it). It records every call so
 * tests can assert on exactly what the real Bolt app sent, and it can be told to fail the way Slack fails.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebApiCall {
  method: string;
  /** Form fields, with JSON fields (blocks…) parsed. */
  args: Record<string, unknown>;
  /** The bearer token the call carried. */
  token: string | undefined;
  seq: number;
}

export interface ResponseUrlCall {
  /** The id at the end of the response_url. */
  id: string;
  body: Record<string, unknown>;
  seq: number;
}

/** How the next matching call fails: a Slack error string (HTTP 200, ok:false) or an HTTP 429 with Retry-After. */
export type Failure = { error: string } | { status: 429; retryAfter: number };

export interface FakeUser {
  is_admin?: boolean;
  is_owner?: boolean;
}

export class FakeSlackApi {
  readonly botUserId = 'UBOT0001';
  readonly botId = 'BBOT0001';
  readonly teamId = 'T0000TEST';
  /** Every Web API call, in order. */
  readonly calls: WebApiCall[] = [];
  /** Every response_url call, in order. */
  readonly responses: ResponseUrlCall[] = [];
  /** Messages the app sent inside an HTTP ack (a slash command's answer), recorded by the harness. */
  readonly acks: Array<{ body: Record<string, unknown>; seq: number }> = [];
  /** users.info answers; unknown users are plain members. */
  readonly users = new Map<string, FakeUser>();
  /** Channels where chat.postMessage / chat.postEphemeral always fail with this error. */
  readonly channelErrors = new Map<string, string>();
  /** response_url ids whose answer is delayed by this many ms (the call is recorded when it arrives). */
  readonly responseDelays = new Map<string, number>();
  /** Delay of every other response_url answer, in ms (the call is recorded when it arrives). */
  responseDelayMs = 0;
  /** Delay of every Web API answer, in ms (the call is recorded when it arrives). */
  webApiDelayMs = 0;
  /** URL apps.connections.open hands out (Socket Mode). */
  socketUrl: string | undefined;
  private readonly failures: Array<{ method: string; failure: Failure }> = [];
  private server: Server | undefined;
  private seq = 0;
  private nextTs = 1_700_000_000_000_100;
  private responseIds = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get baseUrl(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** What to give the adapter as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A fresh response_url; its calls are recorded under the returned id. */
  newResponseUrl(): { id: string; url: string } {
    const id = `r${++this.responseIds}`;
    return { id, url: `${this.baseUrl}/respond/${id}` };
  }

  /** Makes the next call to `method` fail. */
  failNext(method: string, failure: Failure): void {
    this.failures.push({ method, failure });
  }

  callsTo(method: string): WebApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponseUrlCall[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Records a message the app sent in an ack, in order with everything else. */
  recordAck(body: Record<string, unknown>): void {
    this.acks.push({ body, seq: ++this.seq });
  }

  /** Every message payload the app sent (posts, ephemerals, response_url bodies, acks), in order, for limit and
   * mention checks. */
  sentMessages(): Array<Record<string, unknown>> {
    return [
      ...this.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral' || c.method === 'chat.update')
        .map((c) => ({ seq: c.seq, body: c.args })),
      ...this.responses.map((r) => ({ seq: r.seq, body: r.body })),
      ...this.acks,
    ]
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.body);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = req.url ?? '';
    const seq = ++this.seq;
    if (req.method === 'POST' && url.startsWith('/respond/')) {
      const id = url.slice('/respond/'.length);
      this.responses.push({ id, body: JSON.parse(raw || '{}') as Record<string, unknown>, seq });
      const delay = this.responseDelays.get(id) ?? this.responseDelayMs;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (!res.destroyed) send(res, 200, { ok: true });
      return;
    }
    if (req.method !== 'POST' || !url.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = url.slice('/api/'.length).split('?')[0] as string;
    const args = parseForm(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    this.calls.push({ method, args, token: auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined), seq });
    if (this.webApiDelayMs) await new Promise((resolve) => setTimeout(resolve, this.webApiDelayMs).unref());
    if (res.destroyed) return;

    const index = this.failures.findIndex((f) => f.method === method);
    if (index >= 0) {
      const { failure } = this.failures.splice(index, 1)[0] as { failure: Failure };
      if ('status' in failure) return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      return send(res, 200, { ok: false, error: failure.error });
    }
    send(res, 200, this.answer(method, args));
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'career-advisor',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
        };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      case 'users.info': {
        const id = String(args.user ?? '');
        const user = this.users.get(id) ?? {};
        return {
          ok: true,
          user: { id, name: id.toLowerCase(), is_bot: false, is_admin: user.is_admin ?? false, is_owner: user.is_owner ?? false },
        };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const error = channel ? this.channelErrors.get(channel) : 'channel_not_found';
        if (error) return { ok: false, error };
        const ts = this.newTs();
        return method === 'chat.postMessage'
          ? { ok: true, channel, ts, message: { type: 'message', user: this.botUserId, bot_id: this.botId, ts, text: args.text } }
          : { ok: true, message_ts: ts };
      }
      default:
        return { ok: true };
    }
  }

  private newTs(): string {
    this.nextTs += 100;
    const s = String(this.nextTs);
    return `${s.slice(0, 10)}.${s.slice(10)}`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
