import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticKnowledge } from '../../scripts/synthetic-knowledge.ts';
import { createAdvisor, type Advisor } from '../../src/core/advisor.ts';
import { MAX_LISTED_ROLES } from '../../src/core/answer/compose.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import type { Answer, Knowledge } from '../../src/core/types.ts';

const ask = (advisor: Advisor, text: string, conversationId = `c:${text}`) =>
  advisor.handle({ text, conversationId, user: { id: 'u', isModerator: false }, platform: 'test' });
const bullets = (answer: Answer) => answer.blocks.flatMap((b) => (b.type === 'bullets' ? [b.items.length] : []));
const texts = (answer: Answer) => answer.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.text] : []));

describe('lists of roles in answers are capped (1,000 roles)', () => {
  let shipped: Knowledge;
  let big: Advisor;
  beforeAll(async () => {
    shipped = await loadKnowledge('knowledge');
    big = createAdvisor({ knowledge: syntheticKnowledge(shipped, 1_000) });
  }, 120_000);

  it('the role list names at most MAX_LISTED_ROLES of each kind, says how many more, and remembers only those', () => {
    const answer = ask(big, 'roles');
    expect(answer.title).toBe('Roles I know (1000)');
    expect(bullets(answer)).toEqual([MAX_LISTED_ROLES, MAX_LISTED_ROLES]);
    expect(texts(answer).some((t) => /^…and [\d,]+ more full profiles: name one to see it\.$/.test(t))).toBe(true);
    expect(texts(answer).some((t) => /^…and [\d,]+ more short profiles/.test(t))).toBe(true);
    expect(answer.followUps.length).toBeLessThanOrEqual(MAX_LISTED_ROLES);
    expect(answer.context?.shown).toHaveLength(2 * MAX_LISTED_ROLES);
    expect(JSON.stringify(answer).length).toBeLessThan(30_000);
  });

  it('pay across roles compares at most MAX_LISTED_ROLES profiles', () => {
    const answer = ask(big, 'salary across all roles');
    const table = answer.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.length).toBe(MAX_LISTED_ROLES);
    expect(texts(answer).some((t) => /more profiles: name one/.test(t))).toBe(true);
  });

  it('"I cover these careers" names a few and counts the rest', () => {
    const answer = ask(big, 'tips for marathon training');
    expect(answer.intent).toBe('unknown');
    const first = texts(answer)[0] ?? '';
    expect(first).toMatch(/I cover 1,000 careers, among them /);
    expect(first.split(', ').length).toBeLessThanOrEqual(MAX_LISTED_ROLES + 1);
  });

  it('at the shipped size nothing is cut: every role is listed and remembered', () => {
    const small = createAdvisor({ knowledge: shipped });
    const answer = ask(small, 'roles');
    expect(bullets(answer).reduce((a, b) => a + b, 0)).toBe(shipped.roles.length);
    expect(texts(answer).some((t) => t.includes('more'))).toBe(false);
    expect(answer.context?.shown).toEqual(shipped.roles.map((r) => r.slug));
  });
});
