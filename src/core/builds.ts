/**
 * A count of the index and vocabulary builds of this process, by name: the proof (for tests and the benchmark) that
 * every index is built when knowledge loads and none inside a question. Counting costs one map update per build.
 */
const counts = new Map<string, number>();

export function countBuild(name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

/** Builds so far, by name. */
export function buildCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}
