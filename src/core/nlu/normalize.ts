/**
 * Text normalisation shared by the matcher, the index and the loader's duplicate-name check, so that "Staff ML
 * Architect's", "staff-ml-architect" and "STAFF  ml architect" all compare equal.
 */

/** Longest input the core reads; longer text is cut here (a question never needs more). */
export const MAX_INPUT_CHARS = 500;

// eslint-disable-next-line no-control-regex -- every ASCII character, control ones included
const NOT_ASCII = /[^\x00-\x7f]/;

/** Lower-case, strips accents, control characters and punctuation; keeps letters, digits, `$`, `%`, `+`, `&`. */
export function normalizeText(text: string): string {
  const cut = text.slice(0, MAX_INPUT_CHARS * 2);
  // ASCII has nothing to decompose, no accents and no curly quotes: skip those three passes.
  if (!NOT_ASCII.test(cut)) {
    const lower = cut.includes('`') ? cut.toLowerCase().replace(/`/g, "'") : cut.toLowerCase();
    // (Without an apostrophe the two possessive passes find nothing.)
    return (lower.includes("'") ? lower.replace(/'s\b/g, '').replace(/s'(?=\s|$)/g, 's') : lower).replace(/[^a-z0-9$%+&]+/g, ' ').trim();
  }
  return cut
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2019\u2018`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/s'(?=\s|$)/g, 's')
    .replace(/[^a-z0-9$%+&]+/g, ' ')
    .trim();
}

/** Normalised words of a text. */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text);
  return norm === '' ? [] : norm.split(' ');
}

/** A name as the duplicate check compares it: normalised, and plurals folded to the singular. */
export function normalizeName(name: string): string {
  return tokenize(name).map(singular).join(' ');
}

/** A light English singular for role words: architects → architect, analysts → analyst, scientists → scientist. */
export function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
