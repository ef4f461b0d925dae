/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prevPrev[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n] as number;
}

/** How many typos a word of this length may carry and still count as that word. */
export function typoBudget(length: number): number {
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}

/**
 * Whether `short` is a shorthand of `word`: same first letter, its letters appear in order in the word, and it keeps
 * a fair share of it ("stf" → staff, "mgr" → manager, "infra" → infrastructure, "sys" → systems).
 */
export function isShorthand(short: string, word: string): boolean {
  if (short.length < 3 || short.length >= word.length || short[0] !== word[0]) return false;
  if (short.length / word.length < 0.4) return false;
  let j = 0;
  for (let i = 0; i < word.length && j < short.length; i++) if (word[i] === short[j]) j++;
  return j === short.length;
}

/** A word matches a vocabulary word exactly (1), as a shorthand or with a typo (0.8), or not at all (0). */
export function wordMatch(query: string, word: string): number {
  if (query === word) return 1;
  if (isShorthand(query, word)) return 0.8;
  const budget = Math.min(typoBudget(word.length), typoBudget(query.length));
  if (budget > 0 && query[0] === word[0] && editDistance(query, word, budget) <= budget) return 0.8;
  return 0;
}
