/**
 * Sends requests to Bolt's HTTP receiver the way Slack does: signed with the signing secret
 * (`v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>`), forms with Content-Type exactly
 * `application/x-www-form-urlencoded` (Bolt answers 400 to `; charset=utf-8`), events as JSON.
 */
import { createHmac } from 'node:crypto';

export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

export interface SendOptions {
  /** Seconds since the epoch to sign with. Default: now. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  secret?: string;
  /** Extra headers, e.g. `x-slack-retry-num`. */
  headers?: Record<string, string>;
}

export interface SentResult {
  status: number;
  body: string;
}

export class SlackRequestSender {
  constructor(
    private readonly baseUrl: string,
    private readonly signingSecret: string,
  ) {}

  /** A slash command: form fields. */
  postForm(fields: Record<string, string>, options: SendOptions = {}): Promise<SentResult> {
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  /** An interactivity payload (block_actions, message_action): `payload=<JSON>` as a form. */
  postInteraction(payload: unknown, options: SendOptions = {}): Promise<SentResult> {
    return this.postForm({ payload: JSON.stringify(payload) }, options);
  }

  /** An Events API request: JSON. */
  postEvent(body: unknown, options: SendOptions = {}): Promise<SentResult> {
    return this.send(JSON.stringify(body), 'application/json', options);
  }

  /** Any raw body, signed: for malformed inputs (`null`, `42`, a broken payload). */
  post(raw: string, contentType: string, options: SendOptions = {}): Promise<SentResult> {
    return this.send(raw, contentType, options);
  }

  private async send(raw: string, contentType: string, options: SendOptions): Promise<SentResult> {
    const headers = {
      // A string body keeps fetch from adding `; charset=utf-8` to a header we set ourselves.
      'content-type': contentType,
      ...signSlackRequest(options.secret ?? this.signingSecret, raw, options.timestamp),
      ...options.headers,
    };
    const response = await fetch(`${this.baseUrl}/slack/events`, { method: 'POST', headers, body: raw });
    return { status: response.status, body: await response.text() };
  }
}
