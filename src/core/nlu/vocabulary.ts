/**
 * Word-level rules shared by role matching and intent detection: how people abbreviate role words, and which words
 * name a profession. Both sides (role names and questions) go through {@link canonicalTokens}, so "machine learning
 * infrastructure architects" and "ML infra architect" become the same tokens.
 */
import type { Role } from '../types.ts';
import { singular, tokenize } from './normalize.ts';

/** Multi-word phrases folded to one canonical token first. */
const PHRASES: ReadonlyArray<[string[], string[]]> = [
  [['machine', 'learning'], ['ml']],
  [['artificial', 'intelligence'], ['ai']],
  [['natural', 'language', 'processing'], ['nlp']],
  [['vice', 'president'], ['vp']],
  [
    ['entry', 'level'],
    ['entry', 'level'],
  ],
  // Managing AI research is the AI research manager's job: "what's hard about managing AI research teams" (the
  // longer phrases first: the first that fits is taken, and "managing AI research scientists" names no scientist).
  [
    ['managing', 'ai', 'research', 'scientist'],
    ['ai', 'research', 'manager'],
  ],
  [
    ['managing', 'ai', 'research', 'engineer'],
    ['ai', 'research', 'manager'],
  ],
  [
    ['managing', 'ai', 'research'],
    ['ai', 'research', 'manager'],
  ],
  [
    ['managing', 'an', 'ai', 'research'],
    ['ai', 'research', 'manager'],
  ],
  [
    ['managing', 'ai', 'researcher'],
    ['ai', 'research', 'manager'],
  ],
  // "how does it stack up against…" compares; it is not about a tech stack.
  [['stack', 'up'], ['compare']],
  [['stacks', 'up'], ['compare']],
];

const PHRASE_STARTS = new Set(PHRASES.map(([words]) => words[0] as string));

/** Single-word abbreviations and variants. */
const WORDS: Readonly<Record<string, string[]>> = {
  mle: ['ml', 'engineer'],
  mles: ['ml', 'engineer'],
  mla: ['ml', 'architect'],
  mlsa: ['ml', 'system', 'architect'],
  infrastructure: ['infra'],
  arch: ['architect'],
  archs: ['architect'],
  architecht: ['architect'],
  eng: ['engineer'],
  // The field for the job: "AI research engineering", "ML systems engineering", "VP of AI quality eng".
  engineering: ['engineer'],
  science: ['scientist'],
  engr: ['engineer'],
  sr: ['senior'],
  snr: ['senior'],
  jr: ['junior'],
  mgr: ['manager'],
  sci: ['scientist'],
  sys: ['system'],
  aiml: ['ai', 'ml'],
  genai: ['generative', 'ai'],
  // chat spellings
  wat: ['what'],
  wut: ['what'],
  waht: ['what'],
  whta: ['what'],
  whats: ['what'],
  u: ['you'],
  ur: ['your'],
  r: ['are'],
  pls: ['please'],
  halp: ['help'],
  hepl: ['help'],
  hlep: ['help'],
  plz: ['please'],
};

/** Long words that canonicalise to one short token, for typo matching against the long form. */
export const LONG_FORMS: ReadonlyArray<[string, string]> = Object.entries(WORDS)
  .filter(([long, short]) => long.length >= 6 && short.length === 1)
  .map(([long, short]) => [long, short[0] as string]);

/** Canonical tokens of a text: normalised, abbreviations expanded, plurals folded. */
export function canonicalTokens(text: string): string[] {
  return canonicalize(tokenize(text));
}

/** Canonical tokens of already normalised words (see `tokenize`): what a request passes on after normalising once. */
export function canonicalize(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const phrase = PHRASE_STARTS.has(raw[i] as string)
      ? PHRASES.find(([words]) => words.every((w, k) => raw[i + k] === w || (k === words.length - 1 && singular(raw[i + k] ?? '') === w)))
      : undefined;
    if (phrase) {
      out.push(...phrase[1]);
      i += phrase[0].length - 1;
      continue;
    }
    const canonical = canonicalWord(raw[i] as string);
    if (typeof canonical === 'string') out.push(canonical);
    else out.push(...canonical);
  }
  return out;
}

/** Canonical form of single words already seen (bounded): the vocabulary build reads millions of words, mostly repeats. */
const wordCache = new Map<string, string | readonly string[]>();

/** One word outside a phrase: its expansion (abbreviations, chat spellings) or its singular. */
function canonicalWord(word: string): string | readonly string[] {
  const known = wordCache.get(word);
  if (known !== undefined) return known;
  const one = singular(word);
  const expanded = Object.hasOwn(WORDS, word) ? WORDS[word] : Object.hasOwn(WORDS, one) ? WORDS[one] : undefined;
  const canonical = expanded ?? one;
  if (wordCache.size >= 50_000) wordCache.clear();
  wordCache.set(word, canonical);
  return canonical;
}

/** Nouns that name a kind of job: an unresolved one in a question means "some profession". */
export const ROLE_NOUNS = new Set([
  'architect',
  'engineer',
  'scientist',
  'analyst',
  'manager',
  'researcher',
  'expert',
  'vp',
  'developer',
  'designer',
  'lead',
  'specialist',
  'consultant',
  'director',
  'officer',
  'administrator',
  'technician',
  'programmer',
]);

/** A trainee's job nouns: after a role's words ("ML research intern", "internship") they name another job than the role. */
export const TRAINEE_NOUNS = new Set(['intern', 'internship']);

/** Professions the bot does not cover: a question about one of these is out of scope, not a cross-role answer. */
export const OTHER_PROFESSIONS = new Set([
  'nurse',
  'doctor',
  'physician',
  'surgeon',
  'dentist',
  'pharmacist',
  'lawyer',
  'attorney',
  'paralegal',
  'teacher',
  'professor',
  'plumber',
  'electrician',
  'carpenter',
  'mechanic',
  'chef',
  'cook',
  'baker',
  'barista',
  'waiter',
  'accountant',
  'auditor',
  'banker',
  'pilot',
  'firefighter',
  'police',
  'cop',
  'soldier',
  'farmer',
  'driver',
  'trucker',
  'cashier',
  'janitor',
  'realtor',
  'actor',
  'musician',
  'artist',
  'writer',
  'journalist',
  'photographer',
  'veterinarian',
  'vet',
  'therapist',
  'psychologist',
  'recruiter',
  'salesperson',
  'marketer',
  'hairdresser',
  'barber',
  'tailor',
  'welder',
  'miner',
  'librarian',
  'influencer',
  'youtuber',
  'streamer',
  'athlete',
  'footballer',
  'dev',
  'devs',
  'frontend',
  'backend',
  'fullstack',
  'webdev',
  'pm',
  'scrum',
  'tester',
  'sre',
  'dba',
  'sysadmin',
  'secretary',
  'receptionist',
  'clerk',
  'economist',
  'biologist',
  'chemist',
  'physicist',
  'astronaut',
  'devops',
  'devop',
  'cto',
  'ceo',
  'cfo',
  'coo',
  'designer',
  'ux',
  'copywriter',
]);

/** Subjects outside careers altogether. */
export const OFF_TOPIC_WORDS = new Set([
  'weather',
  'forecast',
  'rain',
  'joke',
  'jokes',
  'bitcoin',
  'btc',
  'crypto',
  'ethereum',
  'dogecoin',
  'football',
  'soccer',
  'nba',
  'nfl',
  'basketball',
  'baseball',
  'recipe',
  'pizza',
  'movie',
  'movies',
  'song',
  'music',
  'poem',
  'homework',
  'election',
  'horoscope',
  'lottery',
  'translate',
  'dating',
  'girlfriend',
  'boyfriend',
  'cat',
  'dog',
  'meme',
  'birthday',
  'population',
  'ocean',
  'funny',
  'sentient',
  'wifi',
  'printer',
  'flight',
  'hotel',
  'restaurant',
  'visa',
  'visas',
  'immigration',
  'taxes',
  'lawyer',
]);

/** Each roles array's vocabulary (see {@link knowledgeVocabulary}), built once or handed over by the snapshot. */
const vocabularies = new WeakMap<readonly Role[], Set<string>>();

/**
 * Every canonical word the knowledge uses (titles, summaries, aliases, section texts, salary rows): the resolver
 * tells an in-domain question from an unrelated one by it. Built once per roles array (`canonicalTokens` over every
 * section: 15–25 ms at 21 roles), unless the knowledge snapshot handed it over ({@link adoptVocabulary}). Read-only.
 */
export function knowledgeVocabulary(roles: readonly Role[]): Set<string> {
  let words = vocabularies.get(roles);
  if (!words) {
    words = new Set<string>();
    for (const r of roles) {
      const texts = [
        r.title,
        r.summary,
        ...r.aliases,
        ...Object.values(r.sections).map((s) => s.text),
        ...r.salary.map((row) => `${row.measure} ${row.subject}`),
      ];
      for (const t of texts) for (const w of canonicalTokens(t)) words.add(w);
    }
    vocabularies.set(roles, words);
  }
  return words;
}

/**
 * Takes `words` as the vocabulary of `roles`: what {@link knowledgeVocabulary} built for the same roles when the
 * snapshot was written (the snapshot's key covers this file, so the rule that built them is the current one).
 */
export function adoptVocabulary(roles: readonly Role[], words: readonly string[]): void {
  vocabularies.set(roles, new Set(words));
}
