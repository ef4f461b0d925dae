/**
 * The `ask --json` line is put together by hand (`batchLine`): it must be, byte for byte, `JSON.stringify` of the
 * documented {@link BatchResult} built the plain way (the text through `renderText` without follow-ups, mentions
 * broken), for every eval answer and for answers whose strings need escaping or whose numbers JSON cannot write.
 */
import { describe, expect, it } from 'vitest';
import { batchLine, type BatchResult } from '../../src/adapters/console/batch.ts';
import { neutralizeMentions } from '../../src/bot/mentions.ts';
import { renderText } from '../../src/core/answer/render.ts';
import type { Answer } from '../../src/core/types.ts';
import { evalSets, readEvalSet } from '../../scripts/eval.ts';
import { realAdvisor } from '../helpers.ts';

function plainLine(answer: Answer, conversation: string | null): string {
  const result: BatchResult = {
    intent: answer.intent,
    roles: answer.roles,
    topic: answer.topic ?? null,
    title: neutralizeMentions(answer.title),
    text: neutralizeMentions(renderText(answer, { followUps: false })),
    confidence: answer.confidence,
    suggestions: answer.suggestions,
    followUps: answer.followUps.map((f) => f.command),
    conversation,
  };
  return `${JSON.stringify(result)}\n`;
}

const odd: Answer = {
  intent: 'salary',
  roles: ['a"b', 'c\\d'],
  title: 'Quotes " and \\ and \u2028 and a lone \ud800 and @here',
  blocks: [
    { type: 'paragraph', text: 'Tab\tnewline\ncontrol \u0001 emoji 😀 <@U1>' },
    { type: 'more' },
    { type: 'fields', fields: [{ label: '**L**', value: '_v_ "q"' }] },
  ],
  followUps: [{ kind: 'topic', label: 'x', command: 'role "x" \ud83d' }],
  sections: [],
  confidence: Number.NaN,
  suggestions: ['S "1"', '\u0000'],
};

describe('the ask --json line', () => {
  it('is JSON.stringify of the result for every eval answer, with and without a conversation', async () => {
    const advisor = await realAdvisor();
    let n = 0;
    for (const set of [evalSets.main, evalSets.holdout]) {
      readEvalSet(set).forEach((turns, c) => {
        for (const turn of turns) {
          const answer = advisor.handle({
            text: turn.q,
            conversationId: `line:${c}`,
            user: { id: 't', isModerator: false },
            platform: 'test',
          });
          for (const conversation of [null, `c${c}`]) expect(batchLine(answer, conversation)).toBe(plainLine(answer, conversation));
          n += 1;
        }
      });
    }
    expect(n).toBeGreaterThan(100);
  });

  it('escapes what JSON escapes and writes numbers JSON cannot write as null', () => {
    for (const confidence of [Number.NaN, Number.POSITIVE_INFINITY, -0, 0.1 + 0.2, 1e-7, 1e21]) {
      const answer = { ...odd, confidence };
      expect(batchLine(answer, 'conv "1" \u2029')).toBe(plainLine(answer, 'conv "1" \u2029'));
      expect(batchLine({ ...answer, topic: undefined }, null)).toBe(plainLine({ ...answer, topic: undefined }, null));
    }
  });
});
