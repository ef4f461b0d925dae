/**
 * The resolver: text (+ the conversation's context) → {@link Query}. It has one job, reading the message; building
 * the answer is compose's. Every threshold it uses is in `thresholds.ts`, and every decision leaves a reason.
 *
 * Order of reading: commands (the shared grammar) first; then free text — normalised once into canonical tokens, role
 * mentions found by the role matcher, the topic scored by the lexicon, and the context consulted for follow-ups.
 */
import { parseCommand } from '../query.ts';
import { SectionIndex } from '../search/index.ts';
import { isTopic, type Topic } from '../topics.ts';
import type { ConversationContext, Knowledge, Query } from '../types.ts';
import { scoreIntents, type IntentScores } from './intent.ts';
import { normalizeText } from './normalize.ts';
import { RoleMatcher, type RoleMention } from './roles.ts';
import { THRESHOLDS } from './thresholds.ts';
import { canonicalTokens, OFF_TOPIC_WORDS, OTHER_PROFESSIONS, ROLE_NOUNS } from './vocabulary.ts';

const FOLLOW_UP = /^(?:what|wat|how) about\b|^i mean\b|\bones?\b|^and\b|^same\b|^(?:and )?(?:for|with) (?:a |an |the )?\w+\s*\??$|^how does (?:that|this|it) compare|^compared? (?:to|with)\b|^vs\b|^versus\b|^what of\b|^ok(?:ay)? (?:and|what|how)\b|^now\b|^also\b|^then\b/;
const COMPARE = /\b(?:vs|versus|compare|compared|comparison|difference|differences|differ|between|or|better|than)\b/;
/** Words that may stand before a job noun without qualifying it ("a good architect", "become an engineer"). */
const FILLER = /^(?:a|an|the|of|for|to|as|my|your|be|become|good|great|top|best|is|are|do|doe|what|how|much|many|which|who|any|some|all|other|new|senior|junior|lead|staff|principal)$/;
/** Words too common to say what a question is about. */
const CONTENT_STOP = new Set([
  'the', 'and', 'for', 'you', 'your', 'are', 'what', 'how', 'who', 'why', 'when', 'where', 'which', 'doe', 'does',
  'can', 'could', 'would', 'should', 'will', 'need', 'needs', 'want', 'get', 'got', 'have', 'has', 'had', 'with',
  'about', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'there', 'then', 'than', 'just', 'really',
  'any', 'some', 'all', 'much', 'many', 'more', 'most', 'very', 'also', 'too', 'not', 'now', 'one', 'ones', 'like',
  'please', 'thank', 'thanks', 'someone', 'anyone', 'tell', 'know', 'give', 'show', 'let', 'mean', 'lol', 'lmao',
  'bro', 'pls', 'hey', 'okay', 'yeah', 'yes', 'nope', 'actually', 'even', 'typically', 'usually', 'generally',
  'being', 'been', 'was', 'were', 'into', 'from', 'its', 'it', 'our', 'out', 'here', 'there', 'people', 'person',
  'guy', 'guys', 'folk', 'job', 'role', 'career', 'work', 'field', 'thing', 'stuff', 'kind', 'type', 'good',
]);
const THAT_COMPARE = /\b(?:compare|compared|vs|versus|than)\b/;
const PRONOUN = /\b(?:that|this|it|them|those)\b/;

/** One message as the resolver reads it: normalised once, tokens passed down to every step. */
export interface Reading {
  text: string;
  norm: string;
  tokens: string[];
}

export function read(text: string): Reading {
  return { text, norm: normalizeText(text), tokens: canonicalTokens(text) };
}

/** Everything the resolver needs of the knowledge, built once per knowledge version (never inside a question). */
export class Resolver {
  readonly matcher: RoleMatcher;
  private readonly index: SectionIndex;
  /** Canonical tokens of each role's title, implied by a follow-up that names another role by one word. */
  private readonly titleTokens: Map<string, string[]>;
  /** Words found in the names of three or more roles ("ml", "ai", "research"): generic within the domain. */
  private readonly genericWords: Set<string>;
  /** Every canonical word the knowledge uses, to tell an in-domain question from an unrelated one. */
  private readonly vocabulary: Set<string>;

  constructor(knowledge: Knowledge) {
    this.matcher = new RoleMatcher(knowledge.roles);
    this.titleTokens = new Map(knowledge.roles.map((r) => [r.slug, canonicalTokens(r.title)]));
    const df = new Map<string, number>();
    for (const r of knowledge.roles) {
      const words = new Set([r.title, ...r.aliases, r.slug.replace(/-/g, ' ')].flatMap((n) => canonicalTokens(n)));
      for (const t of words) df.set(t, (df.get(t) ?? 0) + 1);
    }
    this.genericWords = new Set([...df].filter(([, n]) => n >= 3).map(([t]) => t));
    this.vocabulary = buildVocabulary(knowledge);
    this.index = new SectionIndex(knowledge);
  }

  /** Reads one message. Never throws for any text. */
  resolve(text: string, context?: ConversationContext): Query {
    const command = parseCommand(text);
    switch (command.kind) {
      case 'help':
      case 'roles':
        return { kind: command.kind, roles: [], confidence: 1, reasons: [`command: ${command.kind}`] };
      case 'role': {
        const roleText = read(command.roleText);
        const found = this.matcher.findTokens(roleText.tokens, { lenient: false });
        const topic = command.topic ?? topicOf(scoreIntents(roleText.tokens), THRESHOLDS.topicSure);
        const role = found[0];
        if (!role) {
          if (command.roleText.trim() === '' && topic) return { kind: 'topic', roles: [], topic, confidence: 0.8, reasons: ['command: role <topic>'] };
          return this.unknown(roleText, 'no-role', ['command: role, no role matched']);
        }
        return { kind: 'topic', roles: [role.slug], ...(topic ? { topic } : {}), confidence: 1, reasons: ['command: role'] };
      }
      case 'compare': {
        const rolesText = read(command.rolesText);
        const found = this.matcher.findTokens(rolesText.tokens, { lenient: true });
        const topic = command.topic ?? topicOf(scoreIntents(rolesText.tokens), THRESHOLDS.topicSure) ?? 'overview';
        if (found.length >= 2) return { kind: 'compare', roles: found.map((m) => m.slug), topic, confidence: 1, reasons: ['command: compare'] };
        if (found.length === 1) return { kind: 'topic', roles: [(found[0] as RoleMention).slug], topic, confidence: 1, reasons: ['command: compare, one role matched'] };
        return this.unknown(rolesText, 'no-role', ['command: compare, no role matched']);
      }
      case 'text':
        return this.freeText(read(command.text), context);
    }
  }

  private unknown(reading: Reading, reason: NonNullable<Query['unknown']>, reasons: string[]): Query {
    const near = this.matcher.nearestTokens(reading.tokens);
    return {
      kind: 'unknown',
      roles: [],
      confidence: 0,
      reasons,
      unknown: reason === 'no-role' && near.length === 0 ? 'unclear' : reason,
      ...(near.length > 0 ? { candidates: near.map((r) => r.slug) } : {}),
    };
  }

  /**
   * A profession or subject the bot does not cover, named in a question that matched no role: a known other job
   * ("nurse"), an off-topic subject ("weather"), or a job noun whose qualifier is not a generic word of the domain
   * ("civil engineer", "network engineer") — while "ML architect" or "AI engineer" stay in scope as general questions.
   */
  private outOfScope(tokens: readonly string[]): string | undefined {
    const named = tokens.find((t) => OTHER_PROFESSIONS.has(t) || OFF_TOPIC_WORDS.has(t));
    if (named) return `out of scope: "${named}"`;
    const i = tokens.findIndex((t, i) => {
      if (!ROLE_NOUNS.has(t) || i === 0) return false;
      const before = tokens[i - 1] as string;
      return !this.genericWords.has(before) && !FILLER.test(before);
    });
    return i >= 0 ? `out of scope: another profession "${tokens[i - 1]} ${tokens[i]}"` : undefined;
  }

  private freeText(reading: Reading, context: ConversationContext | undefined): Query {
    const { norm, tokens } = reading;
    const reasons: string[] = [];
    const scores = scoreIntents(tokens);
    const followUp = context !== undefined && FOLLOW_UP.test(norm);
    const comparing = COMPARE.test(norm);
    const mentions = this.matcher.findTokens(tokens, {
      lenient: context !== undefined || comparing,
      ...(context ? { context: context.roles, implied: context.roles.flatMap((s) => this.titleTokens.get(s) ?? []) } : {}),
    });
    let roles = mentions.map((m) => m.slug);
    if (roles.length > 0) reasons.push(`roles named: ${roles.join(', ')}`);
    let topic = topicOf(scores, THRESHOLDS.topicWord);
    if (topic) reasons.push(`lexicon: ${topic} (${(scores.scores[topic] ?? 0).toFixed(1)})`);
    let fromContext = false;

    if (roles.length === 0) {
      // Words that are neither intent words nor filler: what the question is really about.
      const content = tokens.filter((t, i) => !scores.positions.has(i) && (t.length > 2 || this.genericWords.has(t)) && !CONTENT_STOP.has(t) && !/^\d/.test(t));
      const nonTopic = (scores.best === 'help' || scores.best === 'roles') && content.length <= 1;
      if (nonTopic && (!topic || scores.score >= (scores.scores[topic] ?? 0) || !context)) {
        const kind = scores.best === 'help' ? 'help' : 'roles';
        return { kind, roles: [], confidence: 1, reasons: [...reasons, `lexicon: ${kind} (${scores.score.toFixed(1)})`] };
      }
      const oos = this.outOfScope(tokens);
      if (oos) return this.unknown(reading, 'out-of-scope', [...reasons, oos]);
      const followsUp = context !== undefined && context.roles.length > 0 && (topic !== undefined || followUp);
      // With no role named and nothing to follow up on, the question's words must mostly be ones the knowledge
      // uses: "tips for marathon training" is not a best-practices question about these careers.
      const unknownWords = content.filter((t) => !this.vocabulary.has(t)).length;
      if (!followsUp && unknownWords > 0 && unknownWords >= content.length - unknownWords) {
        return this.unknown(reading, 'out-of-scope', [...reasons, `out of scope: ${unknownWords} of ${content.length} words unknown to the knowledge`]);
      }
      if (followsUp && context) {
        roles = [...context.roles];
        fromContext = true;
        reasons.push(`context: roles ${roles.join(', ')}`);
        if (!topic && context.topic) {
          topic = context.topic;
          reasons.push(`context: topic ${topic}`);
        }
      } else if (topic && (scores.scores[topic] ?? 0) >= THRESHOLDS.topicSure) {
        return { kind: 'topic', roles: [], topic, confidence: 0.8, reasons: [...reasons, 'no role named: topic across roles'] };
      } else {
        return this.unknown(reading, 'no-role', [...reasons, 'no role and no sure topic']);
      }
    } else if (context) {
      // "how does that compare to infra architects": the roles in context come first, then the new ones.
      if (context.roles.length > 0 && THAT_COMPARE.test(norm) && PRONOUN.test(norm)) {
        roles = [...new Set([...context.roles, ...roles])];
        fromContext = true;
        reasons.push(`context: compared with ${context.roles.join(', ')}`);
      }
      if (!topic && followUp && context.topic) {
        topic = context.topic;
        fromContext = true;
        reasons.push(`context: topic ${topic}`);
      }
    }

    if (!topic && !(roles.length >= 2 && comparing)) {
      // The lexicon had nothing: let the section index decide from the words that are not role names.
      const used = new Set(mentions.flatMap((m) => m.positions));
      const rest = tokens.filter((t, i) => !used.has(i) && t.length > 2);
      if (rest.length > 0) {
        const hit = this.index.search(rest.join(' '), roles, 1)[0];
        if (hit && hit.score >= THRESHOLDS.searchTopic && hit.topic !== 'overview') {
          topic = hit.topic;
          reasons.push(`search: ${hit.topic} (${hit.score.toFixed(1)})`);
        }
      }
    }
    const roleConfidence = Math.min(1, ...mentions.map((m) => m.score));
    const topicConfidence = topic ? Math.min(1, (scores.scores[topic] ?? 2) / THRESHOLDS.topicFullConfidence) : THRESHOLDS.cardConfidence;
    let confidence = Number((roleConfidence * topicConfidence).toFixed(2));
    if (fromContext) confidence = Math.max(confidence, THRESHOLDS.followUpConfidence);
    const kind = roles.length >= 2 ? 'compare' : 'topic';
    if (kind === 'compare') topic ??= 'overview';
    return { kind, roles, ...(topic ? { topic } : {}), confidence, reasons };
  }
}

/** The topic the lexicon is sure enough of, if any. */
function topicOf(scores: IntentScores, min: number): Topic | undefined {
  let best: Topic | undefined;
  let score = 0;
  for (const [intent, s] of Object.entries(scores.scores)) {
    if (isTopic(intent) && (s ?? 0) > score) {
      best = intent;
      score = s ?? 0;
    }
  }
  if (best && scores.best && isTopic(scores.best) && (scores.scores[scores.best] ?? 0) >= score) best = scores.best;
  return best && score >= min ? best : undefined;
}

function buildVocabulary(knowledge: Knowledge): Set<string> {
  const words = new Set<string>();
  for (const r of knowledge.roles) {
    const texts = [r.title, r.summary, ...r.aliases, ...Object.values(r.sections).map((s) => s.text), ...r.salary.map((row) => `${row.measure} ${row.subject}`)];
    for (const t of texts) for (const w of canonicalTokens(t)) words.add(w);
  }
  return words;
}
