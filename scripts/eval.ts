/**
 * `npm run eval`: runs the labelled question set in test/eval/questions.jsonl through the real advisor and real
 * knowledge, and prints joint intent+roles accuracy, the out-of-scope refusal rate and a per-intent confusion table.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAdvisor } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { INTENTS } from '../src/core/topics.ts';

export interface EvalTurn {
  q: string;
  intent: string;
  roles: string[];
}
export interface EvalResult {
  total: number;
  joint: number;
  intentOnly: number;
  rolesOnly: number;
  oosTotal: number;
  oosRefused: number;
  misses: Array<{ q: string; want: string; got: string; conversation: number }>;
  confusion: Map<string, Map<string, number>>;
}

export function readEvalSet(path: string): EvalTurn[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const item = JSON.parse(l) as { q?: string; intent?: string; roles?: string[]; conversation?: EvalTurn[] };
      return item.conversation ?? [{ q: item.q as string, intent: item.intent as string, roles: item.roles ?? [] }];
    });
}

export const evalSets = {
  main: fileURLToPath(new URL('../test/eval/questions.jsonl', import.meta.url)),
  holdout: fileURLToPath(new URL('../test/eval/holdout.jsonl', import.meta.url)),
};

export async function runEval(path: string = evalSets.main): Promise<EvalResult> {
  const knowledge = await loadKnowledge(fileURLToPath(new URL('../knowledge', import.meta.url)));
  const advisor = createAdvisor({ knowledge });
  const conversations = readEvalSet(path);
  const result: EvalResult = { total: 0, joint: 0, intentOnly: 0, rolesOnly: 0, oosTotal: 0, oosRefused: 0, misses: [], confusion: new Map() };
  conversations.forEach((turns, c) => {
    for (const turn of turns) {
      const answer = advisor.handle({ text: turn.q, conversationId: `eval:${c}`, user: { id: 'eval', isModerator: false }, platform: 'eval' });
      const intentOk = answer.intent === turn.intent;
      const rolesOk = answer.roles.join(',') === turn.roles.join(',');
      result.total += 1;
      if (intentOk) result.intentOnly += 1;
      if (rolesOk) result.rolesOnly += 1;
      if (intentOk && rolesOk) result.joint += 1;
      else result.misses.push({ q: turn.q, want: `${turn.intent} [${turn.roles.join(', ')}]`, got: `${answer.intent} [${answer.roles.join(', ')}]`, conversation: c });
      if (turn.intent === 'unknown') {
        result.oosTotal += 1;
        if (answer.intent === 'unknown') result.oosRefused += 1;
      }
      const row = result.confusion.get(turn.intent) ?? new Map<string, number>();
      row.set(answer.intent, (row.get(answer.intent) ?? 0) + 1);
      result.confusion.set(turn.intent, row);
    }
  });
  return result;
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;

function report(name: string, r: EvalResult): void {
  console.log(`\n== ${name} set: ${r.total} questions`);
  console.log(`joint intent+roles accuracy: ${pct(r.joint, r.total)} (${r.joint}/${r.total})`);
  console.log(`intent accuracy: ${pct(r.intentOnly, r.total)}   roles accuracy: ${pct(r.rolesOnly, r.total)}`);
  console.log(`out-of-scope refused: ${pct(r.oosRefused, r.oosTotal)} (${r.oosRefused}/${r.oosTotal})`);
  console.log('per-intent accuracy (rows: expected; then what was answered)');
  for (const intent of INTENTS) {
    const row = r.confusion.get(intent);
    if (!row) continue;
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    const cells = [...row.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${v}`).join('  ');
    console.log(`  ${intent.padEnd(16)} ${pct(row.get(intent) ?? 0, total).padStart(6)}  ${cells}`);
  }
  if (process.argv.includes('--misses') || r.misses.length <= 15) {
    console.log(`misses (${r.misses.length}):`);
    for (const m of r.misses) console.log(`  [${m.conversation}] ${m.q}\n      want ${m.want}   got ${m.got}`);
  } else console.log(`${r.misses.length} misses; run with --misses to list them`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  report('main (tuned against)', await runEval(evalSets.main));
  report('holdout (written without seeing the matcher)', await runEval(evalSets.holdout));
}
