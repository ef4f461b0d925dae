/**
 * The terminal view measures and wraps text of one-column characters itself (no string-width, no wrap-ansi: their
 * first use costs a one-shot `ask` tens of ms). For such text it must give exactly what those two libraries give, and
 * every other text must still go through them.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import wrapAnsi from 'wrap-ansi';
import { loadWideText, textWidth, wrapLine } from '../../src/adapters/console/view.ts';

/** Pieces of the view's own text, and of the texts that must leave the fast path (tabs, emoji, colour, combining). */
const narrowPieces = [
  ...'aZ09 .,;:!?$%()[]-_*~|/\'"',
  ' ',
  '  ',
  '   ',
  'é',
  'ß',
  'Ł',
  '—',
  '–',
  '•',
  '◦',
  '─',
  '…',
  '→',
  '€',
  '’',
  '“',
  '·',
];
const words = fc.constantFrom('a', 'word', 'Staff', 'ML', 'architect', 'x'.repeat(17), 'y'.repeat(45), 'z'.repeat(90), '$190,000');
const narrow = fc.array(fc.oneof(fc.constantFrom(...narrowPieces), words), { maxLength: 60 }).map((p) => p.join(''));
const other = fc
  .tuple(narrow, fc.constantFrom('\t', '💰', '🎓', '\u001b[1mbold\u001b[22m', 'e\u0301', '\u00ad', '\u00a0', '中文', '\u200b'), narrow)
  .map(([a, b, c]) => a + b + c);

beforeAll(loadWideText);

describe('the terminal view without string-width for one-column text', () => {
  it('measures every character of its set as string-width does, one column each', () => {
    for (let code = 0x20; code < 0x2600; code++) {
      const ch = String.fromCharCode(code);
      if (textWidth(ch) === 1 && /^[^\s]$|^ $/.test(ch)) expect(stringWidth(ch), `U+${code.toString(16)}`).toBe(1);
    }
    fc.assert(
      fc.property(fc.oneof(narrow, other), (t) => {
        expect(textWidth(t)).toBe(stringWidth(t));
      }),
      { numRuns: 3_000 },
    );
  });

  it('wraps as wrap-ansi does (hard, trimmed or not), at any width', () => {
    fc.assert(
      fc.property(fc.oneof(narrow, narrow, other), fc.integer({ min: 1, max: 90 }), fc.boolean(), (t, columns, trim) => {
        expect(wrapLine(t, columns, trim)).toBe(wrapAnsi(t, columns, { hard: true, trim }));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('string-width loaded on demand', () => {
  it('a fresh view renders narrow text without it, refuses wide text until loaded, and renderOnce loads it: same output', async () => {
    vi.resetModules();
    const view = await import('../../src/adapters/console/view.ts');
    expect(view.textWidth('Median $180,000 - $200,000 a year')).toBe(33);
    expect(() => view.textWidth('💰 Median')).toThrow(/await loadWideText\(\) first/);
    const wideLine = '💰 Median $180,000 — 中文 twice as wide';
    const rendered = await view.renderOnce(() => view.wrapLine(wideLine, 12, true));
    expect(rendered).toBe(wrapAnsi(wideLine, 12, { hard: true, trim: true }));
    expect(view.textWidth('💰 Median')).toBe(stringWidth('💰 Median'));
    // Anything else a render throws is not swallowed.
    await expect(view.renderOnce(() => JSON.parse('{'))).rejects.toThrow(SyntaxError);
  });
});
