/**
 * Finds what a question asks about with a weighted lexicon: each topic (and `help`, `roles`) has words and phrases
 * with weights; the topic with the highest total wins. Words are compared after canonicalisation, and a typo of a
 * lexicon word of five letters or more still counts ("salery", "chalenges"). What the lexicon misses is left to the
 * search index (see advisor.ts).
 */
import type { Intent, Topic } from '../topics.ts';
import { editDistance } from './fuzzy.ts';
import { canonicalTokens } from './vocabulary.ts';

type LexiconIntent = Topic | 'help' | 'roles';

/** `word` or `multi word phrase` → weight, per intent. Phrases are matched on canonical tokens. */
const LEXICON: Readonly<Record<LexiconIntent, Readonly<Record<string, number>>>> = {
  overview: {
    overview: 3,
    'what is': 1.5,
    'what a': 0.5,
    'tell me about': 2.5,
    'tell me more': 2,
    describe: 2,
    summary: 2,
    intro: 2,
    introduction: 2,
    explain: 1.5,
    'who is': 1,
    'what kind of': 1,
    definition: 2,
    'in a nutshell': 2,
    tldr: 2,
    'info on': 2,
    'know about': 1.5,
    'what exactly': 1,
    difference: 1,
    diff: 1,
    differ: 1,
  },
  responsibilities: {
    responsibility: 3.5,
    duty: 3.5,
    task: 3,
    'day to day': 4,
    'day in the life': 4,
    daily: 2.5,
    'all day': 3,
    'work on': 2,
    'in charge of': 3,
    deliverable: 3,
    'job description': 3,
    role: 0.5,
    own: 1,
    ownership: 2,
    'what do they do': 4,
    'what doe': 0,
    'actually do': 3,
    'typical day': 4,
    'focus on': 2,
    'spend time': 2.5,
    'main job': 2,
    'expected to do': 3,
    workload: 2,
    'normal day': 4,
    'all week': 3,
    'on the job': 2,
  },
  skills: {
    skill: 3,
    'tech stack': 4,
    stack: 3,
    tool: 3,
    tooling: 3,
    language: 2.5,
    programming: 2.5,
    python: 2,
    framework: 3,
    technology: 2.5,
    tech: 1.5,
    competency: 3,
    proficiency: 2.5,
    'hard skill': 4,
    'technical skill': 4,
    'need to know': 3,
    'should i learn': 3,
    'what to learn': 3,
    learn: 1.5,
    know: 0.5,
    kubernete: 1.5,
    pytorch: 2,
    tensorflow: 2,
    sql: 2,
    cloud: 1,
    aws: 1.5,
    expertise: 2,
    'good at': 1.5,
    requirement: 1.5,
    required: 1,
  },
  'soft-skills': {
    'soft skill': 6,
    'people skill': 6,
    // (More than the skills' "technical skill" 4 and "skill" 3 it contains: "which non-technical skills should I work on".)
    'non technical skill': 11,
    communication: 3.5,
    communicate: 3.5,
    teamwork: 3.5,
    interpersonal: 4,
    collaboration: 2.5,
    collaborate: 2.5,
    stakeholder: 2.5,
    'team player': 4,
    'emotional intelligence': 4,
    empathy: 3,
    presentation: 2,
    'work with people': 3,
    personality: 3,
    leadership: 1.5,
    mindset: 2,
    'communication skill': 4,
    'leadership skill': 4,
    'interpersonal skill': 4,
    'comm skill': 5,
    'buy in': 3,
    'writing skill': 4,
    'self management': 4,
    'time management': 4,
    'soft side': 5,
    negotiation: 3.5,
    negotiate: 3,
  },
  education: {
    degree: 4,
    phd: 4,
    doctorate: 4,
    master: 3,
    masters: 3,
    msc: 3,
    bachelor: 4,
    bsc: 3,
    'cs degree': 4,
    university: 3,
    college: 3,
    certification: 4,
    cert: 4,
    certificate: 4,
    certified: 3,
    education: 4,
    qualification: 4,
    qualified: 2.5,
    study: 2.5,
    school: 2.5,
    bootcamp: 4,
    'self taught': 4,
    major: 2.5,
    diploma: 4,
    grad: 2,
    graduate: 1.5,
    academic: 3,
    'background needed': 3,
    prerequisite: 3,
    course: 2.5,
  },
  'career-path': {
    'career path': 5,
    path: 2.5,
    progression: 4,
    promotion: 4,
    promoted: 4,
    'next step': 4,
    become: 3.5,
    'get into': 3.5,
    'break into': 4,
    transition: 3.5,
    'move into': 3.5,
    'move up': 3.5,
    ladder: 4,
    level: 1.5,
    advance: 3,
    advancement: 3,
    trajectory: 4,
    'career growth': 4,
    career: 1.5,
    'where does it lead': 4,
    'what comes after': 4,
    'lead to': 2,
    switch: 2.5,
    pivot: 3,
    'get there': 3,
    'get hired as': 2,
    roadmap: 2,
    'how long': 2,
    'year of experience': 4,
    'how many year': 3.5,
    'how much experience': 4,
    yoe: 4,
    'starting out': 2.5,
    junior: 0.5,
    'land a job': 3,
    'land a role': 3,
    'what next': 3,
    'next move': 4,
    'next after': 3,
    climb: 3,
    'grow out of': 3.5,
    'step up': 3,
    retrain: 3.5,
    reskill: 3.5,
    'position myself': 3,
    timeline: 2.5,
    'more senior': 4,
    seniority: 4,
    'same level': 3,
    'first job': 2.5,
    'get in': 1.5,
  },
  market: {
    demand: 4,
    'in demand': 4,
    'job market': 5,
    market: 3,
    outlook: 4,
    hiring: 4,
    hire: 2.5,
    opening: 3.5,
    'job growth': 4,
    'job opening': 4,
    growing: 2.5,
    'future proof': 3,
    opportunity: 2.5,
    'how many job': 4,
    saturated: 4,
    oversaturated: 4,
    'market size': 4,
    cagr: 4,
    employer: 2,
    'job security': 3.5,
    'worth getting into': 2,
    'who hire': 4,
    'is it hard to find': 3,
    vacancy: 4,
    layoff: 3,
    competitive: 1.5,
    'need for': 1.5,
    shortage: 3,
  },
  salary: {
    salary: 4,
    pay: 4,
    paid: 4,
    payed: 4,
    earn: 4,
    earning: 4,
    make: 2.5,
    'how much': 2.5,
    comp: 4,
    compensation: 4,
    tc: 4,
    money: 3.5,
    $: 3,
    $$: 3,
    $$$: 3,
    wage: 4,
    income: 4,
    bonus: 4,
    stock: 3,
    equity: 3,
    rsu: 4,
    package: 2,
    'base pay': 4,
    'total comp': 4,
    worth: 1,
    'six figure': 4,
    k: 2,
    '100k': 4,
    '200k': 4,
    '300k': 4,
    rate: 1,
    'per year': 2,
    'a year': 1.5,
    payout: 3,
    raise: 2.5,
    lucrative: 4,
    rich: 2,
    'well paid': 4,
    benefit: 1.5,
    perk: 2.5,
    'take home': 4,
    'top end': 3,
    median: 3,
    'pay range': 4,
    average: 1.5,
    'low end': 3,
  },
  trends: {
    trend: 5,
    trending: 4,
    future: 4,
    'what changing': 4,
    changing: 3,
    'hot topic': 4,
    hot: 2,
    emerging: 4,
    'what new': 4,
    new: 1,
    evolving: 4,
    evolve: 3,
    upcoming: 3,
    'next big': 4,
    innovation: 2.5,
    automl: 2.5,
    'where is it heading': 4,
    heading: 3.5,
    direction: 2.5,
    shift: 2.5,
    'keep up with': 2.5,
    development: 1,
    disrupt: 3,
    replace: 3,
    replaced: 3,
    replacing: 3,
    'industry trend': 5,
    buzzword: 3,
    '2025': 2,
    '2026': 2,
  },
  'best-practices': {
    'best practice': 6,
    practice: 3,
    tip: 4,
    advice: 3,
    'how to do it well': 4,
    succeed: 3,
    'do well': 3,
    recommendation: 3,
    guideline: 3,
    'rule of thumb': 4,
    principle: 3,
    'dos and don': 4,
    'dos and dont': 4,
    'do don t': 4,
    excel: 2.5,
    'good at it': 3,
    'what should i do': 2,
    'how should i': 2,
    'do it right': 4,
    pattern: 2,
    'lesson learned': 3,
    playbook: 4,
    checklist: 3,
    standard: 2,
    'better at': 3,
    improve: 1.5,
    effective: 2,
  },
  challenges: {
    challenge: 5,
    challenging: 4,
    hard: 2.5,
    hardest: 4,
    difficult: 3.5,
    difficulty: 3.5,
    problem: 3,
    'pain point': 5,
    pain: 3,
    struggle: 4,
    obstacle: 4,
    issue: 2.5,
    downside: 4,
    'worst part': 4,
    tough: 3,
    risk: 2.5,
    'go wrong': 4,
    stressful: 3,
    stress: 2.5,
    con: 2,
    headache: 4,
    blocker: 4,
    'deal with': 2.5,
    'what make it hard': 4,
    drawback: 4,
    suck: 4,
    worst: 3,
    hate: 3,
    annoying: 3,
    frustrating: 4,
    pitfall: 4,
    gotcha: 3,
  },
  related: {
    'similar role': 6,
    similar: 4,
    related: 4,
    alternative: 4,
    'other role': 4,
    'other job': 4,
    'what else': 3,
    adjacent: 4,
    'role like': 4,
    'job like': 4,
    'career like': 4,
    instead: 2,
    comparable: 3,
    'career option': 3,
    neighbouring: 3,
    neighboring: 3,
    'close to': 2,
    'other option': 3,
    sibling: 3,
    'next door': 3,
  },
  help: {
    hi: 3,
    hello: 3,
    hey: 3,
    hiya: 3,
    howdy: 3,
    yo: 2.5,
    sup: 2.5,
    help: 4,
    'what can you do': 6,
    'how doe this work': 6,
    'how does this work': 6,
    command: 4,
    usage: 3,
    'how do i use': 5,
    'how to use': 5,
    thanks: 2.5,
    thank: 2.5,
    thx: 2.5,
    ty: 2.5,
    cheers: 2.5,
    bye: 3,
    goodbye: 3,
    cya: 3,
    'see ya': 3,
    'see you': 2.5,
    ttyl: 3,
    appreciate: 2.5,
    'that all for now': 4,
    'that it for now': 4,
    'who are you': 5,
    'what are you': 4,
    'good morning': 3,
    gm: 3,
    'good evening': 3,
    'get started': 3,
    menu: 3,
    'what do you do': 5,
    'what can i ask': 5,
    'what info': 4,
    'what topic': 4,
    greeting: 3,
    halp: 4,
    instruction: 3,
    tutorial: 2.5,
    'anyone there': 4,
    'anybody there': 4,
    'you there': 3,
    'first time here': 4,
    'first time using': 4,
    '?': 0,
  },
  roles: {
    'which role': 5,
    'what role': 4,
    'list role': 6,
    'list all': 4,
    'all role': 5,
    'role do you': 5,
    'career do you': 5,
    'what career': 4,
    'which career': 5,
    'job do you': 5,
    'available role': 5,
    'role you know': 5,
    'role you cover': 5,
    'do you cover': 3,
    'do you know about': 2,
    'what job': 3,
    'which job': 4,
    roles: 3,
    list: 2,
    'show all': 4,
    'what profession': 4,
    catalog: 4,
    'what position': 4,
  },
};

interface CompiledEntry {
  intent: LexiconIntent;
  tokens: string[];
  weight: number;
}

const ENTRIES: CompiledEntry[] = Object.entries(LEXICON).flatMap(([intent, words]) =>
  Object.entries(words)
    .filter(([, weight]) => weight > 0)
    .map(([phrase, weight]) => ({
      intent: intent as LexiconIntent,
      tokens: phrase === '$' || phrase === '$$' || phrase === '$$$' ? [phrase] : canonicalTokens(phrase),
      weight,
    }))
    .filter((e) => e.tokens.length > 0),
);
const SINGLE = new Map<string, CompiledEntry[]>();
const MULTI: CompiledEntry[] = [];
for (const entry of ENTRIES) {
  if (entry.tokens.length === 1) {
    const key = entry.tokens[0] as string;
    SINGLE.set(key, [...(SINGLE.get(key) ?? []), entry]);
  } else MULTI.push(entry);
}
/** Indices into {@link MULTI} by a phrase's first token: a question looks up only the phrases its words can start. */
const MULTI_BY_FIRST = new Map<string, number[]>();
MULTI.forEach((entry, index) => {
  const first = entry.tokens[0] as string;
  const list = MULTI_BY_FIRST.get(first);
  if (list) list.push(index);
  else MULTI_BY_FIRST.set(first, [index]);
});
/** Scratch for {@link scoreIntents}: the phrases a question's words can start, each marked with the question's stamp. */
const phraseSeen = new Int32Array(MULTI.length);
const phraseScratch = new Int32Array(MULTI.length);
let phraseStamp = 0;
/** Per word, its single-word entries and the phrases it starts: one lookup per word of a question. */
const BY_WORD = new Map<string, { entries?: CompiledEntry[]; starts?: number[] }>();
for (const [word, entries] of SINGLE) BY_WORD.set(word, { entries });
for (const [word, starts] of MULTI_BY_FIRST) {
  const known = BY_WORD.get(word);
  if (known) known.starts = starts;
  else BY_WORD.set(word, { starts });
}
/** Whether a token may be a figure ("210k", "$180k+", "150000"): every figure pattern starts with "$" or a digit. */
const mayBeFigure = (token: string) => {
  const c = token.charCodeAt(0);
  return c === 36 || (c >= 48 && c <= 57);
};
/** Whether a canonical token is a word of the lexicon (of any intent). */
export function isLexiconWord(token: string): boolean {
  return SINGLE.has(token);
}

const FUZZY_KEYS = [...SINGLE.keys()].filter((k) => k.length >= 5);
const fuzzyCache = new Map<string, string | null>();

/** Whether `short` is `long` with one letter left out ("skil" → skill, "salry" → salary). */
function missesOneLetter(short: string, long: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

/**
 * A lexicon word a typo stands for. Short words (4-5 letters) only match with one letter missing, since a changed
 * letter there often makes another real word ("stuck" is not "stack"); longer words allow one or two edits.
 */
/**
 * Real words one or two letters from a lexicon word, which are never its typo: "move into" is no "intro", "does it
 * matter" no "master's", "better than" no "thank", "a director" no "direction", "a principal" no "principle".
 */
const NOT_TYPOS = new Set([
  'into',
  'than',
  'matter',
  'though',
  'tend',
  'lean',
  'hell',
  'hearing',
  'healing',
  'headline',
  'director',
  'detection',
  'marketer',
  'monkey',
  'exercise',
  'instructor',
  'profession',
  'principal',
  'principale',
]);
function fuzzyKey(word: string): string | undefined {
  if (word.length < 4 || NOT_TYPOS.has(word)) return undefined;
  const cached = fuzzyCache.get(word);
  if (cached !== undefined) return cached ?? undefined;
  // (A word with a digit is never a typo of one, and is not cached: looked up first, tested only when new.)
  if (/\d/.test(word)) return undefined;
  let found: string | null = null;
  for (const key of FUZZY_KEYS) {
    if (key[0] !== word[0]) continue;
    const ok =
      word.length <= 5 ? missesOneLetter(word, key) : editDistance(word, key, word.length >= 8 ? 2 : 1) <= (word.length >= 8 ? 2 : 1);
    if (ok) {
      found = key;
      break;
    }
  }
  if (fuzzyCache.size > 5_000) fuzzyCache.clear();
  fuzzyCache.set(word, found);
  return found ?? undefined;
}

export interface IntentScores {
  /** The winning intent, or `undefined` when nothing in the lexicon matched (always present: one shape). */
  best?: LexiconIntent | undefined;
  score: number;
  /** Runner-up score, for confidence. */
  second: number;
  /** Each matched intent's score, in the order the intents first matched (a map: keys of one fixed kind, no shapes). */
  scores: ReadonlyMap<LexiconIntent, number>;
  /** Token positions that carried intent words (so role matching and intent don't fight over them). */
  positions: Set<number>;
}

/** Topic order decides exact ties: the more specific topics first. */
const PRIORITY: LexiconIntent[] = [
  'salary',
  'soft-skills',
  'education',
  'career-path',
  'best-practices',
  'challenges',
  'market',
  'trends',
  'related',
  'responsibilities',
  'skills',
  'roles',
  'help',
  'overview',
];

/** Adds a phrase's weight to its intent's score. */
function add(scores: Map<LexiconIntent, number>, intent: LexiconIntent, weight: number): void {
  scores.set(intent, (scores.get(intent) ?? 0) + weight);
}

/** Single-word entries a token the lexicon does not list stands for (an elongation, a figure, a typo), by token (bounded). */
const unlistedCache = new Map<string, CompiledEntry[] | null>();

function unlistedEntries(token: string): CompiledEntry[] | undefined {
  const cached = unlistedCache.get(token);
  if (cached !== undefined) return cached ?? undefined;
  let entries: CompiledEntry[] | undefined;
  // Chat elongation: "heyy", "hiii", "thxxx" (only a token ending in a repeated letter can be one).
  if (token.length > 1 && token.charCodeAt(token.length - 1) === token.charCodeAt(token.length - 2))
    entries = SINGLE.get(token.replace(/(.)\1+$/, '$1'));
  if (!entries) {
    // A figure ("210k", "$180k+", "150000") is a question about pay.
    if (mayBeFigure(token) && (/^\$?\d+(?:\.\d+)?k\+?$/.test(token) || /^\$\d/.test(token) || /^\d{3},?\d{3}\+?$/.test(token)))
      entries = SINGLE.get('$');
    else {
      const key = fuzzyKey(token);
      if (key) entries = SINGLE.get(key);
    }
  }
  if (unlistedCache.size >= 5_000) unlistedCache.clear();
  unlistedCache.set(token, entries ?? null);
  return entries;
}

/** Scores every intent for canonical tokens of a question. */
export function scoreIntents(tokens: readonly string[]): IntentScores {
  const scores = new Map<LexiconIntent, number>();
  const positions = new Set<number>();
  // The phrases some word of the question can start, by index into MULTI, each once (applied below in MULTI's order).
  if (phraseStamp === 0x3fffffff) {
    phraseSeen.fill(0);
    phraseStamp = 0;
  }
  const stamp = ++phraseStamp;
  let phraseCount = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const known = BY_WORD.get(token);
    const entries = known?.entries ?? unlistedEntries(token);
    if (entries) {
      for (const entry of entries) add(scores, entry.intent, entry.weight);
      positions.add(i);
    }
    const starts = known?.starts;
    if (starts) {
      for (const index of starts) {
        if (phraseSeen[index] === stamp) continue;
        phraseSeen[index] = stamp;
        // (Kept in ascending order as they come: most questions start one or two phrases.)
        let at = phraseCount++;
        while (at > 0 && (phraseScratch[at - 1] as number) > index) {
          phraseScratch[at] = phraseScratch[at - 1] as number;
          at--;
        }
        phraseScratch[at] = index;
      }
    }
  }
  if (phraseCount > 0) {
    // Each phrase once, at its first occurrence, in MULTI's order (the order intents first appear in `scores`).
    for (let p = 0; p < phraseCount; p++) {
      const entry = MULTI[phraseScratch[p] as number] as CompiledEntry;
      const first = entry.tokens[0] as string;
      for (let i = tokens.indexOf(first); i !== -1; i = tokens.indexOf(first, i + 1)) {
        let all = true;
        for (let k = 1; k < entry.tokens.length; k++) {
          if (tokens[i + k] !== entry.tokens[k]) {
            all = false;
            break;
          }
        }
        if (all) {
          add(scores, entry.intent, entry.weight);
          for (let k = 0; k < entry.tokens.length; k++) positions.add(i + k);
          break;
        }
      }
    }
  }
  // "what does a lead ML architect do (all day)?": a "do" after "what does …" asks what the job involves.
  let asked = -1;
  for (let i = 1; i < tokens.length && asked < 0; i++) {
    const t = tokens[i];
    if ((t === 'doe' || t === 'do') && (tokens[i - 1] === 'what' || tokens[i - 1] === 'wat')) asked = i;
  }
  // (The phrasebooks put "qué hace", "was macht", "que fait", "o que faz" as "what does do": the "do" right after.)
  if (asked >= 0) {
    for (let i = asked + 1; i < tokens.length; i++) {
      if (tokens[i] === 'do' || tokens[i] === 'doing') {
        add(scores, 'responsibilities', 4);
        break;
      }
    }
  }

  let best: LexiconIntent | undefined;
  let score = 0;
  let second = 0;
  for (const intent of PRIORITY) {
    const s = scores.get(intent) ?? 0;
    if (s > score) {
      second = score;
      score = s;
      best = intent;
    } else if (s > second) second = s;
  }
  return { best, score, second, scores, positions };
}

/** Reads a topic named in a command (`salary`, `best-practices`, `best practices`, `soft skills`), if any. */
export function isIntentName(value: string): value is Intent {
  return value in LEXICON || value === 'unknown';
}
