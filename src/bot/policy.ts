/**
 * The rules the bot applies before and after the core answers, all on the Store so that several processes behave as
 * one bot: de-duplication of platform deliveries, per-person rate limits, the share policy, one vote per person and
 * answer, follow-up context, and the record of unanswered questions and feedback that moderators read.
 *
 * A Store that fails (Redis gone) never costs a member an answer: every call here is bounded by a timeout, logged,
 * and degrades — a delivery counts as new, a request is allowed, context is empty — except a vote, which is refused
 * honestly rather than counted twice.
 */
import { lowConfidence } from '../core/advisor.ts';
import type { Answer, ConversationContext, Logger } from '../core/types.ts';
import type { SharePolicy } from '../config.ts';
import type { RankedMember, RateLimiter, Store } from '../store/types.ts';
import { personKey, storeKeys, type Actor, type Platform } from './keys.ts';

export interface PolicyOptions {
  store: Store;
  logger: Logger;
  sharePolicy: SharePolicy;
  /** Questions one person may ask per minute. */
  ratePerMinute: number;
  /** How long follow-up context is kept after the last answer. */
  contextTtlMs: number;
  /** Longest wait on one Store call before giving up on it. Default {@link defaultStoreTimeoutMs}. */
  storeTimeoutMs?: number;
  /** Clock for what is recorded (gaps' and comments' times). Default `Date.now`. */
  now?: () => number;
}

/** What one gap remembers besides its count: the question as asked last, and what the bot answered. */
export interface GapDetail {
  text: string;
  intent: Answer['intent'];
  /** What the bot answered, in a few words: the answer's title, or "not understood" / "did you mean …". */
  answered: string;
  platform: Platform;
}

export interface GapRecord extends GapDetail {
  count: number;
  /** Epoch ms. */
  lastSeen: number;
}

export interface FeedbackComment {
  text: string;
  person: string;
  /** Epoch ms. */
  at: number;
}

export interface FeedbackRecord {
  /** The command that gives the answer again (its replay). */
  command: string;
  down: number;
  up: number;
  /** Newest first. */
  comments: FeedbackComment[];
}

export type VoteResult = 'recorded' | 'already' | 'unavailable';

/** The longest a gap's text is kept (and compared) as. */
const GAP_CHARS = 160;

export class Policy {
  private readonly limiter: RateLimiter;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PolicyOptions) {
    this.limiter = options.store.rateLimiter({ name: 'ask', points: options.ratePerMinute, windowMs: 60_000 });
    this.timeoutMs = options.storeTimeoutMs ?? defaultStoreTimeoutMs;
    this.now = options.now ?? Date.now;
  }

  get ratePerMinute(): number {
    return this.options.ratePerMinute;
  }

  /** A Store call bounded by the timeout; `fallback` (and a log line) when it fails or takes too long. */
  private async safely<T>(what: string, work: () => Promise<T>, fallback: T): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`store: ${what} took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([work(), timeout]);
    } catch (error) {
      this.options.logger.warn(
        { event: 'bot.store_failed', what, err: error instanceof Error ? error.message : String(error) },
        `store unavailable for ${what}; degrading`,
      );
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Same as {@link safely} but rethrows, for callers that must say so (moderator lists). */
  private async strictly<T>(what: string, work: () => Promise<T>): Promise<T> {
    const failed = Symbol('failed');
    const result = await this.safely<T | typeof failed>(what, work, failed);
    if (result === failed) throw new StoreUnavailable(what);
    return result;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Before answering

  /**
   * True for the first delivery of every key (an event id, a `channel:ts`), false when any was already seen by any
   * process within {@link dedupTtlMs}. A Store outage lets the delivery through: answering twice beats not at all.
   */
  async firstDelivery(keys: readonly string[]): Promise<boolean> {
    for (const key of keys) {
      const fresh = await this.safely('dedup', () => this.options.store.setIfAbsent(key, this.now(), dedupTtlMs), true);
      if (!fresh) return false;
    }
    return true;
  }

  /** Takes one question from the person's allowance. The terminal's user runs the bot and is never limited. */
  async allow(actor: Actor): Promise<{ allowed: boolean; retryAfterMs: number }> {
    if (actor.platform === 'console') return { allowed: true, retryAfterMs: 0 };
    const decision = await this.safely('rate limit', () => this.limiter.consume(personKey(actor)), {
      allowed: true,
      retryAfterMs: 0,
      remaining: 1,
    });
    return { allowed: decision.allowed, retryAfterMs: decision.retryAfterMs };
  }

  /** Whether this person may post an answer into the channel; the moderator check runs only when the policy needs it. */
  async mayShare(isModerator: () => Promise<boolean>): Promise<boolean> {
    return this.options.sharePolicy === 'everyone' || (await isModerator());
  }

  // -------------------------------------------------------------------------------------------------------------
  // Context

  async loadContext(conversation: string): Promise<ConversationContext | null> {
    const stored = await this.safely(
      'context',
      () => this.options.store.get<ConversationContext>(storeKeys.context(conversation)),
      undefined,
    );
    return isContext(stored) ? stored : null;
  }

  /** Saves what the answer says to remember, before the reply goes out (so the next message, anywhere, sees it). */
  async saveContext(conversation: string, context: ConversationContext | undefined): Promise<void> {
    if (!context) return;
    await this.safely(
      'context',
      () => this.options.store.set(storeKeys.context(conversation), context, this.options.contextTtlMs),
      undefined,
    );
  }

  // -------------------------------------------------------------------------------------------------------------
  // After answering: gaps

  /**
   * Whether an answer is a gap: the core did not understand (`unknown`), or was not sure (confidence below the
   * core's `lowConfidence`). A follow-up the core answered from the conversation's context is not one, however
   * short the question was ("what about a lead?").
   */
  static isGap(answer: Answer, context: ConversationContext | null): boolean {
    if (answer.intent === 'unknown') return true;
    if (answer.confidence >= lowConfidence) return false;
    // It carried on from the conversation: kept the topic ("what about a lead?") or a role ("and the salary?").
    const fromContext =
      context !== null &&
      (answer.roles.some((r) => context.roles.includes(r)) || (context.topic !== undefined && answer.topic === context.topic));
    return !fromContext;
  }

  async recordGap(text: string, answer: Answer, platform: Platform): Promise<void> {
    const member = gapMember(text);
    if (member === '') return;
    const detail: GapDetail = { text: text.slice(0, GAP_CHARS), intent: answer.intent, answered: answeredAs(answer), platform };
    await this.safely(
      'gaps',
      async () => {
        await this.options.store.rank(storeKeys.gaps, member, 1, maxRanked);
        await this.options.store.set(storeKeys.gap(member), detail, gapDetailTtlMs);
      },
      undefined,
    );
  }

  async gaps(limit: number): Promise<GapRecord[]> {
    return this.strictly('gaps', async () => {
      const top: RankedMember[] = await this.options.store.top(storeKeys.gaps, limit);
      const details = await Promise.all(top.map((m) => this.options.store.get<GapDetail>(storeKeys.gap(m.member))));
      return top.map((m, i) => {
        const detail = details[i];
        return {
          text: detail?.text ?? m.member,
          intent: detail?.intent ?? 'unknown',
          answered: detail?.answered ?? '',
          platform: detail?.platform ?? 'console',
          count: m.score,
          lastSeen: m.updatedAt,
        };
      });
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Votes and comments

  /** Counts a person's vote on the answer a command gives, once: a second vote on it (either way) is `already`. */
  async vote(actor: Actor, command: string, value: 'up' | 'down'): Promise<VoteResult> {
    const person = personKey(actor);
    const fresh = await this.safely<boolean | undefined>(
      'vote',
      () => this.options.store.setIfAbsent(storeKeys.vote(person, command), value, voteTtlMs),
      undefined,
    );
    if (fresh === undefined) return 'unavailable';
    if (!fresh) return 'already';
    await this.safely('vote', () => this.options.store.rank(storeKeys.votes(value), command, 1, maxRanked), 0);
    return 'recorded';
  }

  /** Whether this person gave 👎 on that answer (the comment form follows only that). */
  async votedDown(actor: Actor, command: string): Promise<boolean> {
    return (
      (await this.safely('vote', () => this.options.store.get<string>(storeKeys.vote(personKey(actor), command)), undefined)) === 'down'
    );
  }

  /** Keeps one comment per person and answer; false when there already was one or the Store is away. */
  async comment(actor: Actor, command: string, text: string): Promise<boolean> {
    const person = personKey(actor);
    const fresh = await this.safely(
      'comment',
      () => this.options.store.setIfAbsent(storeKeys.comment(person, command), this.now(), voteTtlMs),
      false,
    );
    if (!fresh) return false;
    const entry: FeedbackComment = { text, person, at: this.now() };
    await this.safely('comment', () => this.options.store.append(storeKeys.comments(command), entry, 100), undefined);
    return true;
  }

  /** Answers with feedback: most 👎 first, then those with only 👍; each with its latest comments. */
  async feedback(limit: number, commentsEach = 3): Promise<FeedbackRecord[]> {
    return this.strictly('feedback', async () => {
      const { store } = this.options;
      const [down, up] = await Promise.all([store.top(storeKeys.votes('down'), limit), store.top(storeKeys.votes('up'), limit)]);
      const commands = [...new Set([...down.map((m) => m.member), ...up.map((m) => m.member)])].slice(0, limit);
      const records = await Promise.all(
        commands.map(async (command): Promise<FeedbackRecord> => {
          const [d, u, comments] = await Promise.all([
            store.score(storeKeys.votes('down'), command),
            store.score(storeKeys.votes('up'), command),
            store.recent<FeedbackComment>(storeKeys.comments(command), commentsEach),
          ]);
          return { command, down: d, up: u, comments: comments.filter(isComment) };
        }),
      );
      return records.sort((a, b) => b.down - a.down || b.up - a.up);
    });
  }
}

/** A moderator list could not be read: the store is away. */
export class StoreUnavailable extends Error {
  readonly code = 'store_unavailable';
  constructor(what: string) {
    super(`bot: the store is unavailable for ${what}`);
    this.name = 'StoreUnavailable';
  }
}

/** What the bot answered, as a gap listing shows it. */
function answeredAs(answer: Answer): string {
  if (answer.intent !== 'unknown') return answer.title.slice(0, 120);
  return answer.suggestions.length > 0 ? `did you mean ${answer.suggestions.slice(0, 3).join(' or ')}?` : 'not understood';
}

/** The same question however it was typed: lower case, words only, as the counter's member. */
export function gapMember(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, GAP_CHARS);
}

function isContext(value: unknown): value is ConversationContext {
  if (typeof value !== 'object' || value === null) return false;
  const { roles, topic } = value as Record<string, unknown>;
  return Array.isArray(roles) && roles.every((r) => typeof r === 'string') && (topic === undefined || typeof topic === 'string');
}

function isComment(value: unknown): value is FeedbackComment {
  if (typeof value !== 'object' || value === null) return false;
  const { text, at } = value as Record<string, unknown>;
  return typeof text === 'string' && typeof at === 'number';
}

/** How long a delivery is remembered: Slack's last retry comes about 5 minutes after the first. */
export const dedupTtlMs = 60 * 60_000;
/** How long "this person voted on this answer" is remembered. */
export const voteTtlMs = 180 * 24 * 60 * 60_000;
/** How long what was asked for a gap is kept after it was last asked. */
export const gapDetailTtlMs = 180 * 24 * 60 * 60_000;
export const defaultStoreTimeoutMs = 1_000;
/** Most distinct questions (and answers with votes) ranked; past it the store drops the lowest. */
export const maxRanked = 5_000;
