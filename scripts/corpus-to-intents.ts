/**
 * `npx tsx scripts/corpus-to-intents.ts`: copies the questions of the training material of the blind corpus (every
 * turn, intent label only — the classifier masks role names anyway) into `knowledge/intents/<intent>.md`, one section
 * per source at the end of each file:
 * - "## From the training split of the blind corpus": test/eval/corpus/train.jsonl;
 * - "## From the second batch of the blind corpus (train-extra)": test/eval/corpus/train-extra.jsonl.
 * Re-running replaces those sections. Skipped: a question already written by hand in any intent file, a question of
 * an earlier section, and a question the corpus labels with two intents (in either file). Never the locked test split.
 *
 * Once copied, `npm run eval -- train` no longer measures generalisation: `npx tsx scripts/cv.ts` (k-fold, each fold's
 * questions held out of the training) is the honest figure for the training split.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeText } from '../src/core/nlu/normalize.ts';
import { evalSets, readEvalItems } from './eval.ts';

export const CORPUS_HEADING = '## From the training split of the blind corpus';
const EXTRA_HEADING = '## From the second batch of the blind corpus (train-extra)';
/** The sources, in the order their sections are written; each file is optional but train.jsonl. */
const SOURCES: Array<{ heading: string; file: string | undefined }> = [
  { heading: CORPUS_HEADING, file: evalSets.train },
  { heading: EXTRA_HEADING, file: evalSets['train-extra'] },
];
const dir = fileURLToPath(new URL('../knowledge/intents/', import.meta.url));
const key = (q: string) => normalizeText(q) || q;
const oneLine = (q: string) => q.replace(/\s+/g, ' ').trim();

const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
const handWritten = new Map<string, string>();
const sources = new Map<string, string>();
for (const f of files) {
  const source = readFileSync(`${dir}${f}`, 'utf8');
  // The hand-written part: everything before the first copied section.
  const cuts = SOURCES.map((s) => source.indexOf(`\n${s.heading}\n`)).filter((i) => i >= 0);
  const own = cuts.length > 0 ? source.slice(0, Math.min(...cuts)).replace(/\s+$/, '\n') : source;
  const intent = /^intent:\s*(\S+)/m.exec(own)?.[1] as string;
  sources.set(intent, own);
  for (const m of own.matchAll(/^\s*[-*]\s+(.+?)\s*$/gm)) handWritten.set(key(m[1] as string), intent);
}

// Labels across every source: a question labelled two ways anywhere teaches nothing.
const labels = new Map<string, Set<string>>();
const perSource = SOURCES.map(({ heading, file }) => {
  const questions: Array<{ q: string; intent: string }> = [];
  if (!file || !existsSync(file)) return { heading, questions };
  const seen = new Set<string>();
  for (const item of readEvalItems(file)) {
    for (const t of item.turns) {
      const q = oneLine(t.q);
      const k = key(q);
      if (!seen.has(k)) questions.push({ q, intent: t.intent });
      seen.add(k);
      (labels.get(k) ?? labels.set(k, new Set()).get(k))?.add(t.intent);
    }
  }
  return { heading, questions };
});

const copied = new Set<string>(handWritten.keys());
const sections = new Map<string, string[]>();
const summary: string[] = [];
for (const { heading, questions } of perSource) {
  let added = 0;
  let skipped = 0;
  for (const { q, intent } of questions) {
    const k = key(q);
    if (copied.has(k) || (labels.get(k)?.size ?? 0) > 1 || !sources.has(intent)) {
      skipped += 1;
      continue;
    }
    copied.add(k);
    added += 1;
    const section = `${intent}\u0000${heading}`;
    (sections.get(section) ?? sections.set(section, []).get(section))?.push(q);
  }
  summary.push(
    `${heading.replace(/^## /, '')}: copied ${added}, skipped ${skipped} (written by hand or copied already, or labelled twice)`,
  );
}
for (const f of files) {
  const own = readFileSync(`${dir}${f}`, 'utf8');
  const intent = /^intent:\s*(\S+)/m.exec(own)?.[1] as string;
  let text = sources.get(intent) as string;
  for (const { heading } of SOURCES) {
    const list = sections.get(`${intent}\u0000${heading}`) ?? [];
    if (list.length > 0) text += `\n${heading}\n\n${list.map((q) => `- ${q}`).join('\n')}\n`;
  }
  writeFileSync(`${dir}${f}`, text);
}
for (const line of summary) console.log(line);
