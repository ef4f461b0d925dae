/**
 * Action ids and button values. A click on an ephemeral message may arrive without the message, so every button
 * carries what its handler needs (a command in the core grammar, an answer id, a page offset) in its `value`, which
 * Slack caps at 2,000 characters.
 */

/** Action ids (and the shortcut's callback id) the adapter registers. */
export const ACTION = {
  /** Prefix: `followup:0`, `followup:1`… (ids must be unique within a message). */
  followUp: 'followup:',
  openRole: 'open_role',
  share: 'share',
  feedbackUp: 'feedback:up',
  feedbackDown: 'feedback:down',
  more: 'more',
  /** callback_id of the message shortcut "Answer with Career Advisor". */
  answerMessage: 'answer_message',
} as const;

/** What a button carries: `c` a command to run, `r` the replay of the answer, `a` the answer id, `o` a page offset. */
export interface ButtonValue {
  c?: string;
  r?: string;
  a?: string;
  o?: number;
}

export const maxButtonValue = 2000;

/**
 * JSON within {@link maxButtonValue} characters; a command too long for it is shortened (commands are short).
 * `<`, `>`, `&` and `@` are written as JSON `\u` escapes, so a value never carries Slack markup or a mention word,
 * even though nobody sees it.
 */
export function encodeValue(value: ButtonValue): string {
  const json = (v: ButtonValue) => JSON.stringify(v).replace(/[<>&@]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  let encoded = json(value);
  for (let keep = 1000; encoded.length > maxButtonValue && keep > 0; keep -= 100) {
    encoded = json({ ...value, ...(value.c ? { c: value.c.slice(0, keep) } : {}), ...(value.r ? { r: value.r.slice(0, keep) } : {}) });
  }
  return encoded;
}

/** Parses a button value; anything malformed (a forged click, an old message) gives an empty object. */
export function decodeValue(raw: unknown): ButtonValue {
  if (typeof raw !== 'string' || raw.length > maxButtonValue) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { c, r, a, o } = parsed as Record<string, unknown>;
    return {
      ...(typeof c === 'string' ? { c } : {}),
      ...(typeof r === 'string' ? { r } : {}),
      ...(typeof a === 'string' ? { a: a.slice(0, 64) } : {}),
      ...(typeof o === 'number' && Number.isInteger(o) && o >= 0 && o < 10_000 ? { o } : {}),
    };
  } catch {
    return {};
  }
}
