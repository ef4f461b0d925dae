/**
 * `npx tsx scripts/bench-nlu.ts`: the resolver's own speed — text (+ context) → Query, classifier included, no answer
 * built — over every labelled question (conversations in order, with their context), side by side with a bare
 * MiniSearch search of the same questions in the same run; and the build costs: the resolver over loaded knowledge
 * (what a start or a reload pays), and training the intent model (what a changed knowledge/intents/ pays once, at
 * load, before it is cached in the snapshot). Targets (issue 12): resolve p99 ≤ 0.5 ms, build ≤ 100 ms.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { trainIntentModel } from '../src/core/nlu/model.ts';
import { Resolver } from '../src/core/nlu/resolve.ts';
import type { ConversationContext, Query } from '../src/core/types.ts';
import { evalSets, readEvalSet } from './eval.ts';

const knowledge = await loadKnowledge(fileURLToPath(new URL('../knowledge', import.meta.url)));
const conversations = Object.values(evalSets).flatMap((path) => readEvalSet(path));
const questions = conversations.flat().length;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;

function timeBuild(label: string, build: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    build();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const median = percentile(samples, 50);
  console.log(
    `${label.padEnd(46)} first ${samples.length > 0 ? `${Math.max(...samples).toFixed(1)} ms` : '-'} (worst of ${runs}), median ${median.toFixed(1)} ms`,
  );
  return median;
}

// Build: the first resolver of a process pays for deserialising the model; later ones over the same knowledge
// share it, so the worst of the runs is the one to compare with the target.
const buildFirst = (() => {
  const t = performance.now();
  new Resolver(knowledge);
  return performance.now() - t;
})();
console.log(`resolver build, first in the process (model from the snapshot): ${buildFirst.toFixed(1)} ms`);
timeBuild('resolver build, same knowledge again', () => new Resolver(knowledge), 20);
const trainMedian = timeBuild('intent model training (cache miss only)', () => trainIntentModel(knowledge), 3);

const resolver = new Resolver(knowledge);
function resolveAll(record?: number[]): void {
  for (const turns of conversations) {
    let context: ConversationContext | undefined;
    for (const turn of turns) {
      const t = record ? performance.now() : 0;
      const query: Query = resolver.resolve(turn.q, context);
      if (record) record.push(performance.now() - t);
      if (query.roles.length > 0) context = { roles: query.roles, ...(query.topic ? { topic: query.topic } : {}) };
    }
  }
}
const mini = new MiniSearch({ fields: ['title', 'text'], storeFields: ['role', 'topic'] });
mini.addAll(
  knowledge.roles.flatMap((r) =>
    Object.values(r.sections).map((s) => ({ id: s.id, role: r.slug, topic: s.topic, title: r.title, text: s.text })),
  ),
);
function searchAll(record?: number[]): void {
  for (const turns of conversations) {
    for (const turn of turns) {
      const t = record ? performance.now() : 0;
      mini.search(turn.q, { fuzzy: 0.2, prefix: true });
      if (record) record.push(performance.now() - t);
    }
  }
}

// Warm both the same way, then interleave measured rounds so machine load hits both alike.
for (let i = 0; i < 3; i++) {
  resolveAll();
  searchAll();
}
const resolveSamples: number[] = [];
const searchSamples: number[] = [];
for (let round = 0; round < 10; round++) {
  resolveAll(resolveSamples);
  searchAll(searchSamples);
}
resolveSamples.sort((a, b) => a - b);
searchSamples.sort((a, b) => a - b);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `\n${questions} questions × 10 rounds, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `resolve (resolver + classifier)   mean ${fmt(mean(resolveSamples))}  p50 ${fmt(percentile(resolveSamples, 50))}  p99 ${fmt(percentile(resolveSamples, 99))}  max ${fmt(resolveSamples.at(-1) as number)}`,
);
console.log(
  `bare MiniSearch search            mean ${fmt(mean(searchSamples))}  p50 ${fmt(percentile(searchSamples, 50))}  p99 ${fmt(percentile(searchSamples, 99))}  max ${fmt(searchSamples.at(-1) as number)}`,
);
const p99 = percentile(resolveSamples, 99);
console.log(`\n${p99 <= 0.5 ? 'PASS' : 'FAIL'}  resolve p99 ≤ 0.5 ms (${fmt(p99)})`);
console.log(`${buildFirst <= 100 ? 'PASS' : 'FAIL'}  resolver build ≤ 100 ms (${buildFirst.toFixed(1)} ms)`);
console.log(`${trainMedian <= 1000 ? 'PASS' : 'FAIL'}  training on a cache miss under a second (${trainMedian.toFixed(0)} ms)`);
