import { mkdtempSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAdvisor } from '../../src/core/advisor.ts';
import { answerParts } from '../../src/core/answer/parts.ts';
import { renderMarkdown, renderText } from '../../src/core/answer/render.ts';
import { MemoryContextStore } from '../../src/core/context/store.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { parseCommand } from '../../src/core/query.ts';
import { ask, knowledgeDir, realAdvisor, realKnowledge, recordingLogger } from '../helpers.ts';

describe('advisor: the examples people actually type', () => {
  it('answers a salary question with the median and range first, the source once, the full table behind "More"', async () => {
    const advisor = await realAdvisor();
    const answer = ask(advisor, 'how much does a staff ml architect make?');
    expect(answer).toMatchObject({
      intent: 'salary',
      roles: ['staff-ml-architect'],
      topic: 'salary',
      replay: 'role staff-ml-architect salary',
    });
    const [short = [], more = []] = answerParts(answer);
    expect(short[0]).toEqual({
      type: 'paragraph',
      text: '**Staff ML Architect**: median $190,000 - $200,000 a year (estimate, US, 2024); typical range $150,000 - $300,000+.',
    });
    expect(short.at(-1)).toMatchObject({ type: 'source' });
    expect(more.some((b) => b.type === 'table')).toBe(true);
    expect(renderText(answer).match(/US market, 2024/g)).toHaveLength(1);
    expect(answer.sections).toEqual(['staff-ml-architect#salary']);
  });

  it('survives typos: "stf ml architecht salery"', async () => {
    expect(ask(await realAdvisor(), 'stf ml architecht salery')).toMatchObject({ intent: 'salary', roles: ['staff-ml-architect'] });
  });

  it('compares pay side by side with the basis explicit: "lead vs staff pay"', async () => {
    const answer = ask(await realAdvisor(), 'lead vs staff pay');
    expect(answer).toMatchObject({ intent: 'salary', roles: ['lead-ml-architect', 'staff-ml-architect'] });
    const table = answer.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.columns).toContain('Basis');
    const md = renderMarkdown(answer);
    expect(md).toContain('$188,940 - $233,000 per year');
    expect(md).toContain('base salary');
    expect(md).toContain('Lead ML Engineer');
    expect(md).toContain('$190,000 - $200,000');
  });

  it('follows up in a conversation: role switch, topic switch, "same for", "how does that compare"', async () => {
    const advisor = await realAdvisor();
    const c = 'slack:T1:C1:U1';
    expect(ask(advisor, 'how much does a staff ml architect make?', c).roles).toEqual(['staff-ml-architect']);
    expect(ask(advisor, 'what about a lead?', c)).toMatchObject({ intent: 'salary', roles: ['lead-ml-architect'] });
    expect(ask(advisor, 'skills?', c)).toMatchObject({ intent: 'skills', roles: ['lead-ml-architect'] });
    expect(ask(advisor, 'same for staff', c)).toMatchObject({ intent: 'skills', roles: ['staff-ml-architect'] });
    expect(ask(advisor, 'how does that compare to infra architects', c)).toMatchObject({
      intent: 'skills',
      roles: ['staff-ml-architect', 'ml-infrastructure-architect'],
    });
    // Another conversation has its own context.
    expect(ask(advisor, 'what about a lead?', 'slack:T1:C2:U1').intent).not.toBe('skills');
  });

  it('forgets context after its time-to-live', async () => {
    let now = 0;
    const advisor = await realAdvisor({ contexts: new MemoryContextStore({ ttlMs: 1_000, now: () => now }) });
    ask(advisor, 'staff ml architect salary', 'c');
    now = 999;
    expect(ask(advisor, 'what about a lead?', 'c').intent).toBe('salary');
    now = 2_100;
    expect(ask(advisor, 'skills?', 'c').roles).toEqual([]);
  });

  it('keeps the context store bounded', () => {
    const store = new MemoryContextStore({ maxSize: 3 });
    for (let i = 0; i < 10; i++) store.set(`c${i}`, { roles: ['x'] });
    expect(store.size).toBe(3);
    expect(store.get('c0')).toBeUndefined();
    expect(store.get('c9')).toEqual({ roles: ['x'] });
  });

  it('gives a role card for a role with no topic, and an overview comparison for two', async () => {
    const advisor = await realAdvisor();
    const card = ask(advisor, 'ml infra architect');
    expect(card).toMatchObject({ intent: 'overview', roles: ['ml-infrastructure-architect'], title: 'ML Infrastructure Architect' });
    expect(renderText(card)).toContain('$180,000 - $200,000');
    expect(card.followUps.filter((f) => f.kind === 'topic').map((f) => f.label)).toEqual(expect.arrayContaining(['Salary', 'Skills']));
    expect(card.followUps.every((f) => ask(advisor, f.command).intent !== 'unknown')).toBe(true);
    const diff = ask(advisor, 'difference between ml data architect and ml systems architect');
    expect(diff).toMatchObject({ intent: 'overview', roles: ['ml-data-architect', 'ml-systems-architect'] });
    expect(diff.blocks[0]?.type).toBe('fields');
  });

  it('answers a topic with no role across the architect roles, or asks which role', async () => {
    const advisor = await realAdvisor();
    const pay = ask(advisor, 'what do ML architects make?');
    expect(pay).toMatchObject({ intent: 'salary', roles: [] });
    const table = pay.blocks.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows).toHaveLength(5);
    const edu = ask(advisor, 'which degree do I need?');
    expect(edu).toMatchObject({ intent: 'education', roles: [] });
    expect(edu.followUps).toHaveLength(5);
  });

  it('says what it covers for questions about anything else, with "did you mean" for near names', async () => {
    const advisor = await realAdvisor();
    for (const q of ["what's the weather", 'how much do nurses make', 'landscape architect salary', 'tell me a joke']) {
      const answer = ask(advisor, q);
      expect(answer.intent, q).toBe('unknown');
      expect(answer.roles, q).toEqual([]);
      expect(renderText(answer), q).toContain('I cover these careers');
    }
    const near = ask(advisor, 'role staff architekt ml');
    expect(near.intent).toBe('overview');
    const typo = ask(advisor, 'role stuff');
    expect(typo).toMatchObject({ intent: 'unknown' });
    expect(typo.suggestions).toContain('Staff Machine Learning Architect');
  });

  it('treats greetings and "what can you do" as help, "which roles do you know" as roles, and empty input as help', async () => {
    const advisor = await realAdvisor();
    expect(ask(advisor, 'hi').intent).toBe('help');
    expect(ask(advisor, 'what can you do?').intent).toBe('help');
    expect(ask(advisor, 'which roles do you know').intent).toBe('roles');
    expect(ask(advisor, '   ').intent).toBe('help');
    expect(ask(advisor, '\u0000\u0007').intent).toBe('help');
  });

  it('serves brief roles, and says so when a brief lacks a topic', async () => {
    const advisor = await realAdvisor();
    expect(ask(advisor, 'nlp research scientist salary')).toMatchObject({ intent: 'salary', roles: ['nlp-research-scientist'] });
    expect(renderText(ask(advisor, 'nlp research scientist salary'))).toContain('$78,000');
    const missing = ask(advisor, 'ai large model platform engineer salary');
    expect(missing).toMatchObject({ intent: 'salary', roles: ['ai-large-model-platform-engineer'] });
    expect(renderText(missing)).toContain('has nothing on salary yet');
  });

  it('completes role names for autocomplete: exact, alias, prefix, fuzzy; five profiles first when empty; at most 25', async () => {
    const advisor = await realAdvisor();
    expect(
      advisor
        .complete('')
        .slice(0, 5)
        .map((r) => r.slug)
        .sort(),
    ).toEqual(['lead-ml-architect', 'ml-data-architect', 'ml-infrastructure-architect', 'ml-systems-architect', 'staff-ml-architect']);
    expect(advisor.complete('staff-ml-architect')[0]?.slug).toBe('staff-ml-architect');
    expect(advisor.complete('lead MLA')[0]?.slug).toBe('lead-ml-architect');
    expect(advisor.complete('ml d')[0]?.slug).toBe('ml-data-architect');
    expect(advisor.complete('infrastucture')[0]?.slug).toBe('ml-infrastructure-architect');
    expect(advisor.complete('a', 100).length).toBeLessThanOrEqual(25);
    expect(advisor.roles()).toHaveLength(21);
  });
});

describe('command grammar', () => {
  it('parses role, compare, roles and help', () => {
    expect(parseCommand('role staff-ml-architect salary')).toEqual({ kind: 'role', roleText: 'staff ml architect', topic: 'salary' });
    expect(parseCommand('role lead ml architect best practices')).toEqual({
      kind: 'role',
      roleText: 'lead ml architect',
      topic: 'best-practices',
    });
    expect(parseCommand('role ml-data-architect')).toEqual({ kind: 'role', roleText: 'ml-data-architect' });
    expect(parseCommand('compare a-b c-d soft-skills')).toEqual({ kind: 'compare', rolesText: 'a b c d', topic: 'soft-skills' });
    expect(parseCommand('/help')).toEqual({ kind: 'help' });
    expect(parseCommand('roles')).toEqual({ kind: 'roles' });
    expect(parseCommand('role')).toEqual({ kind: 'roles' });
    expect(parseCommand('role help')).toEqual({ kind: 'help' });
    expect(parseCommand('role list')).toEqual({ kind: 'roles' });
    expect(parseCommand('role compare lead-ml-architect staff-ml-architect salary')).toEqual({
      kind: 'compare',
      rolesText: 'lead ml architect staff ml architect',
      topic: 'salary',
    });
    expect(parseCommand('role helpful skills')).toEqual({ kind: 'role', roleText: 'helpful', topic: 'skills' });
    expect(parseCommand('how much?')).toEqual({ kind: 'text', text: 'how much?' });
  });

  it('runs every command form through the advisor', async () => {
    const advisor = await realAdvisor();
    expect(ask(advisor, 'role staff-ml-architect')).toMatchObject({ intent: 'overview', roles: ['staff-ml-architect'] });
    expect(ask(advisor, 'role Staff Machine Learning Architect education')).toMatchObject({
      intent: 'education',
      roles: ['staff-ml-architect'],
    });
    expect(ask(advisor, 'compare lead-ml-architect staff-ml-architect salary')).toMatchObject({
      intent: 'salary',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
    });
    expect(ask(advisor, 'compare lead-ml-architect staff-ml-architect')).toMatchObject({
      intent: 'overview',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
    });
    expect(ask(advisor, 'role salary')).toMatchObject({ intent: 'salary', roles: [] });
    expect(ask(advisor, 'roles').intent).toBe('roles');
    expect(ask(advisor, 'help').intent).toBe('help');
  });

  it('replays every answer without context to the same answer', async () => {
    const advisor = await realAdvisor();
    const c = 'replay';
    for (const q of [
      'staff ml architect salary',
      'what about a lead?',
      'lead vs staff',
      'what do ml architects make',
      'hi',
      'roles',
      'nlp research scientist skills',
    ]) {
      const answer = ask(advisor, q, c);
      const again = ask(advisor, answer.replay as string);
      expect({ intent: again.intent, roles: again.roles, title: again.title }, q).toEqual({
        intent: answer.intent,
        roles: answer.roles,
        title: answer.title,
      });
    }
  });
});

describe('reload and gaps', () => {
  it('reloads changed knowledge, and keeps serving the old version when the new one is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-reload-'));
    cpSync(knowledgeDir, dir, { recursive: true });
    const logger = recordingLogger();
    // It starts from the shipped knowledge (the copy's content); each reload parses the copy.
    const advisor = createAdvisor({ knowledge: await realKnowledge(), logger, load: () => loadKnowledge(dir, { cacheDir: false }) });
    expect(await advisor.reload()).toEqual({ ok: true, roles: 21 });
    writeFileSync(join(dir, 'broken.md'), '## Overview\n');
    const result = await advisor.reload();
    expect(result.ok).toBe(false);
    expect(result.error).toContain('broken.md:1: missing front matter');
    expect(logger.records.some((r) => r.level === 'error' && r.obj['event'] === 'advisor.reload_failed')).toBe(true);
    expect(ask(advisor, 'staff ml architect salary').roles).toEqual(['staff-ml-architect']);
  });

  it('logs every unknown question (the bot layer counts them)', async () => {
    const logger = recordingLogger();
    const advisor = createAdvisor({ knowledge: await realKnowledge(), logger });
    for (let i = 0; i < 3; i++) ask(advisor, 'how much do plumbers make');
    ask(advisor, 'weather today?');
    ask(advisor, 'staff ml architect salary');
    const gaps = logger.records.filter((r) => r.obj['event'] === 'advisor.gap');
    expect(gaps).toHaveLength(4);
    expect(gaps[0]?.obj).toMatchObject({ text: 'how much do plumbers make', intent: 'unknown' });
  });
});
