/**
 * An answer's parts: the short answer, then the detail behind each `more` marker (see {@link Block}). Every adapter
 * pages with these, so what is short and what waits behind "More" is decided once, in the composer.
 */
import type { Answer, Block } from '../types.ts';

/** The blocks between `more` markers, in order; the first is the short answer. Never empty (an answer has a part 0). */
export function answerParts(answer: Pick<Answer, 'blocks'>): Block[][] {
  const parts: Block[][] = [[]];
  for (const block of answer.blocks) {
    if (block.type === 'more') parts.push([]);
    else (parts[parts.length - 1] as Block[]).push(block);
  }
  return parts.filter((part, i) => i === 0 || part.length > 0);
}

/** The answer with only part `index` as its blocks (part 0 when out of range). */
export function answerPart(answer: Answer, index: number): Answer {
  const parts = answerParts(answer);
  return { ...answer, blocks: parts[index] ?? parts[0] ?? [] };
}
