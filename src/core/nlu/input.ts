/**
 * Cleans what a person typed before anything else reads it: platform mention markup is removed (the bot's own
 * mention, @everyone, role and channel links), control characters dropped, whitespace folded, length capped.
 */
import { MAX_INPUT_CHARS } from './normalize.ts';

export function cleanInput(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return (
    raw
      .slice(0, MAX_INPUT_CHARS * 4)
      .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2') // Slack links with labels
      .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1') // Slack channel links
      .replace(/<[@!#][^>]*>/g, ' ') // Slack and Discord user, role, channel and special mentions
      .replace(/<a?:\w+:\d+>/g, ' ') // Discord custom emoji
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
