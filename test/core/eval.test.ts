import { describe, expect, it } from 'vitest';
import { evalSets, readEvalSet } from '../../scripts/eval.ts';

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
