import { describe, expect, it } from 'vitest';
import { Resolver } from '../../src/core/nlu/resolve.ts';
import type { ConversationContext } from '../../src/core/types.ts';
import { realKnowledge } from '../helpers.ts';

// Phrasings of each kind, written for these tests (not corpus sentences), on the real knowledge.
const resolver = async () => new Resolver(await realKnowledge());

describe('resolver: comparisons', () => {
  it('reads a compare command with the same plausibility as free text: no third role pieced from two names', async () => {
    const r = await resolver();
    expect(r.resolve('compare ML systems engineer and ML data architect')).toMatchObject({
      kind: 'compare',
      roles: ['ai-machine-learning-systems-engineer', 'ml-data-architect'],
    });
    expect(r.resolve('compare the pay of an ML systems engineer and an ML infra architect')).toMatchObject({
      kind: 'compare',
      roles: ['ai-machine-learning-systems-engineer', 'ml-infrastructure-architect'],
      topic: 'salary',
    });
  });

  it('puts the new role first when it is what the comparison is about, the context role first when it is compared with', async () => {
    const r = await resolver();
    const data: ConversationContext = { roles: ['ml-data-architect'], topic: 'skills' };
    expect(r.resolve('how would a staff ML architect compare with it?', data)).toMatchObject({
      kind: 'compare',
      roles: ['staff-ml-architect', 'ml-data-architect'],
    });
    expect(r.resolve('how do staff ML architects stack up against it?', data)).toMatchObject({
      roles: ['staff-ml-architect', 'ml-data-architect'],
    });
    expect(r.resolve('and the lead ML architect, needs more?', data)).toMatchObject({
      roles: ['lead-ml-architect', 'ml-data-architect'],
    });
    // Compared with: the context's role stays first.
    expect(r.resolve('how does that compare to a staff ML architect?', data)).toMatchObject({
      roles: ['ml-data-architect', 'staff-ml-architect'],
    });
    expect(r.resolve('vs an ML systems architect?', data)).toMatchObject({ roles: ['ml-data-architect', 'ml-systems-architect'] });
    expect(r.resolve('and an ML systems architect, is that similar?', data)).toMatchObject({
      roles: ['ml-data-architect', 'ml-systems-architect'],
    });
  });

  it('compares the roles themselves, not their related roles, when a comparison follows a list of related roles', async () => {
    const r = await resolver();
    const related: ConversationContext = { roles: ['ai-research-manager'], topic: 'related' };
    const q = r.resolve('how does the AI research scientist one differ from it', related);
    expect(q).toMatchObject({ kind: 'compare', topic: 'overview' });
    expect(q.roles).toEqual(expect.arrayContaining(['ai-research-manager', 'ai-research-scientist']));
  });
});

describe('resolver: the roles discussed', () => {
  const two: ConversationContext = {
    roles: ['ai-network-security-engineer'],
    topic: 'overview',
    recent: ['ai-network-security-engineer', 'ai-protection-analyst'],
    shown: ['ai-network-security-engineer', 'ml-infrastructure-architect', 'ai-protection-analyst'],
  };

  it('reads "which one should…", "are those the same" and a bare "gap?" as about the last two roles discussed', async () => {
    const r = await resolver();
    for (const text of ['which one should a pentester go for', 'are they really the same thing', 'salary gap?', 'difference']) {
      expect(r.resolve(text, two).roles, text).toEqual(['ai-protection-analyst', 'ai-network-security-engineer']);
    }
    // With one role discussed there is nothing to choose between: the role in context.
    expect(r.resolve('which one should a pentester go for', { roles: ['ai-protection-analyst'] }).roles).toEqual(['ai-protection-analyst']);
  });

  it('picks by place among the roles discussed, in the order they came up, before the roles an answer offered', async () => {
    const r = await resolver();
    expect(r.resolve('and the first one?', two)).toMatchObject({ roles: ['ai-protection-analyst'] });
    expect(r.resolve('how do I go from the first to the second', two)).toMatchObject({
      roles: ['ai-network-security-engineer'],
      topic: 'career-path',
    });
    // After a list, the places are the list's.
    expect(r.resolve('the second one', { roles: [], shown: ['ml-data-architect', 'lead-ml-architect'] })).toMatchObject({
      roles: ['lead-ml-architect'],
    });
  });

  it('reads a bare title word as the role of the conversation, not a name the implied words lift', async () => {
    const r = await resolver();
    const mle: ConversationContext = {
      roles: ['junior-ai-ml-engineer', 'senior-ai-ml-engineer'],
      topic: 'skills',
      recent: ['senior-ai-ml-engineer', 'junior-ai-ml-engineer'],
    };
    expect(r.resolve('what does the senior one code all day', mle)).toMatchObject({ roles: ['senior-ai-ml-engineer'] });
    expect(r.resolve('and the junior, what tools', mle)).toMatchObject({ roles: ['junior-ai-ml-engineer'] });
  });

  it('leaves a role named only as a contrast ("that the lead doesn\'t") out, and lets a clear topic replace the context\'s', async () => {
    const r = await resolver();
    const archs: ConversationContext = { roles: ['lead-ml-architect', 'staff-ml-architect'], topic: 'overview' };
    const q = r.resolve('what is the staff one responsible for that the lead is not?', archs);
    expect(q).toMatchObject({ roles: ['staff-ml-architect'], topic: 'responsibilities' });
    expect(r.resolve("which skills does the lead one need that the staff one doesn't", archs)).toMatchObject({
      roles: ['lead-ml-architect'],
      topic: 'skills',
    });
    // Outside a conversation both stay subjects.
    expect(r.resolve("what does a staff ML architect own that a lead ML architect doesn't").roles).toEqual([
      'staff-ml-architect',
      'lead-ml-architect',
    ]);
  });
});

describe('resolver: a choice between the last two roles', () => {
  it('names its own topic when it is clear, and keeps the conversation topic when none is named (issue: a comparison built from context keeps the previous topic)', async () => {
    const r = await resolver();
    const pay: ConversationContext = { roles: ['lead-ml-architect', 'staff-ml-architect'], topic: 'salary' };
    expect(r.resolve('which of the two is more hands-on?', pay)).toMatchObject({
      kind: 'compare',
      roles: ['lead-ml-architect', 'staff-ml-architect'],
      topic: 'responsibilities',
    });
    for (const text of ['which of the two should I pick?', 'which one would you choose'])
      expect(r.resolve(text, pay), text).toMatchObject({
        kind: 'compare',
        roles: ['lead-ml-architect', 'staff-ml-architect'],
        topic: 'salary',
      });
    const noTopic: ConversationContext = { roles: ['lead-ml-architect', 'staff-ml-architect'] };
    expect(r.resolve('which of the two should I pick?', noTopic).topic ?? 'overview').toBe('overview');
  });
});

describe('resolver: out-of-scope follow-ups', () => {
  it('leaves the conversation for a message the classifier is sure is out of scope, and keeps it for ellipsis', async () => {
    const r = await resolver();
    const ctx: ConversationContext = { roles: ['ai-marketing-analytics-expert'], topic: 'salary' };
    for (const text of ['lol nice', 'can you write my resignation letter for it', 'whatever, is it going to rain tomorrow?']) {
      expect(r.resolve(text, ctx), text).toMatchObject({ kind: 'unknown', roles: [] });
    }
    expect(r.resolve('and the skills?', ctx)).toMatchObject({ roles: ['ai-marketing-analytics-expert'], topic: 'skills' });
  });
});

describe('resolver: roles in other words', () => {
  it('keeps coordinated names joined by the understood languages\' "and"/"or" ("lead y staff ML architect")', async () => {
    const r = await resolver();
    for (const text of [
      'salario de lead y staff ML architect',
      'compétences du lead et staff ML architect',
      'Gehalt lead und staff ML architect',
    ]) {
      expect(r.resolve(text).roles, text).toEqual(['lead-ml-architect', 'staff-ml-architect']);
    }
  });

  it('does not read the German "man" as a shorthand of manager', async () => {
    const r = await resolver();
    const ctx: ConversationContext = { roles: ['ai-research-scientist'], topic: 'overview' };
    for (const text of ['kann man das ohne Studium?', 'muss man viel programmieren?']) {
      expect(r.resolve(text, ctx).roles, text).toEqual(['ai-research-scientist']);
    }
    expect(r.resolve('ai research mgr salary').roles).toEqual(['ai-research-manager']);
  });

  it("reads a short follow-up made of the conversation rules' English words as English", async () => {
    const r = await resolver();
    const ctx: ConversationContext = {
      roles: ['multimodal-ai-research-scientist'],
      topic: 'salary',
      recent: ['multimodal-ai-research-scientist', 'nlp-research-scientist', 'ai-research-scientist'],
    };
    const q = r.resolve('rank those three', ctx);
    expect(q.language).toBeUndefined();
    expect(q).toMatchObject({ kind: 'compare', topic: 'salary' });
    expect(q.roles).toHaveLength(3);
  });

  it('reads another profession after "from" and a qualifier as the asker\'s own background', async () => {
    const r = await resolver();
    const ctx: ConversationContext = { roles: ['ai-research-engineer'], topic: 'overview' };
    expect(r.resolve('how hard is it to switch coming from mobile dev', ctx)).toMatchObject({ roles: ['ai-research-engineer'] });
    expect(r.resolve('how much does a mobile dev make')).toMatchObject({ kind: 'unknown' });
  });

  it('answers the role list when it is asked for beside a thin match of a role name', async () => {
    const r = await resolver();
    expect(r.resolve('anything entry-level in your list? list the roles')).toMatchObject({ kind: 'roles', roles: [] });
    // A role named in full is asked about.
    expect(r.resolve('tell me about the senior AI application engineer')).toMatchObject({ roles: ['senior-ai-application-engineer'] });
  });

  it('reads "the engineer", "the architect" as the role discussed with that noun, each in order', async () => {
    const r = await resolver();
    const pair: ConversationContext = {
      roles: ['ai-protection-analyst'],
      topic: 'responsibilities',
      recent: ['ai-protection-analyst', 'ai-network-security-engineer'],
    };
    expect(r.resolve('what tools does the engineer use?', pair)).toMatchObject({
      roles: ['ai-network-security-engineer'],
      topic: 'skills',
    });
    const systems: ConversationContext = {
      roles: ['ai-machine-learning-systems-engineer', 'ml-systems-architect'],
      topic: 'overview',
    };
    expect(r.resolve('does the architect earn more than the engineer?', systems)).toMatchObject({
      kind: 'compare',
      roles: ['ml-systems-architect', 'ai-machine-learning-systems-engineer'],
    });
    // A noun that fits none of the roles discussed picks nothing.
    expect(r.resolve('what does the scientist do?', pair).roles).not.toContain('ai-network-security-engineer');
  });
});

describe('resolver: a role named by its field', () => {
  it('reads "X engineering" and "X science" as the engineer and the scientist, and a nounless name many roles share as none', async () => {
    const r = await resolver();
    expect(r.resolve('what makes ML systems engineering hard?').roles).toEqual(['ai-machine-learning-systems-engineer']);
    expect(r.resolve('VP of AI quality eng: what does the job involve').roles).toEqual(['ai-quality-engineering-vp']);
    expect(r.resolve('is AI research science still growing?').roles).toEqual(['ai-research-scientist']);
    // "AI research" is what the research engineer, manager and scientists all do: no one role.
    expect(r.resolve('is a PhD required to get into AI research?')).toMatchObject({ roles: [], topic: 'education' });
  });
});

describe('resolver: words of a role that name none', () => {
  it("does not piece a role from another role's words and a word of its own when its noun is missing or out of place", async () => {
    const r = await resolver();
    expect(r.resolve("what's rough about AI marketing analytics? data leaks?").roles).toEqual(['ai-marketing-analytics-expert']);
    expect(r.resolve('trends in AI research management: safety, ethics').roles).toEqual(['ai-research-manager']);
    expect(r.resolve('tips for an entry level AI engineer application').roles).toEqual(['entry-level-ai-engineer']);
    // A coordinated name keeps its noun said once.
    expect(r.resolve('lead and staff ML architect skills').roles).toEqual(['lead-ml-architect', 'staff-ml-architect']);
  });

  it("keeps the conversation's role over one typed word of another role's name, whatever the implied words add", async () => {
    const r = await resolver();
    const ctx: ConversationContext = { roles: ['multimodal-ai-research-scientist'], topic: 'overview' };
    expect(r.resolve('which data sets do they train on', ctx).roles).toEqual(['multimodal-ai-research-scientist']);
    const lead: ConversationContext = { roles: ['lead-ml-architect'], topic: 'best-practices' };
    expect(r.resolve('and governance stuff, how do they deal with it', lead).roles).toEqual(['lead-ml-architect']);
    // A title word said as such still names the role: "what about staff?".
    expect(r.resolve('what about staff?', lead).roles).toEqual(['staff-ml-architect']);
  });
});

describe('resolver: comparisons built from context, said other ways', () => {
  const staff: ConversationContext = { roles: ['staff-ml-architect'], topic: 'overview' };

  it('compares with "what sets it apart from…", "what separates it from…" and "the pay vs a…"', async () => {
    const r = await resolver();
    expect(r.resolve('what sets it apart from a lead?', staff).roles).toEqual(['staff-ml-architect', 'lead-ml-architect']);
    expect(r.resolve('what separates this one from the ML systems architect', staff).roles).toEqual([
      'staff-ml-architect',
      'ml-systems-architect',
    ]);
    expect(r.resolve('and the skills vs an ML data architect', staff)).toMatchObject({
      kind: 'compare',
      roles: ['staff-ml-architect', 'ml-data-architect'],
      topic: 'skills',
    });
  });

  it('reads "how is that different for X" as the same question for X, not a comparison', async () => {
    const r = await resolver();
    const soft: ConversationContext = { roles: ['ml-data-architect'], topic: 'soft-skills' };
    expect(r.resolve('and how is that different for a lead ML architect', soft)).toMatchObject({
      kind: 'topic',
      roles: ['lead-ml-architect'],
      topic: 'soft-skills',
    });
    expect(r.resolve("how's that different for the staff one", soft)).toMatchObject({ kind: 'topic', roles: ['staff-ml-architect'] });
  });
});

describe('resolver: subjects of equal standing', () => {
  it('reads a bare title word after "above", "than", "for a" as a second role with the same noun', async () => {
    const r = await resolver();
    expect(r.resolve('does a staff ML architect rank above lead?').roles).toEqual(['staff-ml-architect', 'lead-ml-architect']);
    expect(r.resolve('is a staff ML architect paid more than lead?').roles).toEqual(['staff-ml-architect', 'lead-ml-architect']);
    expect(r.resolve("what's on a staff ML architect's plate that isn't for a lead?").roles).toEqual([
      'staff-ml-architect',
      'lead-ml-architect',
    ]);
  });

  it('keeps a role set against another with "vs" a subject after "from", and the subject of "how does X compare" first', async () => {
    const r = await resolver();
    expect(r.resolve('what soft skills are expected from a staff vs a lead ML architect?').roles).toEqual([
      'staff-ml-architect',
      'lead-ml-architect',
    ]);
    expect(r.resolve('an ML data architect makes about 150k, how does a staff ML architect compare?').roles).toEqual([
      'staff-ml-architect',
      'ml-data-architect',
    ]);
  });

  it('reads "the X role" after an article as one role, and "until I\'m X" as the target', async () => {
    const r = await resolver();
    const ctx: ConversationContext = { roles: ['ai-machine-learning-researcher'], topic: 'overview' };
    expect(r.resolve('how is that different from the research scientist role', ctx).roles).toEqual([
      'ai-machine-learning-researcher',
      'ai-research-scientist',
    ]);
    const junior: ConversationContext = {
      roles: ['junior-ai-ml-engineer'],
      topic: 'education',
      shown: ['junior-ai-ml-engineer', 'ml-infrastructure-architect', 'senior-ai-ml-engineer'],
    };
    expect(r.resolve('how many years until I am senior', junior).roles).toEqual(['senior-ai-ml-engineer']);
    expect(r.resolve("realistically, how long until i'm senior", junior).roles).toEqual(['senior-ai-ml-engineer']);
  });

  it('counts a word whose canonical form is a role word as a role word when telling the language', async () => {
    const r = await resolver();
    const q = r.resolve('Zukunft der AI Quality Engineering VP Rolle?');
    // ("Engineering" is a role word, not an unknown word that makes the message Dutch.)
    expect(q).toMatchObject({ kind: 'topic', roles: ['ai-quality-engineering-vp'] });
  });
});

describe('resolver: the topic of a follow-up', () => {
  const two: ConversationContext = {
    roles: ['lead-ml-architect', 'staff-ml-architect'],
    topic: 'salary',
    recent: ['staff-ml-architect', 'lead-ml-architect'],
  };

  it('gives a choice between the two roles its own topic, or the overview, not the previous topic', async () => {
    const r = await resolver();
    for (const text of ['which one is closer to the code', 'which of the two is more hands on day to day']) {
      const q = r.resolve(text, two);
      expect(q, text).toMatchObject({ kind: 'compare', roles: ['lead-ml-architect', 'staff-ml-architect'] });
      expect(q.topic, text).not.toBe('salary');
    }
    // "compare them" keeps the conversation's topic.
    expect(r.resolve('compare them', two)).toMatchObject({ kind: 'compare', topic: 'salary' });
  });

  it('lets a follow-up that names no role switch topic when the classifier is clear, and keeps it for "what about a lead?"', async () => {
    const r = await resolver();
    const ctx: ConversationContext = { roles: ['ai-research-scientist'], topic: 'education' };
    expect(r.resolve('and the common pitfalls', ctx)).toMatchObject({ roles: ['ai-research-scientist'], topic: 'challenges' });
    expect(r.resolve('what about a staff ML architect?', ctx)).toMatchObject({ roles: ['staff-ml-architect'], topic: 'education' });
    // "where does it lead" is a verb, not another profession ("it lead").
    expect(r.resolve('and then where does it lead, career wise?', ctx)).toMatchObject({ roles: ['ai-research-scientist'] });
  });

  it('reads a message that is only a role\'s name ("staff?", "nlp?") as ellipsis: the same topic for that role', async () => {
    const r = await resolver();
    const pay: ConversationContext = { roles: ['lead-ml-architect'], topic: 'salary' };
    expect(r.resolve('staff?', pay)).toMatchObject({ kind: 'topic', roles: ['staff-ml-architect'], topic: 'salary' });
    expect(r.resolve('ML systems architect??', pay)).toMatchObject({ roles: ['ml-systems-architect'], topic: 'salary' });
    const trends: ConversationContext = { roles: ['multimodal-ai-research-scientist'], topic: 'trends' };
    expect(r.resolve('nlp?', trends)).toMatchObject({ roles: ['nlp-research-scientist'], topic: 'trends' });
    expect(r.resolve('nlp too?', trends)).toMatchObject({ roles: ['nlp-research-scientist'], topic: 'trends' });
    expect(r.resolve('e um senior ML engineer?', pay)).toMatchObject({ roles: ['senior-ai-ml-engineer'], topic: 'salary' });
    // A topic word said with it asks that topic.
    expect(r.resolve('staff skills?', pay)).toMatchObject({ roles: ['staff-ml-architect'], topic: 'skills' });
    // "same deal?" asks the question before, even where the classifier leans to another topic.
    const education: ConversationContext = { roles: ['ai-research-scientist'], topic: 'education' };
    expect(r.resolve('what about an AI research engineer in general? same deal?', education)).toMatchObject({
      roles: ['ai-research-engineer'],
      topic: 'education',
    });
    // The words of a role's name are no topic words: "level" of "entry level AI engineer" asks no career path.
    expect(r.resolve('and for an entry level AI engineer?', pay)).toMatchObject({ roles: ['entry-level-ai-engineer'], topic: 'salary' });
  });
});

describe('resolver: the last two roles, said with a pronoun', () => {
  const two: ConversationContext = {
    roles: ['junior-ai-ml-engineer'],
    topic: 'salary',
    recent: ['junior-ai-ml-engineer', 'entry-level-ai-engineer'],
  };

  it('reads "which one\'s higher", "are they related?" and "they\'re basically the same?" as about the last two roles', async () => {
    const r = await resolver();
    expect(r.resolve("so which one's higher", two)).toMatchObject({
      kind: 'compare',
      roles: ['entry-level-ai-engineer', 'junior-ai-ml-engineer'],
      topic: 'salary',
    });
    expect(r.resolve('are they related?', two).roles).toEqual(['entry-level-ai-engineer', 'junior-ai-ml-engineer']);
    expect(r.resolve("so they're basically the same?", two).roles).toEqual(['entry-level-ai-engineer', 'junior-ai-ml-engineer']);
    // "which of the two…" said in so many words wins over a thin match of another role ("LLM").
    const seniors: ConversationContext = { roles: ['senior-ai-application-engineer', 'senior-ai-ml-engineer'], topic: 'overview' };
    expect(r.resolve('which of the two is more LLM heavy skills-wise', seniors)).toMatchObject({
      kind: 'compare',
      roles: ['senior-ai-application-engineer', 'senior-ai-ml-engineer'],
    });
    // "they" alone is the role in context.
    expect(r.resolve('what do they do all day?', two)).toMatchObject({ roles: ['junior-ai-ml-engineer'], topic: 'responsibilities' });
  });

  it('reads "lead" after a pronoun or a modal as a verb: "where can it lead" is about the role in context', async () => {
    const r = await resolver();
    expect(r.resolve('where can it lead', two)).toMatchObject({ roles: ['junior-ai-ml-engineer'], topic: 'career-path' });
    expect(r.resolve('how do I get from junior MLE to lead').roles).toEqual(['lead-ml-architect']);
  });
});

describe('resolver: one word of another role in a follow-up', () => {
  it('keeps the role discussed for "trends with LLMs?", and switches only with ellipsis ("and LLM platform?")', async () => {
    const r = await resolver();
    const app: ConversationContext = { roles: ['senior-ai-application-engineer'], topic: 'market' };
    expect(r.resolve('trends with LLMs?', app)).toMatchObject({ roles: ['senior-ai-application-engineer'], topic: 'trends' });
    expect(r.resolve('is the job changing because of LLMs?', app).roles).toEqual(['senior-ai-application-engineer']);
    expect(r.resolve('what about LLM platform?', app).roles).toEqual(['ai-large-model-platform-engineer']);
  });
});

describe('resolver: a move whose target points back', () => {
  it('reads "from X to that", "into it", "get there" as about the role in context, the role named as background', async () => {
    const r = await resolver();
    const manager: ConversationContext = {
      roles: ['ai-research-manager'],
      topic: 'responsibilities',
      recent: ['ai-research-manager', 'ai-research-engineer'],
    };
    expect(r.resolve('how would I get from research engineer to that', manager)).toMatchObject({
      roles: ['ai-research-manager'],
      topic: 'career-path',
    });
    expect(r.resolve('can a research scientist move into it', manager).roles).toEqual(['ai-research-manager']);
    // A role named after the pointing word is the target itself.
    expect(r.resolve('how do I get to that staff role', manager).roles).toEqual(['staff-ml-architect']);
  });
});

describe('resolver: "the other one", "that last one"', () => {
  it('picks the role the last answer was not about, the later one in "from one to the other", and the last of a list', async () => {
    const r = await resolver();
    const infra: ConversationContext = {
      roles: ['ml-infrastructure-architect'],
      topic: 'responsibilities',
      recent: ['ml-infrastructure-architect', 'ml-systems-architect'],
    };
    expect(r.resolve('and the other one?', infra)).toMatchObject({ roles: ['ml-systems-architect'], topic: 'responsibilities' });
    expect(r.resolve('how long does it take to go from one to the other', infra)).toMatchObject({
      roles: ['ml-infrastructure-architect'],
      topic: 'career-path',
    });
    // "the other roles" and "on the other hand" pick nothing.
    expect(r.resolve('on the other hand, what do they earn', infra).roles).toEqual(['ml-infrastructure-architect']);
    const ladder: ConversationContext = {
      roles: ['junior-ai-ml-engineer', 'senior-ai-ml-engineer', 'staff-ml-architect'],
      topic: 'salary',
    };
    expect(r.resolve('how many years from junior to that last one?', ladder).roles).toEqual(['staff-ml-architect']);
  });
});

describe('resolver: background, lists and misspellings', () => {
  it('reads "separates me from X" as a comparison cue, "as a"/"soy" as the asker\'s own role, and "right now:" as no background', async () => {
    const r = await resolver();
    expect(r.resolve("I'm a junior ML engineer. what skills would set me apart from a senior ML engineer?").roles).toEqual([
      'senior-ai-ml-engineer',
    ]);
    expect(r.resolve('3 yoe as a junior MLE, am I ready for ML infra architect roles?').roles).toEqual(['ml-infrastructure-architect']);
    expect(r.resolve('Soy junior ML engineer, ¿cómo llego a staff ML architect?').roles).toEqual(['staff-ml-architect']);
    expect(r.resolve('which is the same as a junior ML engineer, entry level AI engineer?').roles).toHaveLength(2);
    // "between" sets its roles side by side, after "I'm" too; the asker's own role stays background.
    expect(r.resolve("I'm torn between AI research engineer and AI research scientist offers").roles).toEqual([
      'ai-research-engineer',
      'ai-research-scientist',
    ]);
    expect(r.resolve("I'm a junior MLE choosing between senior MLE and staff ML architect as a next step").roles).toEqual([
      'senior-ai-ml-engineer',
      'staff-ml-architect',
    ]);
    expect(r.resolve('which pays more right now: senior ML engineer or senior AI application engineer?').roles).toEqual([
      'senior-ai-ml-engineer',
      'senior-ai-application-engineer',
    ]);
  });

  it('reads each name of a list in its own words, in order, and a longer name with a typo over the shorter one inside it', async () => {
    const r = await resolver();
    expect(r.resolve('pay ranking: senior MLE, senior AI application engineer, AI research manager').roles).toEqual([
      'senior-ai-ml-engineer',
      'senior-ai-application-engineer',
      'ai-research-manager',
    ]);
    // A first conjunct said without its noun takes the next name's, beside a third role named with its own noun.
    expect(r.resolve('junior vs senior MLE vs staff ML architect, how does pay grow?').roles).toEqual([
      'junior-ai-ml-engineer',
      'senior-ai-ml-engineer',
      'staff-ml-architect',
    ]);
    expect(r.resolve('what does a multimodel AI research scientist do').roles).toEqual(['multimodal-ai-research-scientist']);
    expect(r.resolve('mlse salary').roles).toEqual(['ai-machine-learning-systems-engineer']);
  });

  it('asks about all the roles discussed with "which of those…", and reads the job market as no marketing role', async () => {
    const r = await resolver();
    const three: ConversationContext = {
      roles: ['ml-data-architect', 'ml-systems-architect', 'staff-ml-architect'],
      topic: 'salary',
    };
    expect(r.resolve('which of those is most in demand', three).roles).toEqual([
      'ml-data-architect',
      'ml-systems-architect',
      'staff-ml-architect',
    ]);
    const one: ConversationContext = { roles: ['ai-machine-learning-researcher'], topic: 'skills' };
    expect(r.resolve('and how is the job market for them?', one)).toMatchObject({
      roles: ['ai-machine-learning-researcher'],
      topic: 'market',
    });
    const systems: ConversationContext = { roles: ['ml-systems-architect'], topic: 'challenges' };
    expect(r.resolve('how do they cope with all that stuff?', systems).roles).toEqual(['ml-systems-architect']);
  });
});

describe('resolver: bare ellipsis and overlaps', () => {
  it('keeps the topic for a bare "what about the X one", and reads "what\'s the overlap" / "does it overlap with X" as comparisons', async () => {
    const r = await resolver();
    const ctx: ConversationContext = {
      roles: ['ai-network-security-engineer'],
      topic: 'challenges',
      recent: ['ai-network-security-engineer', 'ai-protection-analyst'],
    };
    expect(r.resolve('ok and what about the AI protection analyst one', ctx)).toMatchObject({
      roles: ['ai-protection-analyst'],
      topic: 'challenges',
    });
    expect(r.resolve("what's the overlap", ctx).roles).toEqual(['ai-protection-analyst', 'ai-network-security-engineer']);
    expect(r.resolve('does it overlap much with an ML infra architect', ctx).roles).toEqual([
      'ai-network-security-engineer',
      'ml-infrastructure-architect',
    ]);
  });
});

describe('resolver: comparisons in the understood languages', () => {
  it('reads "welcher von beiden", "cuál de los dos", "par rapport au" as about the roles discussed', async () => {
    const r = await resolver();
    const two: ConversationContext = {
      roles: ['senior-ai-ml-engineer'],
      topic: 'overview',
      recent: ['senior-ai-ml-engineer', 'junior-ai-ml-engineer'],
    };
    for (const text of ['welcher von beiden hat mehr Stellen?', '¿cuál de los dos tiene más demanda?']) {
      expect(r.resolve(text, two).roles, text).toEqual(['junior-ai-ml-engineer', 'senior-ai-ml-engineer']);
    }
    const lead: ConversationContext = { roles: ['lead-ml-architect'], topic: 'education' };
    expect(r.resolve('et par rapport au staff ?', lead).roles).toEqual(['lead-ml-architect', 'staff-ml-architect']);
  });
});
