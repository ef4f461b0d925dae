import { describe, expect, it } from 'vitest';
import { evalSets, readEvalSet, runEvalItems, sameRoles } from '../../scripts/eval.ts';
import { createAdvisor } from '../../src/core/advisor.ts';
import { realKnowledge } from '../helpers.ts';

describe('labelled question set', () => {
  it('has at least 200 realistic questions covering every topic for the five main roles', () => {
    const turns = readEvalSet(evalSets.main).flat();
    expect(turns.length).toBeGreaterThanOrEqual(200);
    const topics = [
      'overview',
      'responsibilities',
      'skills',
      'soft-skills',
      'education',
      'career-path',
      'market',
      'salary',
      'trends',
      'best-practices',
      'challenges',
      'related',
    ];
    for (const role of [
      'ml-systems-architect',
      'ml-infrastructure-architect',
      'ml-data-architect',
      'lead-ml-architect',
      'staff-ml-architect',
    ]) {
      for (const topic of topics)
        expect(
          turns.some((t) => t.intent === topic && t.roles.includes(role)),
          `${role} ${topic}`,
        ).toBe(true);
    }
    expect(turns.filter((t) => t.intent === 'unknown').length).toBeGreaterThanOrEqual(20);
  });
});

describe('eval scoring', () => {
  it('scores roles as a set and counts the turns answered in another order than labelled', async () => {
    expect(sameRoles(['a', 'b'], ['b', 'a'])).toBe(true);
    expect(sameRoles(['a'], ['a', 'b'])).toBe(false);
    expect(sameRoles(['a', 'a'], ['a', 'b'])).toBe(false);
    const advisor = createAdvisor({ knowledge: await realKnowledge() });
    const turn = (q: string, roles: string[]) => ({ turns: [{ q, intent: 'overview', roles }], conversation: false, tags: [] });
    const r = runEvalItems(
      [
        turn('junior vs senior ML engineer?', ['senior-ai-ml-engineer', 'junior-ai-ml-engineer']),
        turn('junior vs senior ML engineer?', ['junior-ai-ml-engineer', 'senior-ai-ml-engineer']),
        turn('junior vs senior ML engineer?', ['junior-ai-ml-engineer']),
      ],
      advisor,
    );
    expect(r).toMatchObject({ total: 3, joint: 2, rolesOnly: 2, rolesOrder: 1 });
  });
});
