/**
 * `npx tsx scripts/time-classifier.ts [rounds]`: the intent classifier's own costs on the shipped knowledge —
 * training (median of 5) and `probabilities` per call (CPU time per call over every labelled question, rounds
 * interleaved, median of the rounds) — the figures docs/DESIGN.md quotes when the model changes.
 */
import { loadavg } from 'node:os';
import { cpuUsage } from 'node:process';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { IntentClassifier, type ClassifierOptions } from '../src/core/nlu/classifier.ts';
import { maskRoles, roleWordsOf } from '../src/core/nlu/model.ts';
import { canonicalTokens } from '../src/core/nlu/vocabulary.ts';
import { evalSets, readEvalSet } from './eval.ts';

const rounds = Number(process.argv[2] ?? 15);
// OPTS='{"trigrams":false}' times other trainer options.
const opts: ClassifierOptions = JSON.parse(process.env.OPTS ?? '{}') as ClassifierOptions;
const knowledge = await loadKnowledge(fileURLToPath(new URL('../knowledge', import.meta.url)), { cacheDir: false });
const roleWords = roleWordsOf(knowledge.roles);
const prep = (text: string) => maskRoles(canonicalTokens(text), roleWords);
const examples = (knowledge.intents ?? []).flatMap((s) => s.examples.map((e) => ({ tokens: prep(e.text), intent: s.intent })));
const questions = Object.values(evalSets)
  .flatMap((path) => readEvalSet(path))
  .flat()
  .map((t) => prep(t.q));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const trainTimes: number[] = [];
let model = IntentClassifier.train(examples, opts);
for (let i = 0; i < 5; i++) {
  const c = cpuUsage();
  model = IntentClassifier.train(examples, opts);
  const d = cpuUsage(c);
  trainTimes.push((d.user + d.system) / 1000);
}
const out = new Float32Array(model.intents.length);
for (let i = 0; i < 3; i++) for (const q of questions) model.probabilities(q, out);
const perCall: number[] = [];
for (let r = 0; r < rounds; r++) {
  const c = cpuUsage();
  for (const q of questions) model.probabilities(q, out);
  const d = cpuUsage(c);
  perCall.push((d.user + d.system) / questions.length);
}
console.log(
  `${examples.length} training questions, ${model.size} features; train CPU median ${median(trainTimes).toFixed(0)} ms; ` +
    `probabilities ${median(perCall).toFixed(2)} µs CPU per call (median of ${rounds} rounds × ${questions.length}); load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
