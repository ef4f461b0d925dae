/**
 * compareText sorts exactly as `localeCompare` does (same sign for every pair), on any text: plain strings take the
 * code-point path, everything else falls back. Checked on generated strings and on the names the bot sorts at start.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/core/collate.ts';
import { realKnowledge } from '../helpers.ts';

const sign = (n: number) => Math.sign(n);
const plain = fc.string({ unit: fc.constantFrom(...'aAbBmMzZ059 ./-'), maxLength: 6 });
const any = fc.string({ unit: fc.constantFrom(...'aAbZ09 ./-_,:é€É\u00e0ß🙂'), maxLength: 6 });

describe('compareText', () => {
  it('gives the sign localeCompare gives, for plain strings and for anything else', () => {
    for (const gen of [plain, any])
      fc.assert(
        fc.property(gen, gen, (a, b) => sign(compareText(a, b)) === sign(a.localeCompare(b))),
        { numRuns: 5_000 },
      );
  });

  it('orders the role titles, intents and knowledge files as localeCompare does', async () => {
    const knowledge = await realKnowledge();
    const lists = [
      knowledge.roles.map((r) => r.title),
      (knowledge.intents ?? []).map((i) => i.intent),
      readdirSync('knowledge', { recursive: true }).map(String),
    ];
    for (const list of lists) {
      expect(list.length).toBeGreaterThan(10);
      expect([...list].sort(compareText)).toEqual([...list].sort((a, b) => a.localeCompare(b)));
    }
  });

  it('orders as ICU does where code points would not: case breaks ties only, marks before digits before letters', () => {
    expect(['b', 'A', 'a-b', 'a b', '9', 'a.b', 'a/b', 'B'].sort(compareText)).toEqual(['9', 'A', 'a b', 'a-b', 'a.b', 'a/b', 'b', 'B']);
  });
});
