/**
 * The order files start in. vitest runs the longest files first once it has timed them (its cache in
 * node_modules/.vite), but a fresh clone (CI) has no timings: it then starts the largest files first, and a long,
 * small file started last (the README commands, one after another) would run alone at the end. So the files known
 * to take longest start first; the rest keep vitest's order. `--sequence.shuffle` still shuffles every file (with
 * its seed), as vitest's own random order does.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Slowest first: each runs for tens of seconds on a busy 2-core machine, mostly waiting on processes it starts. */
const SLOW_FIRST = [
  'test/repo/readme.test.ts',
  'test/e2e/process-startup.test.ts',
  'test/e2e/reload.test.ts',
  'test/core/knowledge-faults.test.ts',
  'test/e2e/scale-faults.test.ts',
  'test/core/knowledge-offthread.test.ts',
  'test/console/batch.test.ts',
  'test/e2e/process-shutdown.test.ts',
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { shuffle, seed } = this.ctx.config.sequence;
    if (shuffle) return shuffled(files, seed);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((path) => f.moduleId.endsWith(`/${path}`));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return (await super.sort(files))
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

/** Fisher–Yates with a small seeded generator (mulberry32): the same seed gives the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
