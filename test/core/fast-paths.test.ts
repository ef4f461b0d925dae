/**
 * The text functions on every answer's path skip passes that cannot change their input (plain ASCII, no markup, no
 * mention): each must give exactly what the full chain of passes gives, for any text. The references below are the
 * full chains as they stood before the fast paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeAnswer } from '../../src/core/answer/compose.ts';
import { renderText, stripInlineMarkdown } from '../../src/core/answer/render.ts';
import { cleanInput } from '../../src/core/nlu/input.ts';
import { MAX_INPUT_CHARS, normalizeText } from '../../src/core/nlu/normalize.ts';
import { TOPICS } from '../../src/core/topics.ts';
import { realKnowledge } from '../helpers.ts';

const referenceNormalize = (text: string) =>
  text
    .slice(0, MAX_INPUT_CHARS * 2)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2019\u2018`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/s'(?=\s|$)/g, 's')
    .replace(/[^a-z0-9$%+&]+/g, ' ')
    .trim();

const referenceClean = (raw: string) =>
  raw
    .slice(0, MAX_INPUT_CHARS * 4)
    .replace(/@(everyone|here|channel)\b/gi, ' ')
    .replace(/@(?:career[\s_-]?advisor|advisor|careerbot|bot)\b/gi, ' ')
    // eslint-disable-next-line no-control-regex -- the reference removes control characters too
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INPUT_CHARS);

const referenceStrip = (text: string) =>
  text
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/__([^_]+)__/g, '$1')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');

/** Text from the characters the passes look for, mixed with plain words, spaces and non-ASCII. */
const pieces = [
  ..."aZs09 '`*_[]()@.,;:!?$%+&-~\t\n\r",
  '  ',
  '**',
  '__',
  "'s",
  "s'",
  '@here',
  '@everyone',
  '@Career Advisor',
  '@bot',
  '[a](b)',
  '_word_',
  '*word*',
  '`code`',
  'é',
  'ü',
  '’',
  '‘',
  '\u00a0',
  '\u200b',
  '\u0007',
  '\u2028',
  'ﬁ',
  '—',
  'Staff ML',
];
const texts = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join('')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 480, maxLength: 620 }),
);

describe('fast paths on the answer path', () => {
  it('normalizeText equals the full chain of passes', () => {
    fc.assert(
      fc.property(texts, (t) => {
        expect(normalizeText(t)).toBe(referenceNormalize(t));
      }),
      { numRuns: 5_000 },
    );
  });
  it('cleanInput equals the full chain of passes', () => {
    fc.assert(
      fc.property(texts, (t) => {
        expect(cleanInput(t)).toBe(referenceClean(t));
      }),
      { numRuns: 5_000 },
    );
    for (const t of ['x'.repeat(MAX_INPUT_CHARS), 'x'.repeat(MAX_INPUT_CHARS + 1), 'a b', ' a', 'a ', 'a  b', '']) {
      expect(cleanInput(t)).toBe(referenceClean(t));
    }
  });
  it('stripInlineMarkdown equals the full chain of passes', () => {
    fc.assert(
      fc.property(texts, (t) => {
        expect(stripInlineMarkdown(t)).toBe(referenceStrip(t));
      }),
      { numRuns: 5_000 },
    );
  });
  it("renderText gives a knowledge block's remembered text exactly as it renders a fresh copy of it", async () => {
    // The section blocks and their chat form are rendered once and remembered (render.ts, shareBlocks); a deep copy
    // of the answer has no shared block, so it is rendered afresh: both must read the same, the first time and after.
    const knowledge = await realKnowledge();
    let checked = 0;
    for (const role of knowledge.roles) {
      for (const topic of TOPICS) {
        const answer = composeAnswer({ kind: 'topic', roles: [role.slug], topic, confidence: 1, reasons: [] }, knowledge);
        const fresh = renderText(structuredClone(answer));
        expect(renderText(answer), `${role.slug} ${topic}`).toBe(fresh);
        expect(renderText(composeAnswer({ kind: 'topic', roles: [role.slug], topic, confidence: 1, reasons: [] }, knowledge))).toBe(fresh);
        checked++;
      }
    }
    expect(checked).toBe(knowledge.roles.length * TOPICS.length);
  });
});
