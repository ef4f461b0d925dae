/**
 * The one way into the core: `createAdvisor(...).handle(request)` returns an {@link Answer} as plain data. Adapters
 * build the request, call `handle` once, and render what comes back; the core never calls a platform.
 *
 * `handle` = resolve (text + context → {@link Query}, `nlu/resolve.ts`) → compose (`answer/compose.ts`) → remember
 * the context for follow-ups.
 */
import { composeAnswer, helpAnswer, listedRoles, unknownAnswer } from './answer/compose.ts';
import { countBuild } from './builds.ts';
import { MemoryContextStore, type ContextStore, type ConversationContext } from './context/store.ts';
import { loadKnowledge } from './knowledge/load.ts';
import { cleanInput } from './nlu/input.ts';
import { Resolver } from './nlu/resolve.ts';
import { formatCommand } from './query.ts';
import { silentLogger, type Answer, type Knowledge, type Logger, type Query, type Request, type Role, type RoleChoice } from './types.ts';

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
  readonly knowledge: Knowledge;
}

/** Questions answered with less confidence than this are logged and counted as gaps. */
export const lowConfidence = 0.5;

/** A context-free command that reproduces an answer (see {@link Answer.replay}). */
export function replayCommand(answer: Answer, text: string): string {
  const kind =
    answer.intent === 'help' || answer.intent === 'roles'
      ? answer.intent
      : answer.intent === 'unknown'
        ? 'unknown'
        : answer.roles.length >= 2
          ? 'compare'
          : 'topic';
  return formatCommand({ kind, roles: answer.roles, ...(answer.topic ? { topic: answer.topic } : {}) }) ?? text;
}

/** Most roles {@link ConversationContext.recent} keeps. */
const RECENT_ROLES = 4;

/**
 * What a conversation remembers after an answer: its roles (or the previous ones when it named none), its topic, the
 * roles it offered to pick from, and the last few roles discussed. `undefined` leaves the context as it was.
 */
function nextContext(answer: Answer, context: ConversationContext | undefined, knowledge: Knowledge): ConversationContext | undefined {
  if (answer.intent === 'unknown') return undefined;
  // After the role list, the roles it named (not the whole catalogue: at most MAX_LISTED_ROLES of each kind); else
  // the answer's roles and the roles it offered, each once, in that order.
  let shown: string[];
  if (answer.intent === 'roles') shown = [...listedRoles(knowledge)];
  else {
    shown = [...answer.roles];
    for (const f of answer.followUps) if (f.kind === 'role' && f.role && !shown.includes(f.role)) shown.push(f.role);
    if (shown.length > 1 && new Set(shown).size < shown.length) shown = [...new Set(shown)];
  }
  if (answer.roles.length === 0 && !answer.topic && shown.length === 0) return undefined;
  const roles = answer.roles.length > 0 ? answer.roles : (context?.roles ?? []);
  const topic = answer.topic ?? context?.topic;
  const recent: string[] = [];
  for (const list of [answer.roles, context?.recent ?? context?.roles ?? []]) {
    for (const slug of list) {
      if (recent.length === RECENT_ROLES) break;
      if (!recent.includes(slug)) recent.push(slug);
    }
  }
  // Kept for up to 10,000 conversations: arrays grown by push carry spare capacity (17 slots after the first), so
  // each is stored as an exact copy, or as the roles array itself when it holds the same slugs (the usual case after
  // a one-role answer); contexts are never changed in place.
  return {
    roles,
    ...(topic ? { topic } : {}),
    ...(shown.length > 0 ? { shown: sameSlugs(shown, roles) ? roles : shown.slice() } : {}),
    ...(recent.length > 0 ? { recent: sameSlugs(recent, roles) ? roles : recent.slice() } : {}),
  };
}

function sameSlugs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((slug, i) => slug === b[i]);
}

/** The resolver of a knowledge version, with every index and vocabulary it reads (built here, never in a question). */
function buildResolver(knowledge: Knowledge): Resolver {
  countBuild('resolver');
  return new Resolver(knowledge);
}

export function createAdvisor(options: AdvisorOptions): Advisor {
  const logger = options.logger ?? silentLogger;
  const contexts = options.contexts ?? new MemoryContextStore({ ttlMs: options.contextTtlMs });
  const load = options.load ?? (() => loadKnowledge(options.knowledgeDir));
  let state = { knowledge: options.knowledge, resolver: buildResolver(options.knowledge) };

  const choice = (r: Role): RoleChoice => ({ slug: r.slug, title: r.title, summary: r.summary });

  /** Logs an unanswered or low-confidence question; the bot layer counts them in the store for moderators. */
  function logGap(request: Request, text: string, answer: Answer): void {
    logger.info(
      {
        event: 'advisor.gap',
        text,
        intent: answer.intent,
        confidence: Number(answer.confidence.toFixed(2)),
        platform: request.platform,
        conversationId: request.conversationId,
      },
      'unanswered or low-confidence question',
    );
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
      let query: Query | undefined;
      try {
        if (text === '') answer = helpAnswer(state.knowledge);
        else {
          query = state.resolver.resolve(text, context);
          // (the silent default drops it: no record built per question)
          if (logger !== silentLogger)
            logger.debug(
              {
                event: 'advisor.resolve',
                kind: query.kind,
                roles: query.roles,
                topic: query.topic,
                confidence: query.confidence,
                reasons: query.reasons,
              },
              'question resolved',
            );
          answer = composeAnswer(query, state.knowledge);
        }
      } catch (error) {
        // A bug in matching must never take the conversation down: log it and answer like an unknown question.
        logger.error({ event: 'advisor.error', err: error, conversationId: request.conversationId }, 'advisor failed to answer');
        answer = unknownAnswer(state.knowledge, [], 'unclear');
      }
      const remember = nextContext(answer, context, state.knowledge);
      if (remember && !external) contexts.set(request.conversationId, remember);
      if (text !== '' && (answer.intent === 'unknown' || answer.confidence < lowConfidence) && logger !== silentLogger)
        logGap(request, text, answer);
      // A "which one?" has no command of its own: asking the same words again gives it (they named no context).
      const replay = query?.kind === 'topic' && query.roles.length === 0 && query.candidates ? text : replayCommand(answer, text);
      // The composed answer is a fresh object: the request's fields are added to it, in this order, not copied.
      answer.replay = replay;
      if (remember) answer.context = remember;
      if (query) answer.reasons = query.reasons;
      if (query?.language) answer.language = query.language;
      return answer;
    },
    async reload(): Promise<ReloadResult> {
      try {
        const knowledge = await load();
        state = { knowledge, resolver: buildResolver(knowledge) };
        logger.info({ event: 'advisor.reload', roles: knowledge.roles.length }, 'knowledge reloaded');
        return { ok: true, roles: knowledge.roles.length };
      } catch (error) {
        logger.error({ event: 'advisor.reload_failed', err: error }, 'knowledge reload failed; still serving the previous version');
        return { ok: false, roles: state.knowledge.roles.length, error: (error as Error).message };
      }
    },
    roles(): RoleChoice[] {
      return state.resolver.matcher.complete('', Number.MAX_SAFE_INTEGER).map(choice);
    },
    complete(input: string, limit = 25): RoleChoice[] {
      return state.resolver.matcher.complete(cleanInput(input), Math.min(limit, 25)).map(choice);
    },
  };
}
