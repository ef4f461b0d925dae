/**
 * A screen in front of Bolt's HTTP receiver for `POST /slack/events` (issue 11, Slack edge inputs). Bolt hangs on a
 * signed body that is JSON `null` or not an object, answers `block_actions` without a `user` with a 500, and makes a
 * well-formed payload nobody handles wait 3 s for a 404. Here, once the signature is valid:
 * - a body that is not an object (or a `payload` field that is not one) gets 400 at once;
 * - an interactive payload without a user id gets 200 and a log line (nothing can be done for nobody);
 * - a payload or command this app does not handle gets 200 at once and a debug line (Slack does not retry it).
 * Everything else goes to Bolt unchanged: the body read here is handed over as `rawBody`, which Bolt reuses.
 *
 * The signature is verified here first: a request with a bad, missing or stale signature gets 401 before anything
 * is parsed. Every POST Bolt would route to the events endpoint passes here (the same path rule as Bolt's); Slack's
 * unsigned `ssl_check` is answered 200 here. Bolt verifies again behind this screen (defence in depth: a change to
 * the screen can never let an unsigned request through); that second check costs about 70 µs per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../core/types.ts';
import { ACTION, CONTROL_ACTION } from './actions.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ScreenOptions {
  signingSecret: string;
  /** The endpoint path Bolt serves. */
  path: string;
  /** Slash commands the app registers. */
  commands: readonly string[];
  logger: Logger;
  /** Largest body read, like Bolt's own limit. Default 4 MB. */
  bodyLimit?: number;
}

const INTERACTIVE: Record<string, (payload: Record<string, unknown>) => boolean> = {
  block_actions: (p) =>
    Array.isArray(p.actions) &&
    p.actions.every((a) => typeof a === 'object' && a !== null && CONTROL_ACTION.test(String((a as { action_id?: unknown }).action_id))),
  block_suggestion: (p) => p.action_id === ACTION.openRole,
  view_submission: (p) => (p.view as { callback_id?: unknown } | undefined)?.callback_id === ACTION.comment,
  view_closed: () => false,
  message_action: (p) => p.callback_id === ACTION.answerMessage,
};

/** Wraps Bolt's request listener with the screen. */
export function screenSlackRequests(bolt: Listener, options: ScreenOptions): Listener {
  const limit = options.bodyLimit ?? 4 * 1024 * 1024;
  const answer = (res: ServerResponse, status: number) => {
    res.writeHead(status, status === 200 ? { 'content-type': 'text/plain' } : {});
    res.end();
  };

  return (req, res) => {
    if (req.method?.toUpperCase() !== 'POST' || pathOf(req.url) !== options.path) return bolt(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('error', () => answer(res, 400));
    req.on('end', () => {
      if (size > limit) return answer(res, 413);
      const raw = Buffer.concat(chunks);
      // Bolt reads a request whose body is already buffered from `rawBody` instead of the (consumed) stream.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      const verdict = judge(req, raw.toString('utf8'), options);
      if (verdict === 'bolt') return bolt(req, res);
      if (verdict === 'ssl-check') return answer(res, 200);
      if (verdict === 'unsigned') {
        options.logger.warn({ event: 'slack.bad_signature' }, 'request with a missing, wrong or stale signature; refused');
        return answer(res, 401);
      }
      if (verdict === 'malformed') {
        options.logger.warn({ event: 'slack.malformed_request' }, 'signed request with a body that is not an object');
        return answer(res, 400);
      }
      if (verdict === 'no-user') {
        options.logger.warn({ event: 'slack.payload_without_user' }, 'signed interactive payload without a user; ignored');
        return answer(res, 200);
      }
      options.logger.debug({ event: 'slack.unhandled_payload' }, 'signed payload this app does not handle; acknowledged');
      answer(res, 200);
    });
  };
}

type Verdict = 'bolt' | 'ssl-check' | 'unsigned' | 'malformed' | 'no-user' | 'unhandled';

/** The path Bolt's HTTPReceiver routes on (`new URL(req.url, base).pathname`), so both always agree. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** Slack's slash commands and events may be replayed for 5 minutes at most. */
const MAX_AGE_S = 5 * 60;

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`), checked by Bolt's own
 * `isValidSlackRequest` (the maintained implementation), after stricter checks of our own: the timestamp is decimal
 * digits and within 5 minutes in either direction (Bolt accepts future ones).
 */
function validSlackSignature(signingSecret: string, headers: IncomingMessage['headers'], body: string, nowMs = Date.now()): boolean {
  const signature = headers['x-slack-signature'];
  const stamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof stamp !== 'string' || !/^\d{1,12}$/.test(stamp)) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(stamp)) > MAX_AGE_S) return false;
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return false;
  try {
    return isValidSlackRequest({
      signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(stamp) },
      nowMilliseconds: nowMs,
    });
  } catch {
    return false;
  }
}

function judge(req: IncomingMessage, text: string, options: ScreenOptions): Verdict {
  const type = req.headers['content-type'];
  if (!validSlackSignature(options.signingSecret, req.headers, text)) {
    // Slack's connectivity check is unsigned: answered here, and whatever else its body holds goes nowhere.
    return type === 'application/x-www-form-urlencoded' && parseQuery(text).ssl_check === '1' ? 'ssl-check' : 'unsigned';
  }
  if (type === 'application/json') {
    const body = parseObject(text);
    if (!body) return 'malformed';
    return body.type === 'event_callback' || body.type === 'url_verification' ? 'bolt' : 'unhandled';
  }
  // Bolt itself answers the content types it does not read (400): leave those to it.
  if (type !== 'application/x-www-form-urlencoded') return 'bolt';
  const form = parseQuery(text);
  if (form.ssl_check === '1') return 'ssl-check';
  if (typeof form.payload === 'string') {
    const payload = parseObject(form.payload);
    if (!payload) return 'malformed';
    const handles = typeof payload.type === 'string' ? INTERACTIVE[payload.type] : undefined;
    if (!handles) return 'unhandled';
    const user = payload.user as { id?: unknown } | undefined;
    if (typeof user?.id !== 'string') return 'no-user';
    return handles(payload) ? 'bolt' : 'unhandled';
  }
  if (typeof form.command === 'string')
    return options.commands.includes(form.command) && typeof form.user_id === 'string' ? 'bolt' : 'unhandled';
  return 'unhandled';
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
