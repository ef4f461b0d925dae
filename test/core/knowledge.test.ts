import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/core/errors.ts';
import { buildKnowledge } from '../../src/core/knowledge/build.ts';
import { loadKnowledge, summarizeKnowledge } from '../../src/core/knowledge/load.ts';
import { parseFigure } from '../../src/core/knowledge/figures.ts';
import { TOPICS } from '../../src/core/topics.ts';
import type { Knowledge } from '../../src/core/types.ts';
import { knowledgeDir, realKnowledge, seedTest, seedsDir } from '../helpers.ts';

const PROFILES = ['ml-systems-architect', 'ml-infrastructure-architect', 'ml-data-architect', 'lead-ml-architect', 'staff-ml-architect'];
const SEED_GROUPS: Record<string, string[]> = {
  '000_a702fbfd53e3dee1.txt': [
    'ml-systems-architect',
    'ai-machine-learning-researcher',
    'ai-large-model-platform-engineer',
    'ai-machine-learning-systems-engineer',
    'ai-network-security-engineer',
  ],
  '001_5de1d974efc373be.txt': [
    'ml-infrastructure-architect',
    'senior-ai-ml-engineer',
    'junior-ai-ml-engineer',
    'ai-protection-analyst',
    'ai-marketing-analytics-expert',
  ],
  '002_e3509a7d0a6373b1.txt': [
    'ml-data-architect',
    'ai-quality-engineering-vp',
    'ai-research-engineer',
    'ai-research-manager',
    'ai-research-scientist',
  ],
  '003_0fd02634d5f2a3ad.txt': [
    'lead-ml-architect',
    'entry-level-ai-engineer',
    'senior-ai-application-engineer',
    'multimodal-ai-research-scientist',
    'nlp-research-scientist',
  ],
  '004_5f4f082469f40f29.txt': ['staff-ml-architect'],
};

// Parsed from the Markdown once for this file (these tests are about the parser's output), into a fresh cache folder
// that then holds its snapshot.
const parsedCacheDir = mkdtempSync(join(tmpdir(), 'ca-cache-'));
let parsed: Promise<Knowledge> | undefined;
const shipped = () => (parsed ??= loadKnowledge(knowledgeDir, { cacheDir: parsedCacheDir }));

describe('the shipped knowledge', () => {
  it('has the 21 roles of the seeds, five full profiles covering every topic', async () => {
    const knowledge = await shipped();
    expect(knowledge.roles).toHaveLength(21);
    expect(new Set(knowledge.roles.map((r) => r.slug))).toEqual(new Set(Object.values(SEED_GROUPS).flat()));
    for (const slug of PROFILES) {
      const role = knowledge.bySlug.get(slug);
      expect(role?.kind, slug).toBe('profile');
      for (const topic of TOPICS) expect(role?.sections[topic], `${slug} ${topic}`).toBeDefined();
    }
    expect(knowledge.roles.filter((r) => r.kind === 'brief')).toHaveLength(16);
  });

  it('parses salary tables into data with one headline per role', async () => {
    const knowledge = await shipped();
    const staff = knowledge.bySlug.get('staff-ml-architect');
    const median = staff?.salary.find((r) => r.self && r.measure.startsWith('Median'));
    expect(median).toMatchObject({ figure: '$190,000 - $200,000', amounts: [190_000, 200_000], unit: 'USD' });
    const lead = knowledge.bySlug.get('lead-ml-architect');
    expect(lead?.salary[0]).toMatchObject({
      subject: 'Lead ML Engineer',
      self: false,
      basis: 'base',
      figure: '$188,940 - $233,000 per year',
    });
    for (const slug of PROFILES) expect(knowledge.bySlug.get(slug)?.salary.length, slug).toBeGreaterThan(2);
    expect(summarizeKnowledge(knowledge).salaryRows).toBeGreaterThan(40);
  });

  it('keeps each pay figure in exactly one place of its file (the salary table)', () => {
    for (const file of readdirSync(knowledgeDir).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join(knowledgeDir, file), 'utf8');
      const salary = text.slice(text.indexOf('## Salary'));
      const table = salary
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .join('\n');
      for (const money of new Set(table.match(/\$\d[\d,]{4,}/g) ?? [])) {
        // The table may hold a figure twice only as two different measures; prose must not repeat it.
        const outsideTable = text.replace(table, '').split(money).length - 1;
        expect(outsideTable, `${file}: ${money} repeated outside the salary table`).toBe(0);
      }
    }
  });

  seedTest('holds every figure of the seeds, in the files of the seed that gives it', () => {
    const FIGURE = /(?:USD\s?|\$)\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:billion|million|trillion)\b)?\+?|\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?%/g;
    let distinct = 0;
    for (const [seed, slugs] of Object.entries(SEED_GROUPS)) {
      const source = readFileSync(join(seedsDir, seed), 'utf8');
      const figures = new Set((source.match(FIGURE) ?? []).map((f) => f.replace(/[,\s]+$/, '').replace(/\s+/g, ' ')));
      distinct += figures.size;
      const ours = slugs
        .map((s) => readFileSync(join(knowledgeDir, `${s}.md`), 'utf8'))
        .join('\n')
        .replace(/\s+/g, ' ');
      for (const figure of figures) expect(ours.includes(figure), `${seed}: ${figure}`).toBe(true);
    }
    expect(distinct).toBeGreaterThanOrEqual(89);
  });

  seedTest('copies no run of 12 or more consecutive words from a seed', () => {
    const words = (t: string) =>
      t
        .toLowerCase()
        .replace(/[^a-z0-9$%']+/g, ' ')
        .trim()
        .split(/\s+/);
    const grams = new Set<string>();
    for (const seed of readdirSync(seedsDir).filter((f) => f.endsWith('.txt'))) {
      const w = words(readFileSync(join(seedsDir, seed), 'utf8'));
      for (let i = 0; i + 12 <= w.length; i++) grams.add(w.slice(i, i + 12).join(' '));
    }
    const copied: string[] = [];
    for (const file of readdirSync(knowledgeDir).filter((f) => f.endsWith('.md'))) {
      const w = words(readFileSync(join(knowledgeDir, file), 'utf8'));
      for (let i = 0; i + 12 <= w.length; i++)
        if (grams.has(w.slice(i, i + 12).join(' '))) copied.push(`${file}: ${w.slice(i, i + 12).join(' ')}`);
    }
    expect(copied).toEqual([]);
  });

  it('loads the same knowledge from its snapshot cache as from parsing', async () => {
    const first = await shipped();
    expect(readdirSync(parsedCacheDir).some((f) => f.startsWith('knowledge-'))).toBe(true);
    const second = await loadKnowledge(knowledgeDir, { cacheDir: parsedCacheDir });
    expect(second.roles).toEqual(first.roles);
    expect(second.bySlug.get('lead-ml-architect')?.salary).toEqual(first.bySlug.get('lead-ml-architect')?.salary);
    // All of it, the trained intent model included (it comes back from its raw bytes as the same serialized
    // classifier, base64 for base64): other tests read the shipped knowledge from the snapshot the global setup wrote
    // (realKnowledge), which stands in for a parse only because of this.
    const plain = (k: Knowledge) => ({
      ...k,
      intentModel: k.intentModel && { ...k.intentModel, classifier: { ...k.intentModel.classifier } },
    });
    expect(first.intentModel?.classifier.weights.length).toBeGreaterThan(1_000_000);
    expect(plain(second)).toEqual(plain(first));
    expect(plain(await realKnowledge())).toEqual(plain(first));
  });
});

describe('parseFigure', () => {
  it('reads ranges, prefixes, suffixes, other currencies and percentages', () => {
    expect(parseFigure('$180,000 - $190,000')).toEqual({ amounts: [180_000, 190_000], unit: 'USD' });
    expect(parseFigure('Over $366,000 per year')).toEqual({ amounts: [366_000], unit: 'USD' });
    expect(parseFigure('$300,000+')).toEqual({ amounts: [300_000], unit: 'USD' });
    expect(parseFigure('₹20,70,436 per year')).toEqual({ amounts: [2_070_436], unit: 'INR' });
    expect(parseFigure('70-80% of total compensation')).toEqual({ amounts: [70, 80], unit: 'percent' });
    expect(parseFigure('competitive')).toBeUndefined();
  });
});

const GOOD = `---
slug: test-role
title: Test Role
kind: brief
summary: A role used by tests.
aliases: [tester role]
related: []
asOf: "2024"
scope: US market
---

## Overview

A role.

## Salary

| Measure | Figure | Basis | Subject | Scope |
|---|---|---|---|---|
| Median | $100,000 | base | this role | US |
`;

function problemsOf(files: Array<{ file: string; source: string }>): string[] {
  try {
    buildKnowledge(files);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  }
  return [];
}

describe('knowledge validation names the file, the line and the problem', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no front matter', '## Overview\n\nHi.\n', /^test-role\.md:1: missing front matter/],
    ['bad YAML', GOOD.replace('kind: brief', 'kind: [brief'), /^test-role\.md:\d+: front matter: /],
    ['unknown front-matter key', GOOD.replace('kind: brief', 'kind: brief\ncolour: blue'), /^test-role\.md:5: front matter "colour": /],
    ['bad slug', GOOD.replace('slug: test-role', 'slug: Test_Role'), /^test-role\.md:2: front matter "slug": must be kebab-case/],
    ['missing summary', GOOD.replace('summary: A role used by tests.\n', ''), /front matter "summary": /],
    [
      'slug not the file name',
      GOOD.replace('slug: test-role', 'slug: other-role'),
      /^test-role\.md:2: slug "other-role" must match the file name/,
    ],
    ['unknown heading', GOOD.replace('## Overview', '## Intro'), /^test-role\.md:12: unknown topic heading "## Intro"/],
    ['topic twice', `${GOOD}\n## Overview\n\nAgain.\n`, /topic "Overview" appears twice/],
    [
      'topics out of order',
      GOOD.replace('## Overview\n\nA role.\n', '') + '\n## Overview\n\nA role.\n',
      /topic "Overview" is out of order/,
    ],
    ['empty section', GOOD.replace('A role.\n', ''), /^test-role\.md:12: section "Overview" is empty/],
    [
      'salary without table',
      GOOD.replace(/\| Measure[\s\S]*$/, 'Good pay.\n'),
      /the Salary section needs exactly one salary table, found 0/,
    ],
    [
      'wrong salary columns',
      GOOD.replace('| Measure | Figure | Basis | Subject | Scope |', '| Measure | Amount | Basis | Subject | Scope |'),
      /^test-role\.md:18: salary table columns must be/,
    ],
    [
      'figure without amount',
      GOOD.replace('| $100,000 |', '| competitive |'),
      /^test-role\.md:20: salary figure "competitive" holds no money amount/,
    ],
    ['bad basis', GOOD.replace('| base |', '| gross |'), /^test-role\.md:20: salary basis "gross" must be one of/],
    ['missing overview', GOOD.replace('## Overview\n\nA role.\n', ''), /missing the "## Overview" section/],
    ['profile missing topics', GOOD.replace('kind: brief', 'kind: profile'), /a full profile needs every topic; missing: responsibilities/],
    [
      'content before first topic',
      GOOD.replace('## Overview', 'Stray text.\n\n## Overview'),
      /^test-role\.md:12: content before the first ## topic heading/,
    ],
    ['unknown related slug', GOOD.replace('related: []', 'related: [nobody-here]'), /^test-role\.md:7: unknown related slug "nobody-here"/],
    ['related to itself', GOOD.replace('related: []', 'related: [test-role]'), /a role cannot list itself as related/],
  ];
  for (const [name, source, expected] of cases) {
    it(name, () => {
      const problems = problemsOf([{ file: 'test-role.md', source }]);
      expect(
        problems.some((p) => expected.test(p)),
        problems.join('\n'),
      ).toBe(true);
    });
  }

  it('reports an alias shared by two roles, and a duplicate slug', () => {
    const other = GOOD.replace(/test-role/g, 'other-role').replace('title: Test Role', 'title: Other Role');
    const problems = problemsOf([
      { file: 'test-role.md', source: GOOD },
      { file: 'other-role.md', source: other },
    ]);
    expect(problems).toContain('other-role.md:6: alias "tester role" is already a name of test-role (test-role.md)');
    const dup = problemsOf([
      { file: 'test-role.md', source: GOOD },
      { file: 'copy/test-role.md', source: GOOD },
    ]);
    expect(dup.some((p) => /duplicate slug "test-role"/.test(p))).toBe(true);
  });

  it('accepts the valid example', () => {
    expect(problemsOf([{ file: 'test-role.md', source: GOOD }])).toEqual([]);
  });

  it('stops on a missing or empty directory with a clear message', async () => {
    await expect(loadKnowledge('/nonexistent/knowledge', { cacheDir: false })).rejects.toThrow(/cannot read the knowledge directory/);
    const empty = mkdtempSync(join(tmpdir(), 'ca-empty-'));
    await expect(loadKnowledge(empty, { cacheDir: false })).rejects.toThrow(/no role files/);
    writeFileSync(join(empty, 'bad.md'), '## Overview\n');
    await expect(loadKnowledge(empty, { cacheDir: false })).rejects.toThrow(/bad\.md:1: missing front matter/);
  });
});
