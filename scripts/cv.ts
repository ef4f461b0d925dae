/**
 * `npx tsx scripts/cv.ts [--folds 5] [--no-add] [--misses [roles|turns]] [--why]`: k-fold cross-validation over the training material of the
 * blind corpus — the training split (test/eval/corpus/train.jsonl) and the second batch (train-extra.jsonl) — the
 * honest figure once their questions are also classifier training data (knowledge/intents/*.md, under "From the
 * training split of the blind corpus" and "From the second batch of the blind corpus (train-extra)").
 *
 * Each fold: the knowledge's training questions minus every question of either file (whichever intent file holds
 * it), plus the questions of the other folds (intent label only; roles masked as always), train the classifier, then
 * score the held-out fold through the real advisor. Items (questions, whole conversations) of both files are dealt to
 * folds together in a seeded order; the figures are printed for all of them and for each file. `--no-add` scores each
 * fold without the other folds' questions (the figure before they were added). `--misses` lists the misses (`--misses
 * roles`: only those with the wrong roles; `--misses turns`: only follow-up turns, the second turn of a conversation
 * on); `--why` adds the resolver's reasons.
 */
import { createAdvisor } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { IntentClassifier, mulberry32, type ClassifierOptions } from '../src/core/nlu/classifier.ts';
import { THRESHOLDS } from '../src/core/nlu/thresholds.ts';
import { normalizeText } from '../src/core/nlu/normalize.ts';
import { INTENTS, type Intent } from '../src/core/topics.ts';
import type { IntentExamples, Knowledge } from '../src/core/types.ts';
import { emptyEvalResult, evalSets, figures, precisionRecall, readEvalItems, runEvalItems, type EvalResult } from './eval.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const folds = arg('--folds', 5);
const add = !process.argv.includes('--no-add');
const seed = arg('--seed', 20261202);

// Sweeps (not part of the product): CV_EPOCHS, CV_RATE, CV_DECAY, CV_AVG, CV_L2, CV_MIN_GRAM, CV_MAX_GRAM, CV_MIN_DF,
// CV_SKIP, CV_CHAR, CV_BIGRAM, CV_CLF_SEED (visiting order), CV_TRIGRAMS (0/1) override the trainer's options; CV_T_<name> overrides one resolver threshold.
const sweep: ClassifierOptions = {};
for (const [env, opt] of [
  ['CV_EPOCHS', 'epochs'],
  ['CV_RATE', 'learningRate'],
  ['CV_L2', 'l2'],
  ['CV_MIN_GRAM', 'minGram'],
  ['CV_MAX_GRAM', 'maxGram'],
  ['CV_MIN_DF', 'minDf'],
  ['CV_SKIP', 'skipGradient'],
  ['CV_DECAY', 'decayEpochs'],
  ['CV_AVG', 'averageFrom'],
  ['CV_CHAR', 'charScale'],
  ['CV_BIGRAM', 'bigramScale'],
  ['CV_CLF_SEED', 'seed'],
] as const) {
  if (process.env[env]) sweep[opt] = Number(process.env[env]);
}
if (process.env.CV_TRIGRAMS) sweep.trigrams = process.env.CV_TRIGRAMS === '1';
if (Object.keys(sweep).length > 0) {
  const train = IntentClassifier.train.bind(IntentClassifier);
  IntentClassifier.train = (examples, options) => train(examples, { ...options, ...sweep });
}
for (const [env, value] of Object.entries(process.env)) {
  if (env.startsWith('CV_T_')) (THRESHOLDS as Record<string, number>)[env.slice(5)] = Number(value);
}

const knowledge = await loadKnowledge(new URL('../knowledge', import.meta.url).pathname);
const trainPath = evalSets.train;
if (!trainPath) throw new Error('cv: test/eval/corpus/train.jsonl is missing');
const sources = [
  { name: 'train', path: trainPath },
  ...(evalSets['train-extra'] ? [{ name: 'train-extra', path: evalSets['train-extra'] }] : []),
];
const tagged = sources.flatMap((s) => readEvalItems(s.path).map((item) => ({ item, source: s.name })));
const items = tagged.map((t) => t.item);
const key = (q: string) => normalizeText(q) || q;
const corpusQuestions = new Set(items.flatMap((it) => it.turns.map((t) => key(t.q))));

// Deal items to folds: a seeded shuffle, then round-robin.
const order = items.map((_, i) => i);
const rand = mulberry32(seed);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1));
  [order[i], order[j]] = [order[j] as number, order[i] as number];
}
const foldOf = new Map<number, number>();
order.forEach((idx, n) => foldOf.set(idx, n % folds));

const base: IntentExamples[] = (knowledge.intents ?? []).map((set) => ({
  ...set,
  examples: set.examples.filter((e) => !corpusQuestions.has(key(e.text))),
}));
const removed = (knowledge.intents ?? []).reduce((n, s) => n + s.examples.length, 0) - base.reduce((n, s) => n + s.examples.length, 0);

const empty = emptyEvalResult;
const total = empty();
const bySource = new Map(sources.map((s) => [s.name, empty()]));
const addInto = (into: EvalResult, r: EvalResult) => {
  for (const k of [
    'total',
    'joint',
    'intentOnly',
    'rolesOnly',
    'rolesOrder',
    'oosTotal',
    'oosRefused',
    'singleTotal',
    'singleJoint',
    'turnTotal',
    'turnJoint',
  ] as const)
    into[k] += r[k];
  into.misses.push(...r.misses);
  for (const [want, row] of r.confusion) {
    const to = into.confusion.get(want) ?? new Map<string, number>();
    for (const [got, n] of row) to.set(got, (to.get(got) ?? 0) + n);
    into.confusion.set(want, to);
  }
};
for (let f = 0; f < folds; f++) {
  const intents = base.map((set) => ({ ...set, examples: [...set.examples] }));
  const byIntent = new Map<Intent, IntentExamples>(intents.map((s) => [s.intent, s]));
  if (add) {
    items.forEach((item, i) => {
      if (foldOf.get(i) === f) return;
      for (const t of process.env.CV_FIRST_TURNS ? item.turns.slice(0, 1) : item.turns)
        byIntent.get(t.intent as Intent)?.examples.push({ text: t.q, line: 0 });
    });
  }
  const foldKnowledge: Knowledge = { ...knowledge, intents };
  delete foldKnowledge.intentModel;
  const advisor = createAdvisor({ knowledge: foldKnowledge });
  let joint = 0;
  let turns = 0;
  for (const { name } of sources) {
    const r = runEvalItems(
      tagged.filter((t, i) => t.source === name && foldOf.get(i) === f).map((t) => t.item),
      advisor,
    );
    addInto(total, r);
    addInto(bySource.get(name) as EvalResult, r);
    joint += r.joint;
    turns += r.total;
  }
  console.log(`fold ${f + 1}/${folds}: joint ${((100 * joint) / turns).toFixed(1)}% (${joint}/${turns})`);
}
const line = (r: EvalResult) => {
  const fig = figures(r);
  return `joint ${(fig.joint * 100).toFixed(1)}% (${r.joint}/${r.total})   intent ${((100 * r.intentOnly) / r.total).toFixed(1)}%   roles ${((100 * r.rolesOnly) / r.total).toFixed(1)}% (${r.rolesOrder} in another order)   out-of-scope recall ${(fig.oosRecall * 100).toFixed(1)}% (${r.oosRefused}/${r.oosTotal})   follow-up turns ${(fig.turns * 100).toFixed(1)}% (${r.turnJoint}/${r.turnTotal})`;
};
console.log(
  `\n== ${folds}-fold CV over ${sources.map((s) => `${s.name}.jsonl`).join(' + ')} (${add ? 'other folds added to training' : 'intents/*.md only'}; ${removed} corpus questions held out of intents/*.md)`,
);
console.log(line(total));
console.log(INTENTS.map((i) => `${i} ${(precisionRecall(total, i).recall * 100).toFixed(1)}`).join(', '));
if (sources.length > 1) for (const [name, r] of bySource) console.log(`  ${name}: ${line(r)}`);
const missesAt = process.argv.indexOf('--misses');
const missKind = process.argv[missesAt + 1];
const sameRoles = (m: { want: string; got: string }) => m.want.slice(m.want.indexOf('[')) === m.got.slice(m.got.indexOf('['));
if (missesAt >= 0)
  for (const m of total.misses.filter((m) => (missKind === 'roles' ? !sameRoles(m) : missKind === 'turns' ? m.turn > 0 : true)))
    console.log(
      `  ${m.q}\n      want ${m.want}   got ${m.got}${m.turn > 0 ? `   (turn ${m.turn + 1})` : ''}${process.argv.includes('--why') ? `\n      ${m.reasons.join(' · ')}` : ''}`,
    );
