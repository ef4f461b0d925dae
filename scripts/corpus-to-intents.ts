/**
 * `npx tsx scripts/corpus-to-intents.ts`: copies the questions of the training split of the blind corpus
 * (test/eval/corpus/train.jsonl; every turn, intent label only — the classifier masks role names anyway) into
 * `knowledge/intents/<intent>.md`, under the heading "## From the training split of the blind corpus" at the end of
 * each file. Re-running replaces that section. Skipped: a question already written by hand in any intent file, and a
 * question the corpus labels with two intents. Never the locked test split.
 *
 * Once copied, `npm run eval -- train` no longer measures generalisation: `npx tsx scripts/cv.ts` (k-fold, each fold's
 * questions held out of the training) is the honest figure for the training split.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeText } from '../src/core/nlu/normalize.ts';
import { evalSets, readEvalItems } from './eval.ts';

export const CORPUS_HEADING = '## From the training split of the blind corpus';
const dir = fileURLToPath(new URL('../knowledge/intents/', import.meta.url));
const key = (q: string) => normalizeText(q) || q;
const oneLine = (q: string) => q.replace(/\s+/g, ' ').trim();

const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
const handWritten = new Map<string, string>();
const sources = new Map<string, string>();
for (const f of files) {
  const source = readFileSync(`${dir}${f}`, 'utf8');
  const cut = source.indexOf(`\n${CORPUS_HEADING}\n`);
  const own = cut >= 0 ? source.slice(0, cut).replace(/\s+$/, '\n') : source;
  const intent = /^intent:\s*(\S+)/m.exec(own)?.[1] as string;
  sources.set(intent, own);
  for (const m of own.matchAll(/^\s*[-*]\s+(.+?)\s*$/gm)) handWritten.set(key(m[1] as string), intent);
}

const labels = new Map<string, Set<string>>();
const questions: Array<{ q: string; intent: string }> = [];
for (const item of readEvalItems(evalSets.train as string)) {
  for (const t of item.turns) {
    const q = oneLine(t.q);
    const k = key(q);
    if (!labels.has(k)) questions.push({ q, intent: t.intent });
    (labels.get(k) ?? labels.set(k, new Set()).get(k))?.add(t.intent);
  }
}
const added = new Map<string, string[]>();
let skipped = 0;
for (const { q, intent } of questions) {
  const k = key(q);
  if (handWritten.has(k) || (labels.get(k)?.size ?? 0) > 1 || !sources.has(intent)) {
    skipped += 1;
    continue;
  }
  (added.get(intent) ?? added.set(intent, []).get(intent))?.push(q);
}
for (const f of files) {
  const own = readFileSync(`${dir}${f}`, 'utf8');
  const intent = /^intent:\s*(\S+)/m.exec(own)?.[1] as string;
  const list = added.get(intent) ?? [];
  const base = sources.get(intent) as string;
  writeFileSync(`${dir}${f}`, list.length === 0 ? base : `${base}\n${CORPUS_HEADING}\n\n${list.map((q) => `- ${q}`).join('\n')}\n`);
}
console.log(`copied ${[...added.values()].reduce((n, l) => n + l.length, 0)} questions of the training split into ${added.size} intent files; skipped ${skipped} (written by hand already, or labelled twice)`);
