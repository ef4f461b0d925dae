import { describe, expect, it } from 'vitest';
import { scoreIntents } from '../../src/core/nlu/intent.ts';
import { canonicalTokens } from '../../src/core/nlu/vocabulary.ts';
import { Resolver } from '../../src/core/nlu/resolve.ts';
import { formatCommand, parseCommand } from '../../src/core/query.ts';
import { ask, realAdvisor, realKnowledge } from '../helpers.ts';

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
    for (const text of [
      'role staff-ml-architect salary',
      'role lead-ml-architect',
      'compare ml-data-architect ml-systems-architect skills',
      'roles',
      'help',
      'role salary',
    ]) {
      const q = r.resolve(text);
      expect(q.reasons[0], text).toMatch(/^command/);
      const again = formatCommand(q);
      expect(again, text).toBeDefined();
      expect(r.resolve(again as string), text).toMatchObject({ kind: q.kind, roles: q.roles, ...(q.topic ? { topic: q.topic } : {}) });
    }
    expect(formatCommand({ kind: 'unknown', roles: [] })).toBeUndefined();
    expect(formatCommand({ kind: 'compare', roles: ['a', 'b'], topic: 'salary' })).toBe('compare a b salary');
    expect(parseCommand(formatCommand({ kind: 'topic', roles: ['a-b'], topic: 'soft-skills' }) as string)).toEqual({
      kind: 'role',
      roleText: 'a b',
      topic: 'soft-skills',
    });
  });

  it('refuses other professions and subjects, and says why', async () => {
    const q = (await resolver()).resolve('how much does a nurse make');
    expect(q).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    expect(q.reasons.join(' ')).toMatch(/nurse/);
  });

  it("refuses a message the model reads as out of scope when its role words name no role fully, and keeps the asker's own profession as background", async () => {
    const r = await resolver();
    for (const text of ['UX designer vs UX researcher?', 'what does a UX researcher do?'])
      expect(r.resolve(text), text).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    // A name typed in full with typos is no partial match.
    expect(r.resolve('whats a machien learning data architect')).toMatchObject({ kind: 'topic', roles: ['ml-data-architect'] });
    expect(r.resolve("I'm a hiring manager putting together a career ladder. What ML/AI roles can you tell me about?").kind).toBe('roles');
  });
});

describe('resolver: subjects and background roles', () => {
  it("makes the target of a move the subject, and the asker's own role background", async () => {
    const r = await resolver();
    expect(r.resolve("I'm a senior ML engineer, how do I move up to lead ML architect")).toMatchObject({
      kind: 'topic',
      roles: ['lead-ml-architect'],
      topic: 'career-path',
    });
    expect(r.resolve('roadmap from junior MLE to lead')).toMatchObject({ roles: ['lead-ml-architect'] });
    expect(r.resolve('currently a data scientist, how do I get to ml systems architect')).toMatchObject({
      roles: ['ml-systems-architect'],
    });
    expect(r.resolve('how do I become an ml systems architect')).toMatchObject({ roles: ['ml-systems-architect'], topic: 'career-path' });
  });

  it('keeps the roles discussed when another profession is named beside a word pointing back, and a related-roles subject', async () => {
    const r = await resolver();
    const market = { roles: ['ml-data-architect'], topic: 'market' as const };
    expect(r.resolve('is it all senior data engineers now', market)).toMatchObject({
      kind: 'topic',
      roles: ['ml-data-architect'],
      topic: 'market',
    });
    // Named with ellipsis, the other profession is the new subject: out of scope.
    expect(r.resolve('what about a product manager, what do they need', market)).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('is a data engineer a good job')).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('research-y careers related to AI research scientist?')).toMatchObject({
      kind: 'topic',
      roles: ['ai-research-scientist'],
      topic: 'related',
    });
  });

  it('reads a role named only in a statement beside the question as background, unless the question compares', async () => {
    const r = await resolver();
    expect(r.resolve('I have offers for lead ML architect and senior MLE. What does a lead ML architect earn?')).toMatchObject({
      kind: 'topic',
      roles: ['lead-ml-architect'],
      topic: 'salary',
    });
    // Every subject in a statement after the question: the role the question names.
    expect(r.resolve('what comes after junior MLE? people mention senior MLE and staff ML architect').roles).toEqual([
      'junior-ai-ml-engineer',
    ]);
    // A question that compares, or one question per role, keeps them all.
    expect(r.resolve('I saw 190k for staff ML architect and 200k for lead ML architect. so lead pays more?').roles).toEqual([
      'staff-ml-architect',
      'lead-ml-architect',
    ]);
    expect(r.resolve('What does a staff ML architect do? And a lead ML architect?').roles).toEqual([
      'staff-ml-architect',
      'lead-ml-architect',
    ]);
  });

  it('lets the nearest cue decide: "from A" stays background after "how to get", an arrow is a move, "A here" is the asker', async () => {
    const r = await resolver();
    // Invented phrasings of the kinds, not corpus sentences.
    expect(r.resolve('how can i get from research engineer to research scientist')).toMatchObject({ roles: ['ai-research-scientist'] });
    expect(r.resolve('plan to go junior MLE -> staff ML architect')).toMatchObject({ roles: ['staff-ml-architect'] });
    expect(r.resolve('data engineer now, want to become an ML systems engineer')).toMatchObject({
      roles: ['ai-machine-learning-systems-engineer'],
    });
    expect(r.resolve('junior MLE here, is lead ML architect realistic')).toMatchObject({ roles: ['lead-ml-architect'] });
    // Words of two named roles are not a third ("research" + "lead" is no research manager).
    expect(r.resolve('from AI research engineer to lead ML architect?')).toMatchObject({ roles: ['lead-ml-architect'] });
    // A name pieced together from another role's words and a stray word is not named ("data scientists").
    expect(r.resolve('does a lead ML architect sit with the data scientists')).toMatchObject({ roles: ['lead-ml-architect'] });
    // The role sought ("applying for", "an offer for", "interviewing for") is the subject beside the asker's own.
    expect(r.resolve('Senior MLE applying for lead ML architect. What skills do they expect?')).toMatchObject({
      roles: ['lead-ml-architect'],
      topic: 'skills',
    });
    expect(r.resolve('im a senior mle, got an offer for lead ml architect at 230k base, good?').roles).toEqual(['lead-ml-architect']);
    // Two targets joined by "or" are both subjects, the asker's own role background; a ladder keeps every step.
    expect(r.resolve("I'm a junior MLE, should I become a senior MLE or a staff ML architect?")).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-ml-engineer', 'staff-ml-architect'],
    });
    expect(r.resolve('harder to become an AI research engineer or an AI research scientist?').roles).toEqual([
      'ai-research-engineer',
      'ai-research-scientist',
    ]);
    expect(r.resolve('junior MLE -> senior MLE -> staff ML architect pay at each step').roles).toEqual([
      'junior-ai-ml-engineer',
      'senior-ai-ml-engineer',
      'staff-ml-architect',
    ]);
    // Without a cue both stay subjects.
    expect(r.resolve('junior MLE vs lead ML architect salary')).toMatchObject({
      kind: 'compare',
      roles: ['junior-ai-ml-engineer', 'lead-ml-architect'],
    });
  });

  it('reads a wave alone as a greeting, and other emoji alone as nothing to read', async () => {
    const r = await resolver();
    expect(r.resolve('👋')).toMatchObject({ kind: 'help' });
    expect(r.resolve('🙋')).toMatchObject({ kind: 'help' });
    expect(r.resolve('🔥🔥')).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('???')).toMatchObject({ kind: 'help' });
    expect(r.resolve('...')).toMatchObject({ kind: 'unknown' });
  });

  it('reads a short hello of help words and filler as help, and a help word beside another subject not', async () => {
    const r = await resolver();
    for (const text of ['hellooo team', 'halp pls', 'career advisor??', 'instructions?', 'gm gm']) {
      const q = r.resolve(text);
      expect(q, text).toMatchObject({ kind: 'help' });
      expect(q.reasons.join(' | '), text).toMatch(/a short hello/);
    }
    expect(r.resolve('pytorch tutorial?').reasons.join(' | ')).not.toMatch(/a short hello/);
    expect(r.resolve('u suck').reasons.join(' | ')).not.toMatch(/a short hello/);
  });

  it('answers a sure request for the role list or help that contains role words as that request, outside a conversation', async () => {
    const r = await resolver();
    expect(r.resolve('what AI/ML careers do you have data on')).toMatchObject({ kind: 'roles', roles: [] });
    expect(r.resolve('anything entry-level on your list? show me the roles')).toMatchObject({ kind: 'roles', roles: [] });
    // A role question stays one, and in a conversation a role word is a follow-up.
    expect(r.resolve('what does an entry level AI engineer do')).toMatchObject({ kind: 'topic', roles: ['entry-level-ai-engineer'] });
  });

  it('answers visas and immigration as out of scope, also in a conversation', async () => {
    const r = await resolver();
    const context = { roles: ['staff-ml-architect'], topic: 'salary' as const };
    expect(r.resolve('and the visa side, is it hard?', context)).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
  });

  it('answers a choice between tools with no role named as out of scope, also in a conversation', async () => {
    const r = await resolver();
    const context = { roles: ['junior-ai-ml-engineer'], topic: 'responsibilities' as const };
    expect(r.resolve('is pytorch or jax better for them', context)).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    expect(r.resolve('pytorch or tensorflow — which one should a junior ML engineer learn first?')).toMatchObject({
      roles: ['junior-ai-ml-engineer'],
      topic: 'skills',
    });
  });

  it('answers a task asked of the bot as out of scope, also in a conversation, but not the job described', async () => {
    const r = await resolver();
    const context = { roles: ['lead-ml-architect'], topic: 'education' as const };
    for (const text of [
      'and could you draft me a cover letter for it',
      'also can u debug my training script',
      'book me a flight to the interview',
    ])
      expect(r.resolve(text, context), text).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    expect(r.resolve('do staff ML architects still write code')).toMatchObject({
      roles: ['staff-ml-architect'],
      topic: 'responsibilities',
    });
    expect(r.resolve('can you write a summary of the lead ML architect role')).toMatchObject({ roles: ['lead-ml-architect'] });
  });

  it('answers a sure out-of-scope message in a conversation as out of scope, and ellipsis still as a follow-up', async () => {
    const r = await resolver();
    const context = { roles: ['entry-level-ai-engineer'], topic: 'salary' as const };
    for (const text of ['can you fix my resume for it', 'write me a poem about it'])
      expect(r.resolve(text, context), text).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('and staff?', context)).toMatchObject({ kind: 'topic', roles: ['staff-ml-architect'], topic: 'salary' });
  });

  it("answers a question about the bot itself with help, not as a role's responsibilities or out of scope", async () => {
    const r = await resolver();
    expect(r.resolve('so what does this bot actually do')).toMatchObject({ kind: 'help' });
    expect(r.resolve('first time here, how does the career advisor work?')).toMatchObject({ kind: 'help' });
    // The bot's own workings, however sure the model is that the words are out of scope; and "that's it for now".
    for (const text of ['what are your limitations', 'hmm your features?', "ok that's it for now"])
      expect(r.resolve(text), text).toMatchObject({ kind: 'help', roles: [] });
    // The bot addressed in the second person about how to use it.
    expect(r.resolve('is it ok to rely on you for salary research')).toMatchObject({ kind: 'help', roles: [] });
    // An insult or a task the bot does not do is still out of scope.
    expect(r.resolve('this bot is useless')).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('can i ask you to write my cover letter')).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('can I use you to write python code')).toMatchObject({ kind: 'unknown' });
  });

  it('compares only with a comparing word or roles of equal standing, in the order named', async () => {
    const r = await resolver();
    expect(r.resolve('lead vs staff pay')).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
      topic: 'salary',
    });
    expect(r.resolve('pay ranking: staff ml architect, lead ml architect, ml data architect')).toMatchObject({
      kind: 'compare',
      roles: ['staff-ml-architect', 'lead-ml-architect', 'ml-data-architect'],
    });
    // Names sharing words: none is pieced from the others' words ("senior" + another's "AI" and "ML engineer").
    expect(r.resolve('rank these by pay pls: junior ML engineer, entry level AI engineer, senior AI application engineer')).toMatchObject({
      kind: 'compare',
      roles: ['junior-ai-ml-engineer', 'entry-level-ai-engineer', 'senior-ai-application-engineer'],
    });
    expect(r.resolve('will AI replace junior ML engineers?')).toMatchObject({ roles: ['junior-ai-ml-engineer'] });
    // "A to B" and "till B" make B the target; a bare "to" outside a move is no target: all three are subjects.
    expect(r.resolve('lead mla to staff mla, hows that jump usually work')).toMatchObject({ roles: ['staff-ml-architect'] });
    expect(r.resolve('junior mle 2 yoe, how long till senior mle realistically')).toMatchObject({ roles: ['senior-ai-ml-engineer'] });
    expect(r.resolve('related roles to multimodal research scientist, NLP research scientist and AI research scientist?')).toMatchObject({
      roles: ['multimodal-ai-research-scientist', 'nlp-research-scientist', 'ai-research-scientist'],
    });
  });

  it('reads role words alone: one role when only one fits, "which one?" when several do, across roles when all do', async () => {
    const r = await resolver();
    expect(r.resolve('staff salary')).toMatchObject({ kind: 'topic', roles: ['staff-ml-architect'], topic: 'salary' });
    expect(r.resolve('lead salary')).toMatchObject({ roles: ['lead-ml-architect'], topic: 'salary' });
    expect(r.resolve('is 210k base good for a lead?')).toMatchObject({ roles: ['lead-ml-architect'], topic: 'salary' });
    for (const text of ['MLE salary', 'MLE skills']) {
      const q = r.resolve(text);
      expect(q, text).toMatchObject({ kind: 'topic', roles: [], candidates: ['junior-ai-ml-engineer', 'senior-ai-ml-engineer'] });
      expect(q.confidence, text).toBeGreaterThanOrEqual(0.5);
    }
    expect(r.resolve('mla salary')).toMatchObject({ kind: 'topic', roles: [], topic: 'salary' });
    expect(r.resolve('mla salary').candidates).toBeUndefined();
  });

  it('reads a count before a job noun as no profession ("the 5 architect roles")', async () => {
    const r = await resolver();
    expect(r.resolve('which of the 5 architect roles has the most job openings')).toMatchObject({ kind: 'topic', topic: 'market' });
  });

  it('reads a topic noun before a job noun as asking about it, not as another profession ("skills lead architect")', async () => {
    const r = await resolver();
    expect(r.resolve('leadership skills vp ai quality')).toMatchObject({ roles: ['ai-quality-engineering-vp'], topic: 'soft-skills' });
    expect(r.resolve('communication skills lead architect')).toMatchObject({ roles: ['lead-ml-architect'], topic: 'soft-skills' });
  });

  it('reads "MLSA" as the ML systems architect, not the ML systems engineer', async () => {
    const r = await resolver();
    expect(r.resolve('what does an MLSA earn')).toMatchObject({ roles: ['ml-systems-architect'], topic: 'salary' });
  });

  it('reads managing AI research (teams, researchers, scientists) as the AI research manager', async () => {
    const r = await resolver();
    expect(r.resolve('tips for managing AI research scientists')).toMatchObject({
      roles: ['ai-research-manager'],
      topic: 'best-practices',
    });
    expect(r.resolve('what is the hardest part of managing an AI research group')).toMatchObject({
      roles: ['ai-research-manager'],
      topic: 'challenges',
    });
  });

  it('reads non-technical skills as soft skills, in the lexicon too (not the "technical skill" inside it)', async () => {
    const r = await resolver();
    expect(r.resolve('junior ML engineer: which non-technical skills should i build first')).toMatchObject({
      roles: ['junior-ai-ml-engineer'],
      topic: 'soft-skills',
    });
    expect(scoreIntents(canonicalTokens('which non-technical skills should i build first')).best).toBe('soft-skills');
  });

  it('reads "X = ?" and "X = another name?" as what the role is, unless a topic word says what of it', async () => {
    const r = await resolver();
    expect(r.resolve('staff ML architect = principal engineer?')).toMatchObject({ roles: ['staff-ml-architect'], topic: 'overview' });
    expect(r.resolve('lead ml architect salary = ?')).toMatchObject({ roles: ['lead-ml-architect'], topic: 'salary' });
  });

  it('reads a pay figure about a role as its pay, but not money spent or a market size', async () => {
    const r = await resolver();
    expect(r.resolve('my offer: $172,500 as an ML systems engineer. where do I go from here?')).toMatchObject({
      roles: ['ai-machine-learning-systems-engineer'],
      topic: 'salary',
    });
    expect(r.resolve('I have 200k in student debt, is a PhD worth it for an AI research scientist?')).toMatchObject({ topic: 'education' });
    expect(r.resolve('the AI market is supposed to hit $267B by 2027, what does that mean for lead MLA job prospects')).toMatchObject({
      topic: 'market',
    });
  });

  it('never reads a real word as a typo of a lexicon word ("matter" is no "master", "than" no "thank")', () => {
    for (const text of ['does it matter', 'a principal engineer', 'better than that'])
      expect(scoreIntents(canonicalTokens(text)).best, text).toBeUndefined();
    // …while a typo still reads as the word ("waht" as "what": "what does … do").
    expect(scoreIntents(canonicalTokens('salery')).best).toBe('salary');
    expect(scoreIntents(canonicalTokens('waht does a staff ml architect do')).best).toBe('responsibilities');
  });

  it('reads the future, where a role is heading and AI replacing it as trends, in the lexicon too', async () => {
    for (const text of ['will AI replace ML data architects', 'where is the role heading'])
      expect(scoreIntents(canonicalTokens(text)).best, text).toBe('trends');
  });

  it('reads seniority between roles as the career path', async () => {
    const r = await resolver();
    expect(r.resolve('rank these by seniority: junior MLE, senior MLE, lead ML architect')).toMatchObject({
      kind: 'compare',
      roles: ['junior-ai-ml-engineer', 'senior-ai-ml-engineer', 'lead-ml-architect'],
      topic: 'career-path',
    });
  });

  it('keeps other professions out, even next to a comparing word', async () => {
    const r = await resolver();
    // A role word that names no role fully ("app", "llm"), in a message the model is sure is out of scope.
    for (const text of ['pinecone or weaviate for my RAG app?', 'best llm for writing my wedding speech'])
      expect(r.resolve(text), text).toMatchObject({ kind: 'unknown', roles: [] });
    expect(r.resolve('is llm platform engineer a real job')).toMatchObject({
      roles: ['ai-large-model-platform-engineer'],
      topic: 'overview',
    });
    expect(r.resolve('product manager vs project manager')).toMatchObject({ kind: 'unknown', roles: [] });
    expect(r.resolve('what does a senior project manager do')).toMatchObject({ kind: 'unknown' });
    // A partial match of a role whose names lack the job noun's qualifier is another profession, not that role.
    expect(r.resolve('how do I become a product manager at an AI company?')).toMatchObject({ kind: 'unknown', roles: [] });
    expect(r.resolve('what does a data analyst earn in Boston')).toMatchObject({ kind: 'unknown', roles: [] });
    // The asker's own profession is background: the request about the bot still counts, another profession does not.
    expect(r.resolve("I'm a recruiter, which careers can you tell me about?")).toMatchObject({ kind: 'roles' });
    // A job noun after a conjunction or "besides" qualifies nothing.
    expect(r.resolve('show me the architect and engineer roles you have')).toMatchObject({ kind: 'roles' });
    expect(r.resolve('as a teacher, what does a lawyer earn')).toMatchObject({ kind: 'unknown' });
    // …also with a word or two qualifying it ("from frontend dev", "I'm a backend dev"); a target stays out.
    const own = r.resolve('how do i get there from frontend dev', { roles: ['entry-level-ai-engineer'], topic: 'overview' });
    expect(own).toMatchObject({ kind: 'topic', roles: ['entry-level-ai-engineer'], topic: 'career-path' });
    expect(r.resolve('how do I become a backend dev')).toMatchObject({ kind: 'unknown' });
  });

  it("does not piece a role from another role's words and a stray word far from them, but keeps coordinated names", async () => {
    const r = await resolver();
    // Invented phrasings of the kinds, not corpus sentences.
    expect(r.resolve('is dealing with old infra the hardest thing about being an ML systems architect')).toMatchObject({
      roles: ['ml-systems-architect'],
    });
    expect(r.resolve('what big data tools does a staff ML architect use')).toMatchObject({ roles: ['staff-ml-architect'] });
    expect(r.resolve('lead and staff ML architect pay')).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
    });
    expect(r.resolve('which AI research jobs pay the most?')).toMatchObject({ roles: [], topic: 'salary' });
  });
});

describe('resolver: conversation', () => {
  it('resolves pronouns and ellipsis to the roles in context, keeping the topic unless a new one is named', async () => {
    const r = await resolver();
    const context = { roles: ['ml-infrastructure-architect'], topic: 'overview' as const };
    expect(r.resolve('what do they do all day?', context)).toMatchObject({
      roles: ['ml-infrastructure-architect'],
      topic: 'responsibilities',
    });
    expect(r.resolve('what roles are related to it', context)).toMatchObject({ roles: ['ml-infrastructure-architect'], topic: 'related' });
    const salary = { roles: ['lead-ml-architect'], topic: 'salary' as const };
    expect(r.resolve('what about staff?', salary)).toMatchObject({ roles: ['staff-ml-architect'], topic: 'salary' });
    const q = r.resolve("how's that stack up vs a staff one?", salary);
    expect(q).toMatchObject({ kind: 'compare', roles: ['lead-ml-architect', 'staff-ml-architect'], topic: 'salary' });
    expect(q.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('picks "the X one" among the roles shown last, and "which of the two" compares the last two', async () => {
    const r = await resolver();
    const which = { roles: [], topic: 'salary' as const, shown: ['junior-ai-ml-engineer', 'senior-ai-ml-engineer'] };
    expect(r.resolve('the junior one', which)).toMatchObject({ kind: 'topic', roles: ['junior-ai-ml-engineer'], topic: 'salary' });
    const listed = { roles: [], shown: ['ml-systems-architect', 'ml-data-architect', 'lead-ml-architect'] };
    expect(r.resolve('ok the ML systems one', listed)).toMatchObject({ roles: ['ml-systems-architect'] });
    const two = { roles: ['staff-ml-architect'], topic: 'skills' as const, recent: ['staff-ml-architect', 'lead-ml-architect'] };
    expect(r.resolve('which of the two pays better?', two)).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
      topic: 'salary',
    });
    expect(r.resolve('compare them', two)).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
      topic: 'skills',
    });
    // A pick keeps the conversation's topic, unless a longer message is clearly about another one.
    const shown = {
      roles: ['junior-ai-ml-engineer'],
      shown: ['junior-ai-ml-engineer', 'entry-level-ai-engineer'],
      topic: 'salary' as const,
    };
    expect(r.resolve('the junior one', shown)).toMatchObject({ roles: ['junior-ai-ml-engineer'], topic: 'salary' });
    expect(r.resolve('where does the junior one usually go from there', shown)).toMatchObject({
      roles: ['junior-ai-ml-engineer'],
      topic: 'career-path',
    });
    // "more senior" is a degree, not the senior ML engineer.
    const both = { roles: ['lead-ml-architect', 'staff-ml-architect'] };
    expect(r.resolve('so which of the two is more senior?', both)).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
    });
    expect(r.resolve("which one's more senior", two)).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
    });
  });

  it("keeps the roles in context over a bare word of another role's name, picks the target of a move between two picks, and lets a sure topic replace the context's in a longer follow-up", async () => {
    const r = await resolver();
    const data = { roles: ['ml-data-architect'], topic: 'challenges' as const };
    expect(r.resolve('is data quality the big one', data)).toMatchObject({ roles: ['ml-data-architect'], topic: 'challenges' });
    const mle = { roles: ['junior-ai-ml-engineer', 'senior-ai-ml-engineer'], topic: 'salary' as const };
    expect(r.resolve('how long to go from the junior one to the senior one', mle)).toMatchObject({
      roles: ['senior-ai-ml-engineer'],
      topic: 'career-path',
    });
    expect(r.resolve('does that affect junior ones more', mle)).toMatchObject({ kind: 'topic', roles: ['junior-ai-ml-engineer'] });
    expect(r.resolve('how do good ones handle it', data)).toMatchObject({ roles: ['ml-data-architect'], topic: 'best-practices' });
    // "I'm a senior MLE…" in a conversation about the lead is background: the lead stays the subject.
    expect(
      r.resolve("ok and I'm a senior MLE with 5 yoe, how far off am I?", { roles: ['lead-ml-architect'], topic: 'salary' as const }),
    ).toMatchObject({ roles: ['lead-ml-architect'], topic: 'career-path' });
    // After related roles, another role named alone asks what it is, not for its related roles.
    const related = {
      roles: ['ml-infrastructure-architect'],
      topic: 'related' as const,
      shown: ['ml-infrastructure-architect', 'ml-systems-architect'],
    };
    expect(r.resolve('the junior one', related)).toMatchObject({ roles: ['junior-ai-ml-engineer'] });
    expect(r.resolve('the junior one', related).topic).not.toBe('related');
    expect(r.resolve('what about a lead?', { roles: ['staff-ml-architect'], topic: 'skills' as const })).toMatchObject({
      roles: ['lead-ml-architect'],
      topic: 'skills',
    });
  });

  it('reads a second role said with "one(s)" for the first one\'s noun, and "different from" as a comparison, not a background', async () => {
    const r = await resolver();
    expect(r.resolve('what are lead ML architects actually responsible for vs the staff ones')).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
      topic: 'responsibilities',
    });
    expect(r.resolve('what does a senior ML engineer do differently from a junior one')).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-ml-engineer', 'junior-ai-ml-engineer'],
    });
  });

  it('picks a role by its place ("the second one", "from the first to the second"), and a bare title word in the family discussed', async () => {
    const r = await resolver();
    const pair = { roles: ['ml-data-architect', 'ml-infrastructure-architect'], topic: 'market' as const };
    expect(r.resolve('ok what skills does the second one need', pair)).toMatchObject({
      kind: 'topic',
      roles: ['ml-infrastructure-architect'],
      topic: 'skills',
    });
    expect(r.resolve('and the first one?', pair)).toMatchObject({ roles: ['ml-data-architect'], topic: 'market' });
    expect(r.resolve('how would i get from the first to the second', pair)).toMatchObject({
      roles: ['ml-infrastructure-architect'],
      topic: 'career-path',
    });
    expect(r.resolve('I like the latter, how do I get there from junior MLE', pair)).toMatchObject({
      roles: ['ml-infrastructure-architect'],
    });
    const junior = { roles: ['junior-ai-ml-engineer'], topic: 'overview' as const };
    expect(r.resolve('how many years until I am senior?', junior)).toMatchObject({
      roles: ['senior-ai-ml-engineer'],
      topic: 'career-path',
    });
  });

  it('compares with the role in context when a follow-up asks how another differs or pays more', async () => {
    const r = await resolver();
    const app = { roles: ['senior-ai-application-engineer'], topic: 'salary' as const };
    expect(r.resolve('is that different from a staff ML architect?', app)).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-application-engineer', 'staff-ml-architect'],
    });
    expect(r.resolve('and a lead ML architect, does that pay more?', app)).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-application-engineer', 'lead-ml-architect'],
      topic: 'salary',
    });
    expect(r.resolve('et par rapport à un staff ML architect ?', app)).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-application-engineer', 'staff-ml-architect'],
      topic: 'salary',
      language: 'fr',
    });
    expect(r.resolve('y comparado con un lead ML architect?', app)).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-application-engineer', 'lead-ml-architect'],
      language: 'es',
    });
  });
});

describe('resolver: everyday words', () => {
  it('reads "ML stuff" in a follow-up as no staff ML architect, while "role stuff" still suggests the staff one', async () => {
    const r = await resolver();
    const context = { roles: ['ai-network-security-engineer'], topic: 'overview' as const };
    expect(r.resolve('what ML stuff would I need to learn', context)).toMatchObject({
      roles: ['ai-network-security-engineer'],
      topic: 'skills',
    });
    expect(r.resolve('role stuff')).toMatchObject({ kind: 'unknown', candidates: ['staff-ml-architect'] });
  });
});

describe('resolver: other languages', () => {
  it('reads a move "from A to B" in Spanish, French, German and Portuguese as a path to B, and "hasta luego" as goodbye', async () => {
    const r = await resolver();
    for (const text of [
      '¿cómo paso de junior MLE a senior MLE?',
      'comment passer de junior MLE au poste de senior MLE',
      'wie komme ich vom Junior MLE zum Senior MLE?',
      'como passar de junior MLE até senior MLE?',
    ])
      expect(r.resolve(text), text).toMatchObject({ roles: ['senior-ai-ml-engineer'], topic: 'career-path' });
    expect(r.resolve('hasta luego')).toMatchObject({ kind: 'help', language: 'es' });
  });

  it('reads "was macht", "qué hace", "o que faz" (put as "what does do") as what the role does', async () => {
    const r = await resolver();
    expect(r.resolve('was macht ein ML data architect bei einer Bank?')).toMatchObject({
      roles: ['ml-data-architect'],
      topic: 'responsibilities',
    });
  });

  it('reads "of the two" in Spanish, French, German and Portuguese as the last two roles of the conversation', async () => {
    const r = await resolver();
    const context = { roles: ['ml-data-architect'], topic: 'overview' as const, recent: ['ml-data-architect', 'ml-systems-architect'] };
    for (const text of [
      '¿cuál de los dos gana más?',
      'lequel des deux gagne le plus ?',
      'wer von beiden verdient mehr?',
      'qual dos dois ganha mais?',
    ])
      expect(r.resolve(text, context), text).toMatchObject({ roles: ['ml-systems-architect', 'ml-data-architect'], topic: 'salary' });
  });

  it('understands topic words, greetings and help in Spanish, French, German and Portuguese', async () => {
    const r = await resolver();
    expect(r.resolve('¿cuánto gana un staff ml architect?')).toMatchObject({
      roles: ['staff-ml-architect'],
      topic: 'salary',
      language: 'es',
    });
    expect(r.resolve('comment devenir architecte ML infrastructure ?')).toMatchObject({
      roles: ['ml-infrastructure-architect'],
      topic: 'career-path',
      language: 'fr',
    });
    expect(r.resolve('Was ist ein ML Infrastructure Architect?')).toMatchObject({
      roles: ['ml-infrastructure-architect'],
      topic: 'overview',
      language: 'de',
    });
    expect(r.resolve('quanto ganha um staff ml architect?')).toMatchObject({
      roles: ['staff-ml-architect'],
      topic: 'salary',
      language: 'pt',
    });
    expect(r.resolve('hola')).toMatchObject({ kind: 'help', language: 'es' });
    expect(r.resolve('hilfe bitte')).toMatchObject({ kind: 'help', language: 'de' });
    // Education, challenges and becoming, in each language's own words.
    for (const [text, topic, language] of [
      ['Welche Zertifikate braucht man für ML data architect?', 'education', 'de'],
      ['¿qué tiene que estudiar un ML systems architect?', 'education', 'es'],
      ['Como me torno um AI Research Engineer?', 'career-path', 'pt'],
      ["Quels sont les galères d'un ML data architect ?", 'challenges', 'fr'],
    ] as const)
      expect(r.resolve(text), text).toMatchObject({ topic, language });
  });

  it('reads "150 mil" as a pay figure, and the French "paie" as pay', async () => {
    const r = await resolver();
    expect(r.resolve('recebi uma proposta de 160 mil como ML data architect, é bom?')).toMatchObject({
      roles: ['ml-data-architect'],
      topic: 'salary',
    });
    // The phrasebook puts the French pay, "what does he do" and degree words in English.
    expect(r.resolve('lequel des deux paie le mieux ?').reasons.join(' ')).toContain('pays the best');
    expect(r.resolve('le junior ML engineer, il fait quoi ?').reasons.join(' ')).toContain('what does he do');
    const two = { roles: ['ml-data-architect', 'ml-systems-architect'], topic: 'overview' as const };
    expect(r.resolve('lequel des deux paie le mieux ?', two)).toMatchObject({
      roles: ['ml-data-architect', 'ml-systems-architect'],
      topic: 'salary',
    });
  });

  it('reads "how long" in Spanish and German follow-ups as the career path of the role discussed', async () => {
    const r = await resolver();
    const context = { roles: ['senior-ai-ml-engineer'], topic: 'salary' as const };
    for (const text of ['¿cuánto tiempo se tarda?', 'wie lange dauert das?'])
      expect(r.resolve(text, context), text).toMatchObject({ roles: ['senior-ai-ml-engineer'], topic: 'career-path' });
  });

  it('reads homework and repairs asked in Spanish, French, German and Portuguese as out of scope, not help', async () => {
    const r = await resolver();
    for (const text of [
      'ayuda con mi tarea de historia por favor',
      "tu peux m'aider à réparer mon wifi stp",
      'kannst du mir bei den Hausaufgaben helfen?',
    ])
      expect(r.resolve(text), text).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
  });

  it('answers other languages with the list of languages it reads, never a topic', async () => {
    const r = await resolver();
    for (const [text, language] of [
      ['quanto guadagna un architetto ml?', 'it'],
      ['ml architect 是什么', 'zh'],
      ['hoeveel verdient een ml architect', 'nl'],
      ['сколько зарабатывает ml архитектор', 'ru'],
      ['Quanto guadagna un lead ML architect a Milano?', 'it'],
      ['Come si diventa staff ML architect?', 'it'],
      ['Wat verdient een staff ML architect in Utrecht?', 'nl'],
      ['jak zostać lead ML architect?', 'pl'],
    ]) {
      expect(r.resolve(text as string), text).toMatchObject({ kind: 'unknown', unknown: 'language', language });
    }
    // English stays English: role names alone, chat shorthand.
    for (const text of ['ML Systems Architect', 'tl;dr on ml data architect', 'help pls, first time using this'])
      expect(r.resolve(text).language, text).toBeUndefined();
  });
});

describe('resolver: the boundaries of out of scope, help and the role list', () => {
  it("reads another profession near the field as out of scope: the field set aside, a trainee, the target beside the asker's own role", async () => {
    const r = await resolver();
    for (const text of [
      'data architect salary, the classic kind, not ML',
      'what does a network security engineer earn when there is no AI in the job',
      'how much do ML research interns make',
      "I'm a senior ML engineer, how do I become a product manager?",
    ])
      expect(r.resolve(text), text).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    // A negation that does not set the field aside, a full name before "internships", a covered target stay in scope.
    expect(r.resolve('not sure about AI research scientist, what else is close?')).toMatchObject({ roles: ['ai-research-scientist'] });
    expect(r.resolve('which courses help me get junior MLE internships').roles).toEqual(['junior-ai-ml-engineer']);
    expect(r.resolve("I'm a senior MLE, how do I become a lead ML architect?")).toMatchObject({ roles: ['lead-ml-architect'] });
  });

  it('reads a title word before another qualified job noun in a follow-up as that profession', async () => {
    const r = await resolver();
    const context = { roles: ['staff-ml-architect'], topic: 'salary' as const };
    expect(r.resolve('what about a staff product manager?', context)).toMatchObject({ kind: 'unknown' });
    expect(r.resolve('what about a staff one?', context)).toMatchObject({ roles: ['staff-ml-architect'], topic: 'salary' });
  });

  it('reads an introduction that asks nothing as a hello, and the role list asked for beside another profession as the list', async () => {
    const r = await resolver();
    expect(r.resolve("hi all, I'm a junior MLE at a startup")).toMatchObject({ kind: 'help', roles: [] });
    expect(r.resolve('hey, Sam here, QA engineer, just joined')).toMatchObject({ kind: 'help' });
    for (const typo of ['halp', 'hlep me', 'hepl']) expect(r.resolve(typo), typo).toMatchObject({ kind: 'help', roles: [] });
    for (const signOff of ['bye!', 'ok thx', 'goodbye', 'cya later', 'thx, bye'])
      expect(r.resolve(signOff), signOff).toMatchObject({ kind: 'help' });
    expect(r.resolve('which roles can you tell me about? is product manager on the list?')).toMatchObject({ kind: 'roles' });
    for (const intro of [
      "I'm a mobile developer with 3 yoe",
      'hello, my name is Priya and I work in compliance',
      "evening all, I've been a sysadmin for ten years",
      "I'm a lab technician at a hospital",
      'im a junior MLE at a bank rn 👋',
    ])
      expect(r.resolve(intro), intro).toMatchObject({ kind: 'help', roles: [] });
    // An introduction that goes on to ask is read for what it asks.
    expect(r.resolve("I'm a nurse, how do I become a nurse practitioner")).toMatchObject({ kind: 'unknown' });
    expect(r.resolve("I'm a data engineer and want to become an ML data architect")).toMatchObject({
      roles: ['ml-data-architect'],
      topic: 'career-path',
    });
  });

  it('tells Italian, Dutch, Czech and Finnish from the understood languages, and reads greetings and role words in those', async () => {
    const r = await resolver();
    for (const [text, language] of [
      ['Cosa fanno gli ML data architect?', 'it'],
      // Italian's "è" ("is") standing alone, where Portuguese writes "é": "qual" and "un" are shared with them.
      ['Qual è lo stipendio di un ML systems architect?', 'it'],
      ['Hallo allemaal, hoe werkt deze bot?', 'nl'],
      ['Kolik vydělává ML systems architect?', 'cs'],
      ['Paljonko ML systems architect ansaitsee, mikä on palkka?', 'fi'],
    ])
      expect(r.resolve(text as string), text).toMatchObject({ kind: 'unknown', unknown: 'language', language });
    expect(r.resolve('moin')).toMatchObject({ kind: 'help', language: 'de' });
    expect(r.resolve('tchau, valeu')).toMatchObject({ kind: 'help', language: 'pt' });
    expect(r.resolve('¿Hay trabajo para un ML data architect ahora?')).toMatchObject({ roles: ['ml-data-architect'], language: 'es' });
    expect(r.resolve('Qual é o salário de um ML systems architect?')).toMatchObject({ topic: 'salary', language: 'pt' });
    expect(r.resolve('fale sobre o lead ML architect')).toMatchObject({ roles: ['lead-ml-architect'], topic: 'overview', language: 'pt' });
    expect(r.resolve('Quels sont les défis des ingénieurs sécurité réseau ?')).toMatchObject({
      roles: ['ai-network-security-engineer'],
      topic: 'challenges',
      language: 'fr',
    });
  });
  it('reads a sign-off with who is thanked as help, also in a conversation, and "only" as qualifying no profession', async () => {
    const r = await resolver();
    const context = { roles: ['staff-ml-architect'], topic: 'salary' as const };
    for (const text of ['cool ty', 'cheers mate', 'cheers buddy', 'thx a lot dude'])
      expect(r.resolve(text, context), text).toMatchObject({ kind: 'help', roles: [] });
    expect(r.resolve('cheers buddy')).toMatchObject({ kind: 'help', roles: [] });
    expect(r.resolve('what positions are tracked here? only researchers?')).toMatchObject({ kind: 'roles', roles: [] });
  });

  it('reads a request for the role list in Spanish, French and Portuguese as the list', async () => {
    const r = await resolver();
    for (const text of [
      '¿qué profesiones conoces?',
      'muéstrame todos los puestos',
      'montre-moi tous les métiers',
      'mostra todas as profissões',
    ])
      expect(r.resolve(text), text).toMatchObject({ kind: 'roles', roles: [] });
  });

  it('reads an overview of no role as the role list when careers are named, out of scope when something else is', async () => {
    const r = await resolver();
    expect(r.resolve('overview of the jobs here')).toMatchObject({ kind: 'roles', roles: [] });
    expect(r.resolve('quick summary of kubernetes please')).toMatchObject({ kind: 'unknown', unknown: 'out-of-scope' });
    // With neither, it asks which role.
    expect(r.resolve('give me an overview')).toMatchObject({ kind: 'topic', topic: 'overview', roles: [] });
  });

  it('reads the role list asked of the bot in so many words as the list, also in a conversation about a role', async () => {
    const r = await resolver();
    for (const text of [
      'what careers do you know?',
      'show me every AI career you have',
      'what titles can you compare for me?',
      'What positions are covered here? Only architects? what jobs do you cover',
    ])
      expect(r.resolve(text), text).toMatchObject({ kind: 'roles', roles: [] });
    const context = { roles: ['staff-ml-architect'], topic: 'overview' as const };
    expect(r.resolve('ok what careers do you know?', context)).toMatchObject({ kind: 'roles', roles: [] });
    expect(r.resolve('what skills do they need?', context)).toMatchObject({ roles: ['staff-ml-architect'], topic: 'skills' });
  });
});

describe('advisor: answers from the resolver', () => {
  it('asks "which one?" with the candidates as follow-ups, replays it, and "the junior one" picks from them', async () => {
    const advisor = await realAdvisor();
    const which = ask(advisor, 'MLE salary', 'which');
    expect(which).toMatchObject({ intent: 'salary', roles: [], title: 'Which one?', replay: 'MLE salary' });
    expect(which.followUps.map((f) => f.command)).toEqual(['role junior-ai-ml-engineer salary', 'role senior-ai-ml-engineer salary']);
    expect(which.confidence).toBeGreaterThanOrEqual(0.5);
    const picked = ask(advisor, 'the junior one', 'which');
    expect(picked).toMatchObject({ intent: 'salary', roles: ['junior-ai-ml-engineer'] });
    expect(picked.confidence).toBeGreaterThanOrEqual(0.5);
    expect(ask(advisor, which.replay as string)).toMatchObject({ title: 'Which one?' });
  });

  it('says in one line that a question in another language was read, and answers in English', async () => {
    const answer = ask(await realAdvisor(), '¿cuánto gana un staff ml architect?');
    expect(answer).toMatchObject({ intent: 'salary', roles: ['staff-ml-architect'], language: 'es' });
    expect(answer.blocks[0]).toEqual({ type: 'paragraph', text: '_Read as Spanish; answering in English._' });
    const other = ask(await realAdvisor(), 'сколько зарабатывает ml архитектор');
    expect(other).toMatchObject({ intent: 'unknown', language: 'ru' });
    expect(JSON.stringify(other.blocks)).toContain('English, Spanish, French, German and Portuguese');
  });
});
