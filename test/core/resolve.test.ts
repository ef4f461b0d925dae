import { describe, expect, it } from 'vitest';
import { Resolver } from '../../src/core/nlu/resolve.ts';
import { formatCommand, parseCommand } from '../../src/core/query.ts';
import { realKnowledge } from '../helpers.ts';

const resolver = async () => new Resolver(await realKnowledge());

describe('resolver: a matching decision without an answer', () => {
  it('reads a question into kind, roles, topic, confidence and reasons', async () => {
    const q = (await resolver()).resolve('how much does a staff ml architect make?');
    expect(q).toMatchObject({ kind: 'topic', roles: ['staff-ml-architect'], topic: 'salary' });
    expect(q.confidence).toBeGreaterThan(0.5);
    expect(q.reasons.join(' | ')).toMatch(/roles named: staff-ml-architect/);
    expect(q.reasons.join(' | ')).toMatch(/salary/);
  });

  it('reads commands through the one codec, and formats every query back to a command that reads the same', async () => {
    const r = await resolver();
    for (const text of ['role staff-ml-architect salary', 'role lead-ml-architect', 'compare ml-data-architect ml-systems-architect skills', 'roles', 'help', 'role salary']) {
      const q = r.resolve(text);
      expect(q.reasons[0], text).toMatch(/^command/);
      const again = formatCommand(q);
      expect(again, text).toBeDefined();
      expect(r.resolve(again as string), text).toMatchObject({ kind: q.kind, roles: q.roles, ...(q.topic ? { topic: q.topic } : {}) });
    }
    expect(formatCommand({ kind: 'unknown', roles: [] })).toBeUndefined();
    expect(formatCommand({ kind: 'compare', roles: ['a', 'b'], topic: 'salary' })).toBe('compare a b salary');
    expect(parseCommand(formatCommand({ kind: 'topic', roles: ['a-b'], topic: 'soft-skills' }) as string)).toEqual({ kind: 'role', roleText: 'a b', topic: 'soft-skills' });
  });

  it('refuses other professions and subjects, and says why', async () => {
    const q = (await resolver()).resolve('how much does a nurse make');
    expect(q).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    expect(q.reasons.join(' ')).toMatch(/nurse/);
  });
});
