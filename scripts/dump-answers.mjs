#!/usr/bin/env node
/**
 * `node scripts/dump-answers.mjs OUT`: every eval question (questions, holdout, corpus train and test; conversations
 * keep their ids so follow-ups get their context) through the built `ask --json`, written to OUT. Run before and
 * after a change that must not alter answers, then `cmp` the two files. Builds dist/ first.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/dump-answers.mjs OUT');
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(build.stderr);
const sets = ['test/eval/questions.jsonl', 'test/eval/holdout.jsonl', 'test/eval/corpus/train.jsonl', 'test/eval/corpus/test.jsonl'].filter(
  (f) => existsSync(`${root}/${f}`),
);
const lines = [];
let c = 0;
for (const set of sets) {
  for (const raw of readFileSync(`${root}/${set}`, 'utf8').split('\n')) {
    if (raw.trim() === '') continue;
    const item = JSON.parse(raw);
    const turns = Array.isArray(item.conversation) ? item.conversation : [item];
    c += 1;
    for (const t of turns) lines.push(JSON.stringify({ text: t.q, conversation: `c${c}` }));
  }
}
const result = spawnSync(process.execPath, ['bin/career-advisor.js', 'ask', '--json'], {
  cwd: root,
  input: `${lines.join('\n')}\n`,
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
if (result.status !== 0) throw new Error(result.stderr);
writeFileSync(out, result.stdout);
console.log(`${lines.length} questions → ${out}`);
