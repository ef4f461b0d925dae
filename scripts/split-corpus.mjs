#!/usr/bin/env node
/**
 * Splits the blind-written labelled corpus ONCE into a training part (the classifier's tuning may use it) and a
 * locked test part (no change is tuned on it). Random with a fixed seed, stratified by the first turn's intent so
 * every intent is represented in both parts; a conversation stays whole on one side.
 *
 *   node scripts/split-corpus.mjs OUT_DIR INPUT.jsonl [INPUT.jsonl …]
 *
 * It was run once, on 2026-12-01, to make test/eval/corpus/{train,test}.jsonl; it is kept to document how.
 * Re-running it on the same inputs gives the same split; do not re-run it on changed inputs to move items around.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SEED = 20261201;
const TEST_SHARE = 0.4;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const [outDir, ...inputs] = process.argv.slice(2);
if (!outDir || inputs.length === 0) {
  console.error('usage: node scripts/split-corpus.mjs OUT_DIR INPUT.jsonl [INPUT.jsonl …]');
  process.exit(2);
}
const lines = [];
const seen = new Set();
for (const file of inputs) {
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const item = JSON.parse(line);
    const key = item.conversation ? JSON.stringify(item.conversation.map((t) => t.q)) : item.q.toLowerCase().trim();
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push({ line, stratum: `${item.conversation ? 'conv' : 'single'}:${(item.conversation?.[0] ?? item).intent}` });
  }
}
const random = mulberry32(SEED);
const strata = new Map();
for (const l of lines) strata.set(l.stratum, [...(strata.get(l.stratum) ?? []), l]);
const train = [];
const test = [];
for (const key of [...strata.keys()].sort()) {
  const group = strata.get(key);
  for (let i = group.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [group[i], group[j]] = [group[j], group[i]];
  }
  const cut = Math.round(group.length * TEST_SHARE);
  test.push(...group.slice(0, cut));
  train.push(...group.slice(cut));
}
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'train.jsonl'), train.map((l) => l.line).join('\n') + '\n');
writeFileSync(join(outDir, 'test.jsonl'), test.map((l) => l.line).join('\n') + '\n');
console.log(`${lines.length} items: ${train.length} train, ${test.length} test (seed ${SEED}, test share ${TEST_SHARE})`);
