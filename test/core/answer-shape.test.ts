/**
 * Answers read like chat: the direct answer first, the role's own figures, then neighbouring roles' figures in a
 * labelled group of their own, at most three bullets, the source and as-of line once, at most five follow-ups, and
 * the full table or section behind a `more` marker — with every figure of the knowledge exact and reachable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Advisor } from '../../src/core/advisor.ts';
import { answerParts } from '../../src/core/answer/parts.ts';
import { renderText } from '../../src/core/answer/render.ts';
import { TOPICS } from '../../src/core/topics.ts';
import type { Answer, Block } from '../../src/core/types.ts';
import { ask, realAdvisor } from '../helpers.ts';

let advisor: Advisor;
beforeAll(async () => {
  advisor = await realAdvisor();
});

/** Every piece of text of some blocks, in order, whitespace collapsed. */
function textOf(blocks: readonly Block[]): string {
  return blocks
    .flatMap((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
        case 'source':
          return [b.text];
        case 'bullets':
          return b.items;
        case 'table':
          return [...b.columns, ...b.rows.flat()];
        case 'fields':
          return b.fields.flatMap((f) => [f.label, f.value]);
        case 'more':
          return [];
      }
    })
    .join('\n');
}

function everyAnswer(): Array<[string, Answer]> {
  const texts = ['roles', 'help', 'what do ML architects make?', 'which degree do I need?'];
  const slugs = advisor.roles().map((r) => r.slug);
  for (const slug of slugs) texts.push(`role ${slug}`, ...TOPICS.map((t) => `role ${slug} ${t}`));
  for (const [i, a] of slugs.slice(0, 5).entries())
    for (const b of slugs.slice(i + 1, 5)) texts.push(`compare ${a} ${b} salary`, `compare ${a} ${b}`, `compare ${a} ${b} skills`);
  return texts.map((t) => [t, ask(advisor, t)]);
}

describe('the short answer', () => {
  it('leads a salary answer with one direct line, figures exactly as the knowledge writes them', () => {
    const [short = []] = answerParts(ask(advisor, 'how much does a staff ML architect make?'));
    expect(short[0]).toEqual({
      type: 'paragraph',
      text: '**Staff ML Architect**: median $190,000 - $200,000 a year (estimate, US, 2024); typical range $150,000 - $300,000+.',
    });
    const [lead = []] = answerParts(ask(advisor, 'lead ml architect salary'));
    expect(lead[0]).toMatchObject({ type: 'paragraph' });
    expect(textOf(lead.slice(0, 1))).toBe(
      '**Lead ML Architect**: no pay figures for this title itself; the closest published match is **Lead ML Engineer** pay: average $188,940 - $233,000 per year (base salary, US, 2024); range $157,399 - $227,416.',
    );
  });

  it("groups the role's own figures first, then neighbouring roles' under their own heading", () => {
    const [short = []] = answerParts(ask(advisor, 'role staff-ml-architect salary'));
    const fields = short.flatMap((b) => (b.type === 'fields' ? b.fields : []));
    expect(fields.map((f) => f.label)).toEqual([
      'More Staff ML Architect figures (US)',
      'Machine Learning Architect (US)',
      'Staff ML Engineer (US, total compensation)',
    ]);
    expect(fields[0]?.value).toBe(
      'Top earners (estimate): $350,000 - $400,000+\nBase share: 70-80% of total compensation\nPerformance bonuses: 10-20% of base salary\nStock options/equity: Additional 10-20% of total package',
    );
    expect(fields[2]?.value).toBe('Average: $448,000\nRange: $325,000 - $1,013,000\nTop 10%: Over $734,000');
    const heading = short.findIndex(
      (b) => b.type === 'heading' && /^Neighbouring roles, for comparison — not Staff ML Architect pay$/.test(b.text),
    );
    const own = short.findIndex((b) => b.type === 'fields');
    expect(own).toBeGreaterThan(0);
    expect(heading).toBeGreaterThan(own);
    // No Staff ML Engineer figure is in the role's own group.
    expect(fields[0]?.value).not.toContain('$448,000');
  });

  it('every answer: at most three bullets and five follow-ups, one source line, "US market, 2024" at most once', () => {
    for (const [text, answer] of everyAnswer()) {
      const [short = []] = answerParts(answer);
      const bullets = short.filter((b) => b.type === 'bullets');
      if (answer.intent !== 'help' && answer.intent !== 'roles' && !/which degree/.test(text)) {
        expect(
          bullets.reduce((n, b) => n + (b.type === 'bullets' ? b.items.length : 0), 0),
          text,
        ).toBeLessThanOrEqual(3);
      }
      expect(answer.followUps.length, text).toBeLessThanOrEqual(5);
      expect(answer.blocks.filter((b) => b.type === 'source').length, text).toBeLessThanOrEqual(1);
      expect(renderText(answer).match(/US market, 2024/g)?.length ?? 0, text).toBeLessThanOrEqual(1);
    }
  });

  it('never speaks of "this role" rows, which no answer labels so', () => {
    for (const [text, answer] of everyAnswer()) expect(renderText(answer), text).not.toMatch(/"this role"|this role" rows/i);
  });
});

describe('behind "More"', () => {
  it('holds the full pay table with the basis of every row', () => {
    const answer = ask(advisor, 'role staff-ml-architect salary');
    const parts = answerParts(answer);
    expect(parts).toHaveLength(2);
    const table = parts[1]?.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.length).toBe(13);
    expect(table?.type === 'table' && table.columns).toEqual(['Measure', 'Figure', 'Basis', 'Figures for']);
    expect(parts[1]?.some((b) => b.type === 'source')).toBe(false);
  });

  it('holds the whole section of a grouped topic, and the rest of a plain list', () => {
    const responsibilities = ask(advisor, 'what does an ml infrastructure architect do');
    const [short = [], more = []] = answerParts(responsibilities);
    expect(textOf(short.slice(0, 1))).toMatch(/^\*\*ML Infrastructure Architect\*\*: designs/);
    expect(more).toEqual(advisor.knowledge.bySlug.get('ml-infrastructure-architect')?.sections.responsibilities?.blocks);
  });

  it('keeps every salary figure of the knowledge exact, in the short answer and in the full table', () => {
    for (const role of advisor.knowledge.roles) {
      if (role.salary.length === 0) continue;
      const [short = [], ...rest] = answerParts(ask(advisor, `role ${role.slug} salary`));
      for (const row of role.salary) {
        expect(textOf(short), `${role.slug}: ${row.figure}`).toContain(row.figure);
        expect(textOf(rest.flat()), `${role.slug}: ${row.figure}`).toContain(row.figure);
      }
    }
  });

  it('a comparison: the pay lines first, the side-by-side table behind "More"', () => {
    const answer = ask(advisor, 'lead vs staff pay');
    const [short = [], more = []] = answerParts(answer);
    expect(short[0]?.type).toBe('fields');
    expect(textOf(short)).toContain('$188,940 - $233,000 per year');
    expect(textOf(short)).toContain('$190,000 - $200,000');
    expect(more.some((b) => b.type === 'table' && b.columns.includes('Basis'))).toBe(true);
  });
});
