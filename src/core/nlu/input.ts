/**
 * Cleans what a person typed before anything else reads it: plain-text mass mentions and the bot addressed by name
 * are removed, control characters dropped, whitespace folded, length capped. Platform markup (`<@U123>`, `<#C1|x>`,
 * custom emoji) is the adapters' to translate before the text gets here (`adapters/slack/inbound.ts`,
 * `adapters/discord/inbound.ts`); whatever markup still arrives is only text, and every renderer neutralises mentions.
 */
import { MAX_INPUT_CHARS } from './normalize.ts';

/**
 * Text none of the passes below would change: printable ASCII but `@`, words single-spaced with no space at either
 * end, and within the length cap. Most questions are like this, and one scan replaces the five passes.
 */
const UNTOUCHED = /^[\x21-\x3f\x41-\x7e](?:[\x21-\x3f\x41-\x7e]| (?! |$))*$/;

export function cleanInput(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  if (raw.length <= MAX_INPUT_CHARS && UNTOUCHED.test(raw)) return raw;
  return (
    raw
      .slice(0, MAX_INPUT_CHARS * 4)
      .replace(/@(everyone|here|channel)\b/gi, ' ')
      // The bot addressed by name in plain text ("@Career Advisor", "@advisor"): not part of the question.
      .replace(/@(?:career[\s_-]?advisor|advisor|careerbot|bot)\b/gi, ' ')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_INPUT_CHARS)
  );
}
