/**
 * Turns what can go wrong when talking to Slack into a stable code for the log and a sentence for the person who
 * clicked or asked. Web API errors are matched by their `code` / `data.error` (see @slack/web-api's error classes) so
 * this works whatever copy of the library threw them.
 */

/** The adapter's own error: a string code, a message for the log, the cause. */
export class SlackAdapterError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(`slack: ${message}`, options);
    this.name = 'SlackAdapterError';
    this.code = code;
  }
}

export interface ExplainedError {
  /** `ratelimited`, `channel_not_found`, `not_in_channel`, another Slack error string, or `internal`. */
  code: string;
  /** A friendly sentence for the user (Markdown). */
  userMessage: string;
  /** Seconds Slack asked us to wait, for `ratelimited`. */
  retryAfter?: number;
}

interface MaybeSlackError {
  code?: unknown;
  retryAfter?: unknown;
  data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
  message?: unknown;
}

/** Explains any error thrown while handling a Slack request. */
export function explainSlackError(error: unknown): ExplainedError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as MaybeSlackError;
  const slackCode =
    e.code === 'slack_webapi_rate_limited_error' ? 'ratelimited' : typeof e.data?.error === 'string' ? e.data.error : undefined;
  switch (slackCode) {
    case 'ratelimited': {
      const raw = typeof e.retryAfter === 'number' ? e.retryAfter : e.data?.response_metadata?.retryAfter;
      const retryAfter = typeof raw === 'number' && raw > 0 ? raw : undefined;
      return {
        code: 'ratelimited',
        retryAfter,
        userMessage: `Slack is asking me to slow down right now. Please try again${retryAfter ? ` in about ${retryAfter} seconds` : ' in a minute'}.`,
      };
    }
    case 'channel_not_found':
      return {
        code: slackCode,
        userMessage:
          "I can't find or see this channel, so I couldn't post there. If it is private, add me to it first (`/invite @Career Advisor`).",
      };
    case 'not_in_channel':
      return {
        code: slackCode,
        userMessage:
          "I'm not a member of this channel yet, so I couldn't post there. Add me with `/invite @Career Advisor`, then try again.",
      };
    case 'is_archived':
      return { code: slackCode, userMessage: 'This channel is archived, so I could not post there.' };
    case 'msg_too_long':
    case 'invalid_blocks':
      return { code: slackCode, userMessage: 'Slack would not take that answer. Please try a narrower question.' };
    case undefined:
      return { code: 'internal', userMessage: 'Sorry, something went wrong on my side while answering. Please try again.' };
    default:
      return { code: slackCode, userMessage: `Slack refused that (${slackCode}). Please try again, or ask a workspace admin.` };
  }
}

/** A short description of an error for a log line, without stack noise or request bodies. */
export function describeError(error: unknown): { code: string; message: string } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as MaybeSlackError;
  const code = typeof e.code === 'string' ? e.code : 'internal';
  const message = typeof e.message === 'string' ? e.message : String(error);
  return { code, message: message.slice(0, 500) };
}
