/**
 * `npm run bench`: build time, answer latency p50/p99 over ≥ 10,000 answers, throughput, heap and RSS, a bare
 * MiniSearch search over the same questions for comparison, the same figures for a synthetic knowledge base of
 * 1,000 roles generated from the real profiles, and the console's cold start to first answer.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { createAdvisor, type Advisor } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import type { Knowledge, Role } from '../src/core/types.ts';
import { evalSets, readEvalSet } from './eval.ts';

/** Answers timed per knowledge base (≥ 10,000), and bare MiniSearch searches (fewer at 1,000 roles: each takes ms). */
const ANSWERS = 20_000;
const SEARCHES = { shipped: 10_000, synthetic: 1_000 };
const root = fileURLToPath(new URL('..', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (n: number) => `${n.toFixed(n < 1 ? 4 : 1)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

interface Timing {
  p50: number;
  p99: number;
  perSecond: number;
}

function time(n: number, run: (i: number) => void): Timing {
  for (let i = 0; i < Math.min(2_000, n / 5); i++) run(i); // warm-up: JIT and caches
  const samples = new Float64Array(n);
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    run(i);
    samples[i] = performance.now() - t;
  }
  const total = performance.now() - start;
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), perSecond: (n / total) * 1000 };
}

/** The eval questions, conversations kept in order, as (conversation, text) pairs. */
function questions(): Array<{ conversation: number; text: string }> {
  const out: Array<{ conversation: number; text: string }> = [];
  [...readEvalSet(evalSets.main), ...readEvalSet(evalSets.holdout)].forEach((turns, c) => turns.forEach((t) => out.push({ conversation: c, text: t.q })));
  return out;
}

function bareMiniSearch(knowledge: Knowledge): MiniSearch {
  const mini = new MiniSearch({ fields: ['title', 'text'], storeFields: ['role', 'topic'] });
  mini.addAll(knowledge.roles.flatMap((r) => Object.values(r.sections).map((s) => ({ id: s.id, role: r.slug, topic: s.topic, title: r.title, text: s.text }))));
  return mini;
}

function runSuite(label: string, knowledge: Knowledge, qs: Array<{ conversation: number; text: string }>, searches: number): void {
  const buildStart = performance.now();
  const advisor: Advisor = createAdvisor({ knowledge });
  advisor.handle({ text: 'lead ml architect', conversationId: 'warm', user: { id: 'b', isModerator: false }, platform: 'bench' });
  const buildAdvisor = performance.now() - buildStart;
  // The lazily built parts (the vocabulary for out-of-scope checks, per-role section indexes) are counted here.
  const lazyStart = performance.now();
  advisor.handle({ text: 'tips for marathon training', conversationId: 'warm2', user: { id: 'b', isModerator: false }, platform: 'bench' });
  for (const role of knowledge.roles) advisor.handle({ text: `role ${role.slug} zzz unlisted words`, conversationId: 'warm3', user: { id: 'b', isModerator: false }, platform: 'bench' });
  const buildIndex = performance.now() - lazyStart;

  const answers = time(ANSWERS, (i) => {
    const q = qs[i % qs.length] as { conversation: number; text: string };
    advisor.handle({ text: q.text, conversationId: `bench:${q.conversation}:${Math.floor(i / qs.length)}`, user: { id: 'b', isModerator: false }, platform: 'bench' });
  });
  const miniBuildStart = performance.now();
  const mini = bareMiniSearch(knowledge);
  const miniBuild = performance.now() - miniBuildStart;
  const search = time(searches, (i) => void mini.search((qs[i % qs.length] as { text: string }).text, { fuzzy: 0.2, prefix: true }));
  const memory = process.memoryUsage();
  console.log(`\n== ${label}: ${knowledge.roles.length} roles, ${knowledge.roles.reduce((n, r) => n + Object.keys(r.sections).length, 0)} sections`);
  console.log(`build: advisor ${ms(buildAdvisor)} + lazy parts (vocabulary, every role's section index) ${ms(buildIndex)} = ${ms(buildAdvisor + buildIndex)}   (bare MiniSearch index of all sections: ${ms(miniBuild)})`);
  console.log(`answers (${ANSWERS.toLocaleString('en-US')}): p50 ${ms(answers.p50)}  p99 ${ms(answers.p99)}  throughput ${Math.round(answers.perSecond).toLocaleString('en-US')}/s`);
  console.log(`bare MiniSearch search, same questions (${searches.toLocaleString('en-US')}): p50 ${ms(search.p50)}  p99 ${ms(search.p99)}  throughput ${Math.round(search.perSecond).toLocaleString('en-US')}/s`);
  console.log(`advisor vs bare search: ${(search.p50 / answers.p50).toFixed(1)}× faster at p50, ${(search.p99 / answers.p99).toFixed(1)}× at p99`);
  console.log(`memory: heap used ${mb(memory.heapUsed)}  rss ${mb(memory.rss)}`);
}

const QUALIFIERS = [
  'Robotics', 'Computer Vision', 'Speech', 'Fintech', 'Healthcare', 'Retail', 'Gaming', 'Automotive', 'Energy', 'Climate',
  'Biotech', 'Insurance', 'Logistics', 'Media', 'Security', 'Edge', 'Quantum', 'Recommender', 'Search', 'Ads', 'Fraud',
  'Genomics', 'Agriculture', 'Aerospace', 'Telecom', 'Legal', 'Education', 'Travel', 'Sports', 'Music', 'Manufacturing',
  'Supply Chain', 'Mobility', 'Payments', 'Crypto', 'Cyber', 'Defense', 'Marine', 'Mining', 'Pharma', 'Real Estate',
  'Hospitality', 'Public Sector', 'Nonprofit', 'Space', 'Drone', 'Wearables', 'IoT',
];

/** 1,000 roles made from the real ones: every real role under many domain qualifiers, with names and links adjusted. */
function syntheticKnowledge(base: Knowledge, count: number): Knowledge {
  const roles: Role[] = [];
  const kebab = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  outer: for (const q of QUALIFIERS) {
    for (const r of base.roles) {
      if (roles.length >= count) break outer;
      const slug = `${kebab(q)}-${r.slug}`;
      const sections = Object.fromEntries(Object.entries(r.sections).map(([t, s]) => [t, { ...s, id: `${slug}#${t}`, role: slug }]));
      roles.push({ ...r, slug, title: `${q} ${r.title}`, aliases: r.aliases.map((a) => `${q} ${a}`), related: r.related.map((s) => `${kebab(q)}-${s}`), sections, file: `${slug}.md` });
    }
  }
  const bySlug = new Map(roles.map((r) => [r.slug, r]));
  for (const r of roles) r.related = r.related.filter((s) => bySlug.has(s));
  return { roles, bySlug };
}

function coldStart(): { first: number; median: number } {
  // Measure what a fresh install runs: the bundle `npm ci` builds (bin/ falls back to tsx when src/ is newer).
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const runs: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const result = spawnSync(process.execPath, ['bin/career-advisor.js', 'ask', 'how much does a staff ml architect make?'], { cwd: root, encoding: 'utf8' });
    runs.push(performance.now() - t);
    if (result.status !== 0 || !result.stdout.includes('$190,000 - $200,000')) throw new Error(`cold start run failed: ${result.stderr}`);
  }
  const rest = runs.slice(1).sort((a, b) => a - b);
  return { first: runs[0] ?? 0, median: percentile(rest, 50) };
}

const parseStart = performance.now();
const knowledge = await loadKnowledge(fileURLToPath(new URL('../knowledge', import.meta.url)), { cacheDir: false });
const parse = performance.now() - parseStart;
const qs = questions();
console.log(`Career Advisor benchmark — node ${process.version}, ${qs.length} distinct questions cycled`);
console.log(`knowledge parse + validation (21 Markdown files, no snapshot): ${ms(parse)}`);
runSuite('shipped knowledge', knowledge, qs, SEARCHES.shipped);
const synthetic = syntheticKnowledge(knowledge, 1_000);
const qualified = qs.map((q, i) => ({ conversation: q.conversation, text: i % 2 === 0 ? q.text : `${QUALIFIERS[i % QUALIFIERS.length]} ${q.text}` }));
runSuite('synthetic knowledge', synthetic, qualified, SEARCHES.synthetic);
const cold = coldStart();
console.log(`\nconsole cold start to first answer (\`career-advisor ask\`, new process): median ${ms(cold.median)} (first run ${ms(cold.first)})`);
console.log('\ntargets: p99 ≤ 0.5 ms and ≥ 4× faster than bare search (shipped); p99 ≤ 5 ms and build ≤ 3 s (1,000 roles); cold start ≤ 400 ms');
