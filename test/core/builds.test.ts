import { describe, expect, it } from 'vitest';
import { syntheticKnowledge } from '../../scripts/synthetic-knowledge.ts';
import { createAdvisor } from '../../src/core/advisor.ts';
import { buildCounts } from '../../src/core/builds.ts';
import { realKnowledge } from '../helpers.ts';

const total = () => Object.values(buildCounts()).reduce((a, b) => a + b, 0);

describe('every index is built at load, none inside a question (1,000 roles)', () => {
  it('counts the builds of a new advisor, then none for the first answer of each kind', async () => {
    const knowledge = syntheticKnowledge(await realKnowledge(), 1_000);
    expect(knowledge.roles).toHaveLength(1_000);
    expect(new Set(knowledge.roles.map((r) => r.title)).size).toBe(1_000);
    const before = buildCounts();
    const advisor = createAdvisor({ knowledge });
    const after = buildCounts();
    // The counter sees the build: one resolver, one role matcher.
    expect((after['resolver'] ?? 0) - (before['resolver'] ?? 0)).toBe(1);
    expect((after['role-matcher'] ?? 0) - (before['role-matcher'] ?? 0)).toBe(1);

    const built = total();
    const kinds = new Set<string>();
    const ask = (text: string, conversationId = `c:${text}`) => {
      const answer = advisor.handle({ text, conversationId, user: { id: 'u', isModerator: false }, platform: 'test' });
      kinds.add(answer.intent);
      return answer;
    };
    ask('help');
    ask('roles');
    ask('how much does a fintech staff ml architect make?', 'conv');
    ask('what about a lead?', 'conv');
    ask('compare fintech-staff-ml-architect fintech-lead-ml-architect');
    ask('role fintech-ml-data-architect skills');
    ask('tips for marathon training');
    ask('fintch staf ml archtect');
    ask('what skills does a healthcare nlp research scientist need');
    ask('salary across all roles');
    ask('career path from robotics junior ai ml engineer to robotics senior ai ml engineer');
    ask('');
    advisor.complete('fin');
    advisor.roles();
    expect(kinds.size).toBeGreaterThanOrEqual(5);
    expect(buildCounts()).toEqual(after);
    expect(total()).toBe(built);
  }, 120_000);
});
