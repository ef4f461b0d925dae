#!/usr/bin/env node
/**
 * `node scripts/dump-answers.mjs OUT [--surfaces]`: every eval question (questions, holdout, corpus train and test;
 * conversations keep their ids so follow-ups get their context) through the built `ask --json`, written to OUT. Run
 * before and after a change that must not alter answers, then `cmp` the two files. Builds dist/ first.
 *
 * With `--surfaces` it also writes OUT.surfaces: the same questions answered in process (through tsx, from src/) and
 * each answer through every view — the core's text and Markdown, the terminal view (short and full, with and
 * without colour, at 80 and 40 columns, and what waits behind "more"), Slack blocks (first page and the next) and
 * Discord embeds — one JSON line per answer, so a render change can be checked byte for byte too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/dump-answers.mjs OUT [--surfaces]');
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

if (process.argv.includes('--in-process')) {
  // The child of `--surfaces`, run with `--import tsx`: every view of every answer.
  const { createAdvisor } = await import('../src/core/advisor.ts');
  const { loadKnowledge } = await import('../src/core/knowledge/load.ts');
  const { renderMarkdown, renderText } = await import('../src/core/answer/render.ts');
  const { batchLine, parseBatchLine, request } = await import('../src/adapters/console/batch.ts');
  const { loadWideText, renderAnswer, renderMoreLines } = await import('../src/adapters/console/view.ts');
  await loadWideText();
  const { renderBlocks } = await import('../src/adapters/slack/render.ts');
  const { toEmbeds } = await import('../src/adapters/discord/render.ts');
  const advisor = createAdvisor({ knowledge: await loadKnowledge(`${root}/knowledge`, { cacheDir: false }) });
  const dump = [];
  for (const line of lines) {
    const { text, conversation } = parseBatchLine(line);
    const answer = advisor.handle(request(text, `console:batch:${conversation}`));
    const views = {
      json: batchLine(answer, conversation),
      text: renderText(answer),
      markdown: renderMarkdown(answer),
      console: renderAnswer(answer, { width: 80 }),
      consoleColour: renderAnswer(answer, { width: 80, color: true, followUpCommands: false }),
      consoleFull40: renderAnswer(answer, { width: 40, full: true }),
      more: renderMoreLines(answer, { width: 60, color: true }),
      slack: renderBlocks(answer, {}),
      slackNext: renderBlocks(answer, { offset: 3, note: 'A note for @here' }),
      discord: toEmbeds(answer),
    };
    dump.push(JSON.stringify(views));
  }
  writeFileSync(`${out}.surfaces`, `${dump.join('\n')}\n`);
  console.log(`${lines.length} questions, every view → ${out}.surfaces`);
  process.exit(0);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(build.stderr);
const result = spawnSync(process.execPath, ['bin/career-advisor.js', 'ask', '--json'], {
  cwd: root,
  input: `${lines.join('\n')}\n`,
  encoding: 'utf8',
  maxBuffer: 1 << 30,
});
if (result.status !== 0) throw new Error(result.stderr);
writeFileSync(out, result.stdout);
console.log(`${lines.length} questions → ${out}`);
if (process.argv.includes('--surfaces')) {
  const views = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), out, '--in-process'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (views.status !== 0) throw new Error('the in-process dump of every view failed');
}
