/**
 * Training questions for the intent classifier, one file per intent: `knowledge/intents/<intent>.md` with front
 * matter (`intent:` one of the known intents, `description:` one line) and then only `- question` bullets (and
 * headings that group them). The
 * checks here run in `knowledge:check` and at load: every problem with its file and line.
 */
import type { KnowledgeProblem } from '../errors.ts';
import { normalizeText } from '../nlu/normalize.ts';
import { isIntent } from '../topics.ts';
import type { IntentExamples } from '../types.ts';
import { compareText } from '../collate.ts';

/** Parses one intent file. */
export function parseIntentFile(source: string, file: string): { intents?: IntentExamples; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  const at = (line: number, message: string) => problems.push({ file, line, message });
  if ((lines[0] ?? '').trim() !== '---') {
    at(1, 'an intent file starts with front matter: a line "---", then "intent: <name>" and "description: <one line>"');
    return { problems };
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) {
    at(1, 'front matter is not closed with a line "---"');
    return { problems };
  }
  const meta = new Map<string, { value: string; line: number }>();
  for (let i = 1; i < end; i++) {
    const line = lines[i] as string;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const m = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (!m) {
      at(i + 1, `front matter line is not "key: value": ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    meta.set((m[1] as string).toLowerCase(), { value: (m[2] as string).trim().replace(/^(["'])(.*)\1$/, '$2'), line: i + 1 });
  }
  const intent = meta.get('intent');
  if (!intent || intent.value === '') at(1, 'front matter needs "intent: <name>"');
  else if (!isIntent(intent.value)) at(intent.line, `unknown intent "${intent.value}"`);
  if (!meta.get('description')?.value) at(1, 'front matter needs "description: <what questions of this intent ask>"');
  const examples: IntentExamples['examples'] = [];
  const seen = new Map<string, number>();
  for (let i = end + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    // Blank lines and Markdown headings (which group questions for the reader) are allowed between bullets.
    if (line.trim() === '' || /^#{1,6}\s/.test(line)) continue;
    const m = /^\s*[-*]\s+(.+?)\s*$/.exec(line);
    if (!m) {
      at(i + 1, `only "- question" bullets may follow the front matter: ${JSON.stringify(line.slice(0, 60))}`);
      continue;
    }
    const text = m[1] as string;
    // Questions of only emoji or punctuation are real messages too; they compare as typed.
    const key = normalizeText(text) || text;
    const first = seen.get(key);
    if (first !== undefined) {
      at(i + 1, `duplicate of line ${first}: ${JSON.stringify(text.slice(0, 60))}`);
      continue;
    }
    seen.set(key, i + 1);
    examples.push({ text, line: i + 1 });
  }
  if (examples.length === 0) at(end + 1, 'no "- question" bullets');
  if (problems.length > 0 || !intent || !isIntent(intent.value)) return { problems };
  return { intents: { intent: intent.value, description: meta.get('description')?.value ?? '', file, examples }, problems };
}

/** Parses every intent file and checks what spans files: one file per intent, no question under two intents. */
export function buildIntents(files: readonly { file: string; source: string }[]): { intents: IntentExamples[]; problems: KnowledgeProblem[] } {
  const problems: KnowledgeProblem[] = [];
  const intents: IntentExamples[] = [];
  const owner = new Map<string, { file: string; line: number }>();
  const byIntent = new Map<string, string>();
  for (const { file, source } of files) {
    const parsed = parseIntentFile(source, file);
    problems.push(...parsed.problems);
    const set = parsed.intents;
    if (!set) continue;
    const other = byIntent.get(set.intent);
    if (other) {
      problems.push({ file, line: 1, message: `intent "${set.intent}" already has a file (${other})` });
      continue;
    }
    byIntent.set(set.intent, file);
    for (const example of set.examples) {
      const key = normalizeText(example.text) || example.text;
      const first = owner.get(key);
      if (first) problems.push({ file, line: example.line, message: `the same question is in ${first.file}:${first.line}` });
      else owner.set(key, { file, line: example.line });
    }
    intents.push(set);
  }
  return { intents: intents.sort((a, b) => compareText(a.intent, b.intent)), problems };
}
