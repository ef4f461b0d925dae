/**
 * The one way into the core: `createAdvisor(...).handle(request)` returns an {@link Answer} as plain data. Adapters
 * build the request, call `handle` once, and render what comes back; the core never calls a platform.
 */
import { acrossRolesAnswer, compareAnswer, helpAnswer, roleCard, rolesAnswer, topicAnswer, unknownAnswer } from './answer/compose.ts';
import { MemoryContextStore, type ContextStore, type ConversationContext } from './context/store.ts';
import { loadKnowledge } from './knowledge/load.ts';
import { parseCommand } from './nlu/grammar.ts';
import { cleanInput } from './nlu/input.ts';
import { scoreIntents, type IntentScores } from './nlu/intent.ts';
import { RoleMatcher } from './nlu/roles.ts';
import { normalizeText } from './nlu/normalize.ts';
import { canonicalTokens, OFF_TOPIC_WORDS, OTHER_PROFESSIONS, ROLE_NOUNS } from './nlu/vocabulary.ts';
import { SectionIndex } from './search/index.ts';
import { isTopic, type Topic } from './topics.ts';
import { silentLogger, type Answer, type Knowledge, type Logger, type Request, type Role, type RoleChoice } from './types.ts';

export interface AdvisorOptions {
  knowledge: Knowledge;
  logger?: Logger;
  /** Where `reload()` reads from. Default: `./knowledge`. Ignored when {@link load} is given. */
  knowledgeDir?: string;
  /** How `reload()` gets fresh knowledge. Default: {@link loadKnowledge} of {@link knowledgeDir}. */
  load?: () => Promise<Knowledge>;
  /** Conversation memory. Default: in memory, {@link contextTtlMs}, 10,000 conversations. */
  contexts?: ContextStore;
  /** Time-to-live of a conversation's context. Default 30 minutes. */
  contextTtlMs?: number;
  /** Most distinct unanswered questions remembered for {@link Advisor.gaps}. Default {@link defaultMaxGaps}. */
  maxGaps?: number;
}

export interface GapEntry {
  text: string;
  count: number;
  intent: Answer['intent'];
  lastSeen: number;
}

export interface ReloadResult {
  ok: boolean;
  roles: number;
  error?: string;
}

export interface Advisor {
  /** Answers one request. Never throws for any input text. */
  handle(request: Request): Answer;
  /** Re-reads the knowledge; on invalid knowledge logs the errors and keeps serving the previous version. */
  reload(): Promise<ReloadResult>;
  /** Every role, full profiles first. */
  roles(): RoleChoice[];
  /** Ranked roles for autocomplete: exact slug or title, alias, prefix, then fuzzy; at most `limit`. */
  complete(input: string, limit?: number): RoleChoice[];
  /** The most frequent unanswered or low-confidence questions, most frequent first. */
  gaps(limit?: number): GapEntry[];
  readonly knowledge: Knowledge;
}

/** Questions answered with less confidence than this are logged and counted as gaps. */
export const lowConfidence = 0.5;
export const defaultMaxGaps = 500;

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

interface State {
  knowledge: Knowledge;
  matcher: RoleMatcher;
  readonly index: SectionIndex;
  /** Canonical tokens of each role's title, implied by a follow-up that names another role by one word. */
  titleTokens: Map<string, string[]>;
  /** Words found in the names of three or more roles ("ml", "ai", "research"): generic within the domain. */
  genericWords: Set<string>;
  /** Every canonical word the knowledge uses, to tell an in-domain question from an unrelated one. */
  readonly vocabulary: Set<string>;
}

function buildState(knowledge: Knowledge): State {
  const matcher = new RoleMatcher(knowledge.roles);
  const titleTokens = new Map(knowledge.roles.map((r) => [r.slug, canonicalTokens(r.title)]));
  const df = new Map<string, number>();
  for (const r of knowledge.roles) {
    const words = new Set([r.title, ...r.aliases, r.slug.replace(/-/g, ' ')].flatMap((n) => canonicalTokens(n)));
    for (const t of words) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const genericWords = new Set([...df].filter(([, n]) => n >= 3).map(([t]) => t));
  let index: SectionIndex | undefined;
  let vocabulary: Set<string> | undefined;
  return {
    get vocabulary() {
      vocabulary ??= buildVocabulary(knowledge);
      return vocabulary;
    },
    knowledge,
    matcher,
    // Built on first use: most questions never need it, and cold start stays short.
    get index() {
      index ??= new SectionIndex(knowledge);
      return index;
    },
    titleTokens,
    genericWords,
  };
}

/** A context-free command that reproduces an answer (see {@link Answer.replay}). */
export function replayCommand(answer: Answer, text: string): string {
  if (answer.intent === 'help' || answer.intent === 'roles') return answer.intent;
  if (answer.intent === 'unknown') return text;
  const topic = answer.topic ?? 'overview';
  if (answer.roles.length >= 2) return `compare ${answer.roles.join(' ')} ${topic}`;
  if (answer.roles.length === 1) return topic === 'overview' ? `role ${answer.roles[0]}` : `role ${answer.roles[0]} ${topic}`;
  return `role ${topic}`;
}

function buildVocabulary(knowledge: Knowledge): Set<string> {
  const words = new Set<string>();
  for (const r of knowledge.roles) {
    const texts = [r.title, r.summary, ...r.aliases, ...Object.values(r.sections).map((s) => s.text), ...r.salary.map((row) => `${row.measure} ${row.subject}`)];
    for (const t of texts) for (const w of canonicalTokens(t)) words.add(w);
  }
  return words;
}

export function createAdvisor(options: AdvisorOptions): Advisor {
  const logger = options.logger ?? silentLogger;
  const contexts = options.contexts ?? new MemoryContextStore({ ttlMs: options.contextTtlMs });
  const load = options.load ?? (() => loadKnowledge(options.knowledgeDir));
  const maxGaps = options.maxGaps ?? defaultMaxGaps;
  const gaps = new Map<string, GapEntry>();
  let state = buildState(options.knowledge);

  const choice = (r: Role): RoleChoice => ({ slug: r.slug, title: r.title, summary: r.summary });

  function recordGap(request: Request, text: string, answer: Answer): void {
    logger.info(
      { event: 'advisor.gap', text, intent: answer.intent, confidence: Number(answer.confidence.toFixed(2)), platform: request.platform, conversationId: request.conversationId },
      'unanswered or low-confidence question',
    );
    const key = normalizeText(text).slice(0, 160);
    if (!key) return;
    const entry = gaps.get(key);
    if (entry) {
      entry.count += 1;
      entry.lastSeen = Date.now();
      entry.intent = answer.intent;
      return;
    }
    if (gaps.size >= maxGaps) {
      // Full: forget the rarest question, the oldest of those first.
      let victim: [string, GapEntry] | undefined;
      for (const item of gaps) {
        if (!victim || item[1].count < victim[1].count || (item[1].count === victim[1].count && item[1].lastSeen < victim[1].lastSeen)) victim = item;
      }
      if (victim) gaps.delete(victim[0]);
    }
    gaps.set(key, { text: text.slice(0, 160), count: 1, intent: answer.intent, lastSeen: Date.now() });
  }

  function answerFor(text: string, context: ConversationContext | undefined): Answer {
    const { knowledge } = state;
    const command = parseCommand(text);
    switch (command.kind) {
      case 'help':
        return helpAnswer(knowledge);
      case 'roles':
        return rolesAnswer(knowledge);
      case 'role': {
        const found = findRoles(command.roleText, false);
        const role = found[0];
        const topic = command.topic ?? topicOf(scoreIntents(canonicalTokens(command.roleText)), 2.5);
        if (!role) {
          if (command.roleText.trim() === '' && topic) return acrossRolesAnswer(topic, knowledge);
          return unknownAnswer(knowledge, state.matcher.nearest(command.roleText), 'no-role');
        }
        return single(role, topic);
      }
      case 'compare': {
        const found = findRoles(command.rolesText, true);
        const topic = command.topic ?? topicOf(scoreIntents(canonicalTokens(command.rolesText)), 2.5) ?? 'overview';
        if (found.length >= 2) return compareAnswer(found, topic);
        if (found.length === 1) return single(found[0] as Role, topic);
        return unknownAnswer(knowledge, state.matcher.nearest(command.rolesText), 'no-role');
      }
      case 'text':
        return freeText(command.text, context);
    }
  }

  /** Roles named in a command's argument; commands carry no conversation context. */
  function findRoles(text: string, lenient: boolean): Role[] {
    return rolesOf(state.matcher.find(text, { lenient }).map((m) => m.slug));
  }

  function rolesOf(slugs: readonly string[]): Role[] {
    return slugs.map((slug) => state.knowledge.bySlug.get(slug)).filter((r): r is Role => r !== undefined);
  }

  function single(role: Role, topic: Topic | undefined): Answer {
    return topic && topic !== 'overview' ? topicAnswer(role, topic, state.knowledge) : roleCard(role, state.knowledge);
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

  /**
   * A profession or subject the bot does not cover, named in a question that matched no role: a known other job
   * ("nurse"), an off-topic subject ("weather"), or a job noun whose qualifier is not a generic word of the domain
   * ("civil engineer", "network engineer") — while "ML architect" or "AI engineer" stay in scope as general questions.
   */
  function outOfScope(tokens: readonly string[]): boolean {
    if (tokens.some((t) => OTHER_PROFESSIONS.has(t) || OFF_TOPIC_WORDS.has(t))) return true;
    return tokens.some((t, i) => {
      if (!ROLE_NOUNS.has(t) || i === 0) return false;
      const before = tokens[i - 1] as string;
      return !state.genericWords.has(before) && !FILLER.test(before);
    });
  }

  function freeText(text: string, context: ConversationContext | undefined): Answer {
    const { knowledge, matcher } = state;
    const norm = normalizeText(text);
    const tokens = canonicalTokens(text);
    const scores = scoreIntents(tokens);
    const followUp = context !== undefined && FOLLOW_UP.test(norm);
    const comparing = COMPARE.test(norm);
    const mentions = matcher.findTokens(tokens, {
      lenient: context !== undefined || comparing,
      ...(context ? { context: context.roles, implied: context.roles.flatMap((s) => state.titleTokens.get(s) ?? []) } : {}),
    });
    let roles = rolesOf(mentions.map((m) => m.slug));
    let topic = topicOf(scores, 1.5);

    if (roles.length === 0) {
      // Words that are neither intent words nor filler: what the question is really about.
      const content = tokens.filter((t, i) => !scores.positions.has(i) && (t.length > 2 || state.genericWords.has(t)) && !CONTENT_STOP.has(t) && !/^\d/.test(t));
      const nonTopic = (scores.best === 'help' || scores.best === 'roles') && content.length <= 1;
      if (nonTopic && (!topic || scores.score >= (scores.scores[topic] ?? 0) || !context)) {
        return scores.best === 'help' ? helpAnswer(knowledge) : rolesAnswer(knowledge);
      }
      if (outOfScope(tokens)) return unknownAnswer(knowledge, matcher.nearest(text), 'out-of-scope');
      const followsUp = context !== undefined && context.roles.length > 0 && (topic !== undefined || followUp);
      // With no role named and nothing to follow up on, the question's words must mostly be ones the knowledge
      // uses: "tips for marathon training" is not a best-practices question about these careers.
      const unknownWords = content.filter((t) => !state.vocabulary.has(t)).length;
      if (!followsUp && unknownWords > 0 && unknownWords >= content.length - unknownWords) {
        return unknownAnswer(knowledge, matcher.nearest(text), 'out-of-scope');
      }
      if (followsUp && context) {
        roles = rolesOf(context.roles);
        topic ??= context.topic;
      } else if (topic && (scores.scores[topic] ?? 0) >= 2.5) {
        return acrossRolesAnswer(topic, knowledge);
      } else {
        const near = matcher.nearest(text);
        return unknownAnswer(knowledge, near, near.length > 0 ? 'no-role' : 'unclear');
      }
    } else if (context) {
      // "how does that compare to infra architects": the roles in context come first, then the new ones.
      if (context.roles.length > 0 && THAT_COMPARE.test(norm) && /\b(?:that|this|it|them|those)\b/.test(norm)) {
        roles = rolesOf([...new Set([...context.roles, ...roles.map((r) => r.slug)])]);
      }
      if (!topic && followUp) topic = context.topic;
    }

    if (!topic && !(roles.length >= 2 && comparing)) {
      // The lexicon had nothing: let the section index decide from the words that are not role names.
      const used = new Set(mentions.flatMap((m) => m.positions));
      const rest = tokens.filter((t, i) => !used.has(i) && t.length > 2);
      if (rest.length > 0) {
        const hit = state.index.search(rest.join(' '), roles.map((r) => r.slug), 1)[0];
        if (hit && hit.score >= 8 && hit.topic !== 'overview') topic = hit.topic;
      }
    }
    const answer = roles.length >= 2 ? compareAnswer(roles, topic ?? 'overview') : single(roles[0] as Role, topic);
    const roleConfidence = Math.min(1, ...mentions.map((m) => m.score));
    const topicConfidence = topic ? Math.min(1, (scores.scores[topic] ?? 2) / 3) : 0.8;
    return { ...answer, confidence: Math.min(answer.confidence, Number((roleConfidence * topicConfidence).toFixed(2))) };
  }

  return {
    get knowledge() {
      return state.knowledge;
    },
    handle(request: Request): Answer {
      const text = cleanInput(request.text);
      let answer: Answer;
      const external = request.context !== undefined;
      const context = external ? (request.context ?? undefined) : contexts.get(request.conversationId);
      try {
        answer = text === '' ? helpAnswer(state.knowledge) : answerFor(text, context);
      } catch (error) {
        // A bug in matching must never take the conversation down: log it and answer like an unknown question.
        logger.error({ event: 'advisor.error', err: error, conversationId: request.conversationId }, 'advisor failed to answer');
        answer = unknownAnswer(state.knowledge, [], 'unclear');
      }
      let remember: ConversationContext | undefined;
      if (answer.roles.length > 0 || (answer.topic && answer.intent !== 'unknown')) {
        remember = { roles: answer.roles.length > 0 ? answer.roles : (context?.roles ?? []), ...(answer.topic ? { topic: answer.topic } : {}) };
        if (!external) contexts.set(request.conversationId, remember);
      }
      if (text !== '' && (answer.intent === 'unknown' || answer.confidence < lowConfidence)) recordGap(request, text, answer);
      return { ...answer, replay: replayCommand(answer, text), ...(remember ? { context: remember } : {}) };
    },
    async reload(): Promise<ReloadResult> {
      try {
        const knowledge = await load();
        state = buildState(knowledge);
        logger.info({ event: 'advisor.reload', roles: knowledge.roles.length }, 'knowledge reloaded');
        return { ok: true, roles: knowledge.roles.length };
      } catch (error) {
        logger.error({ event: 'advisor.reload_failed', err: error }, 'knowledge reload failed; still serving the previous version');
        return { ok: false, roles: state.knowledge.roles.length, error: (error as Error).message };
      }
    },
    roles(): RoleChoice[] {
      return state.matcher.complete('', Number.MAX_SAFE_INTEGER).map(choice);
    },
    complete(input: string, limit = 25): RoleChoice[] {
      return state.matcher.complete(cleanInput(input), Math.min(limit, 25)).map(choice);
    },
    gaps(limit = 20): GapEntry[] {
      return [...gaps.values()].sort((a, b) => b.count - a.count || b.lastSeen - a.lastSeen).slice(0, limit).map((g) => ({ ...g }));
    },
  };
}
