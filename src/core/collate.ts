/**
 * Sorting text the way `a.localeCompare(b)` does, without loading ICU's collation data for the plain strings the
 * bot sorts at every start (role titles, knowledge file names, intent names): the first `localeCompare` of a process
 * maps about 2.7 MB of collation tables, a good part of the `ask --json` memory budget.
 *
 * For letters, digits, spaces, '.', '/' and '-' the root collation's order is the order of the case-folded code
 * points (those three marks and the space sort before digits, digits before letters, case only breaks ties), so
 * those strings are compared directly; anything else, and a tie broken only by case, is left to `localeCompare`.
 */
const PLAIN = /^[A-Za-z0-9 ./-]*$/;

export function compareText(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b)) {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
    if (a === b) return 0;
  }
  return a.localeCompare(b);
}
