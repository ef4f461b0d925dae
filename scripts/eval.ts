/**
 * `npm run eval`: runs every labelled set through the real advisor and the real knowledge, and prints for each one
 * joint intent+roles accuracy, per-intent precision and recall, the most frequent confusions, out-of-scope recall and
 * conversation-turn accuracy.
 *
 * Sets: test/eval/questions.jsonl (main, tuned against), test/eval/holdout.jsonl, and every split file of the blind
 * corpus in test/eval/corpus/ (train.jsonl: the part tuning may look at; test.jsonl: the locked part nobody tunes on).
 *
 *   npm run eval                      every set
 *   npm run eval -- train             only the named sets
 *   npm run eval -- --misses train    also list the misses of a set
 *   npm run eval -- --record          raise the floors in test/eval/floors.json to today's figures (never lowers)
 *   npm run eval -- path/to/set.jsonl a file outside the known sets, scored as it is (never recorded)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAdvisor, type Advisor } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { INTENTS } from '../src/core/topics.ts';
import type { Knowledge } from '../src/core/types.ts';

export interface EvalTurn {
  q: string;
  intent: string;
  roles: string[];
}
export interface EvalItem {
  turns: EvalTurn[];
  conversation: boolean;
  tags: string[];
}
export interface EvalMiss {
  q: string;
  want: string;
  got: string;
  /** Index of the item (question or conversation) in its file, and of the turn in a conversation. */
  item: number;
  turn: number;
  tags: string[];
  /** How the resolver read it (`Answer.reasons`). */
  reasons: string[];
}
export interface EvalResult {
  total: number;
  joint: number;
  intentOnly: number;
  rolesOnly: number;
  /**
   * Turns whose roles were right but answered in another order than labelled. Roles are scored as a set: two or more
   * roles are always a side-by-side answer, whose columns say the same in any order, and the writers order compared
   * roles either way ("junior vs senior" labelled senior first; a choice between the last two roles, labelled newest first in 4 of 46).
   */
  rolesOrder: number;
  /** Out-of-scope questions (labelled `unknown`) and how many were answered `unknown`. */
  oosTotal: number;
  oosRefused: number;
  /** Single questions (not part of a conversation). */
  singleTotal: number;
  singleJoint: number;
  /** Turns of conversations after the first, which need the context. */
  turnTotal: number;
  turnJoint: number;
  misses: EvalMiss[];
  /** expected intent → answered intent → count. */
  confusion: Map<string, Map<string, number>>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const corpusDir = here('../test/eval/corpus');
export const floorsFile = here('../test/eval/floors.json');

/**
 * Every set `npm run eval` knows, by name: the hand-made sets (`main`, `holdout`, and `issues`: one or more
 * questions of every phrasing kind the understanding issue (#12) lists as answered wrong) and each file of the corpus
 * that exists (`train`, `train-extra`, `test`).
 */
export const evalSets: Readonly<Record<string, string>> & { main: string; holdout: string } = (() => {
  const sets: Record<string, string> & { main: string; holdout: string } = {
    main: here('../test/eval/questions.jsonl'),
    holdout: here('../test/eval/holdout.jsonl'),
    issues: here('../test/eval/issue-kinds.jsonl'),
  };
  if (existsSync(corpusDir)) {
    for (const f of readdirSync(corpusDir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort())
      sets[f.replace(/\.jsonl$/, '')] = `${corpusDir}/${f}`;
  }
  return sets;
})();

/** The turns of a set, one array per question or conversation. */
export function readEvalSet(path: string): EvalTurn[][] {
  return readEvalItems(path).map((item) => item.turns);
}

export function readEvalItems(path: string): EvalItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      let item: { q?: string; intent?: string; roles?: string[]; conversation?: EvalTurn[]; turns?: EvalTurn[]; tags?: string[] };
      try {
        item = JSON.parse(l) as typeof item;
      } catch (error) {
        throw new Error(`${path}:${i + 1}: ${(error as Error).message}`);
      }
      const turns = item.conversation ?? item.turns;
      const tags = item.tags ?? [];
      if (turns) return { turns: turns.map((t) => ({ q: t.q, intent: t.intent, roles: t.roles ?? [] })), conversation: true, tags };
      return { turns: [{ q: item.q as string, intent: item.intent as string, roles: item.roles ?? [] }], conversation: false, tags };
    });
}

let knowledge: Promise<Knowledge> | undefined;
function evalKnowledge(): Promise<Knowledge> {
  knowledge ??= loadKnowledge(here('../knowledge'));
  return knowledge;
}

export async function runEval(path: string, advisor?: Advisor): Promise<EvalResult> {
  return runEvalItems(readEvalItems(path), advisor ?? createAdvisor({ knowledge: await evalKnowledge() }));
}

/** An empty tally, to add scored items to. */
export const emptyEvalResult = (): EvalResult => ({
  total: 0,
  joint: 0,
  intentOnly: 0,
  rolesOnly: 0,
  rolesOrder: 0,
  oosTotal: 0,
  oosRefused: 0,
  singleTotal: 0,
  singleJoint: 0,
  turnTotal: 0,
  turnJoint: 0,
  misses: [],
  confusion: new Map(),
});

/** Scores items (questions, whole conversations) through an advisor. */
export function runEvalItems(items: readonly EvalItem[], run: Advisor): EvalResult {
  const r = emptyEvalResult();
  const stamp = Math.random().toString(36).slice(2);
  items.forEach((item, i) => {
    item.turns.forEach((turn, t) => {
      const answer = run.handle({
        text: turn.q,
        conversationId: `eval:${stamp}:${i}`,
        user: { id: 'eval', isModerator: false },
        platform: 'eval',
      });
      const intentOk = answer.intent === turn.intent;
      const rolesOk = sameRoles(answer.roles, turn.roles);
      if (rolesOk && answer.roles.join(',') !== turn.roles.join(',')) r.rolesOrder += 1;
      const ok = intentOk && rolesOk;
      r.total += 1;
      if (intentOk) r.intentOnly += 1;
      if (rolesOk) r.rolesOnly += 1;
      if (ok) r.joint += 1;
      else
        r.misses.push({
          q: turn.q,
          want: `${turn.intent} [${turn.roles.join(', ')}]`,
          got: `${answer.intent} [${answer.roles.join(', ')}]`,
          item: i,
          turn: t,
          tags: item.tags,
          reasons: answer.reasons ?? [],
        });
      if (!item.conversation) {
        r.singleTotal += 1;
        if (ok) r.singleJoint += 1;
      } else if (t > 0) {
        r.turnTotal += 1;
        if (ok) r.turnJoint += 1;
      }
      if (turn.intent === 'unknown') {
        r.oosTotal += 1;
        if (answer.intent === 'unknown') r.oosRefused += 1;
      }
      const row = r.confusion.get(turn.intent) ?? new Map<string, number>();
      row.set(answer.intent, (row.get(answer.intent) ?? 0) + 1);
      r.confusion.set(turn.intent, row);
    });
  });
  return r;
}

/** The same roles, in any order (see {@link EvalResult.rolesOrder}). */
export function sameRoles(got: readonly string[], want: readonly string[]): boolean {
  return got.length === want.length && want.every((slug) => got.includes(slug));
}

/** Precision and recall of one intent (intent only, roles aside). */
export function precisionRecall(r: EvalResult, intent: string): { precision: number; recall: number; support: number } {
  const row = r.confusion.get(intent);
  const support = row ? [...row.values()].reduce((a, b) => a + b, 0) : 0;
  const hit = row?.get(intent) ?? 0;
  let predicted = 0;
  for (const answered of r.confusion.values()) predicted += answered.get(intent) ?? 0;
  return { precision: predicted === 0 ? 1 : hit / predicted, recall: support === 0 ? 1 : hit / support, support };
}

/** The most frequent (expected → answered) intent pairs that differ. */
export function confusionPairs(r: EvalResult, limit = 8): Array<{ want: string; got: string; count: number }> {
  const pairs: Array<{ want: string; got: string; count: number }> = [];
  for (const [want, row] of r.confusion) for (const [got, count] of row) if (got !== want) pairs.push({ want, got, count });
  return pairs.sort((a, b) => b.count - a.count || a.want.localeCompare(b.want)).slice(0, limit);
}

/** The figures the gate in test/eval/floors.json records per set. */
export function figures(r: EvalResult): { joint: number; oosRecall: number; turns: number } {
  const ratio = (n: number, d: number) => (d === 0 ? 1 : Number((n / d).toFixed(4)));
  return { joint: ratio(r.joint, r.total), oosRecall: ratio(r.oosRefused, r.oosTotal), turns: ratio(r.turnJoint, r.turnTotal) };
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;

export function report(name: string, r: EvalResult, showMisses: boolean): string {
  const out: string[] = [];
  out.push(`\n== ${name}: ${r.total} turns (${r.singleTotal} single questions, ${r.total - r.singleTotal} in conversations)`);
  out.push(
    `joint intent+roles accuracy: ${pct(r.joint, r.total)} (${r.joint}/${r.total})   single questions: ${pct(r.singleJoint, r.singleTotal)}`,
  );
  out.push(
    `intent accuracy: ${pct(r.intentOnly, r.total)}   roles accuracy: ${pct(r.rolesOnly, r.total)} (roles as a set; ${r.rolesOrder} in another order than labelled)`,
  );
  out.push(`out-of-scope recall: ${pct(r.oosRefused, r.oosTotal)} (${r.oosRefused}/${r.oosTotal})`);
  out.push(`conversation follow-up turns: ${pct(r.turnJoint, r.turnTotal)} (${r.turnJoint}/${r.turnTotal})`);
  out.push('per intent (intent only):      precision  recall  support');
  for (const intent of INTENTS) {
    const { precision, recall, support } = precisionRecall(r, intent);
    if (support === 0 && ![...r.confusion.values()].some((row) => row.has(intent))) continue;
    out.push(
      `  ${intent.padEnd(28)} ${pct(precision * 100, 100).padStart(7)} ${pct(recall * 100, 100).padStart(7)} ${String(support).padStart(8)}`,
    );
  }
  const pairs = confusionPairs(r);
  if (pairs.length > 0) out.push(`top confusions (expected → answered): ${pairs.map((p) => `${p.want}→${p.got} ${p.count}`).join(', ')}`);
  if (showMisses) {
    out.push(`misses (${r.misses.length}):`);
    for (const m of r.misses)
      out.push(
        `  [${m.item}${m.turn > 0 ? `.${m.turn}` : ''}] ${m.q}\n      want ${m.want}   got ${m.got}${m.tags.length ? `   (${m.tags.join(', ')})` : ''}`,
      );
  } else out.push(`${r.misses.length} misses; \`npm run eval -- --misses ${name}\` lists them`);
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2).filter((a) => a !== '--record');
  const record = process.argv.includes('--record');
  const floors = (existsSync(floorsFile) ? JSON.parse(readFileSync(floorsFile, 'utf8')) : {}) as Record<
    string,
    { file: string; joint: number | null; oosRecall: number | null; turns?: number | null }
  >;
  const misses = new Set<string>();
  const only = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--misses') {
      const next = args[i + 1];
      if (next && !next.startsWith('--')) {
        misses.add(next);
        only.add(next);
        i++;
      } else misses.add('*');
    } else only.add(args[i] as string);
  }
  const sets: Record<string, string> = { ...evalSets };
  // A path names a file outside the known sets (a fresh batch scored before anything trains on it).
  const files = new Set<string>();
  for (const name of [...only]) {
    if (!sets[name] && name.endsWith('.jsonl') && existsSync(name)) {
      sets[name] = name;
      files.add(name);
    }
  }
  for (const name of only) if (!sets[name]) console.error(`eval: no set "${name}" (have ${Object.keys(sets).join(', ')})`);
  const advisor = createAdvisor({ knowledge: await evalKnowledge() });
  for (const [name, path] of Object.entries(sets)) {
    if (only.size > 0 && !only.has(name)) continue;
    const result = await runEval(path, advisor);
    console.log(report(name, result, misses.has(name) || misses.has('*')));
    if (record && !files.has(name)) {
      const got = figures(result);
      const old = floors[name];
      // Floors sit just under today's figures (to the 0.1%), and only ever rise.
      const floor = (value: number, before: number | null | undefined) => Math.max(before ?? 0, Math.floor(value * 1000) / 1000);
      floors[name] = {
        file: path.slice(path.indexOf('test/eval/')),
        joint: floor(got.joint, old?.joint),
        oosRecall: floor(got.oosRecall, old?.oosRecall),
        turns: floor(got.turns, old?.turns),
      };
    }
  }
  if (record) {
    writeFileSync(floorsFile, `${JSON.stringify(floors, null, 2)}\n`);
    console.log(`\nfloors recorded in ${floorsFile}`);
  }
  if (!sets.test) console.log('\n(test split absent: test/eval/corpus/test.jsonl is added by the lead)');
}
