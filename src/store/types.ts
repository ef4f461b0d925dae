/**
 * The `Store` port: every piece of state the bot keeps (follow-up context, event de-duplication, votes, feedback,
 * unanswered questions, long-button payloads, rate limits) goes through it. Modelled on the Chat SDK's state adapter:
 * small, generic operations that memory, an embedded database and Redis can all implement atomically.
 *
 * Values are JSON-serialisable and stored as JSON text by every implementation: what comes back is a copy (a Date
 * as its ISO string); `undefined` or a function is a TypeError. Keys are plain strings that callers build with
 * `src/bot/keys.ts` (e.g. `ctx:slack:T1:C1:U1`). Keys, sorted counters and lists are three separate namespaces
 * (`delete` removes a key only). Implementations add their own prefix (`REDIS_KEY_PREFIX`) where the storage is
 * shared. Bad arguments (a TTL ≤ 0, a fractional increment) are a RangeError.
 * Every method may reject with a {@link StoreError} when the backing service is unreachable: callers in `src/bot`
 * catch it, log it and degrade (answer without context, allow the request) rather than fail a member's question.
 */

export type StoreKind = 'memory' | 'sqlite' | 'redis';

/** A member of a sorted counter, as {@link Store.top} returns it. */
export interface RankedMember {
  member: string;
  /** The counter's value. */
  score: number;
  /** Epoch ms of the last {@link Store.rank} call for this member (used to break ties, newest first). */
  updatedAt: number;
}

/** What a rate limiter says about one attempt. */
export interface RateDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until the next attempt would be allowed. */
  retryAfterMs: number;
  /** Attempts left in the current window (0 when refused). */
  remaining: number;
}

export interface RateLimiter {
  /** Records one attempt for `key` and decides. Never rejects: when the store is unreachable it allows (fail open). */
  consume(key: string): Promise<RateDecision>;
}

export interface RateLimiterOptions {
  /** A short name that keeps this limiter's keys apart from others', e.g. `ask`. */
  name: string;
  /** Attempts allowed per window. */
  points: number;
  /** Window length in ms, rounded up to whole seconds (at least 1 s): rate-limiter-flexible counts in seconds. */
  windowMs: number;
}

export interface StoreHealth {
  ok: boolean;
  /** Why not, when `ok` is false, e.g. `redis: connection refused`. */
  detail?: string;
}

export interface Store {
  readonly kind: StoreKind;

  /** The value stored at `key`, or `undefined` when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores `value` at `key`, replacing any value; expires after `ttlMs` when given. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Stores `value` only when `key` is absent (or expired); true when it stored. Atomic across processes. */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Adds `by` (default 1) to the integer at `key` (0 when absent) and returns the new value; atomic. A `ttlMs`
   * sets the expiry when the counter is created (the first increment), not on later ones. */
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;

  /** Adds `by` (default 1) to `member` of the sorted counter `set`; records now as its `updatedAt`; returns the new
   * score. Atomic. With `maxMembers`, the set then keeps only that many members, dropping the least recently ranked
   * (a bound for sets that grow with every new question; a member ranked now is never the one dropped). */
  rank(set: string, member: string, by?: number, maxMembers?: number): Promise<number>;
  /** The `limit` highest members of `set`, highest score first, ties newest `updatedAt` first. */
  top(set: string, limit: number): Promise<RankedMember[]>;
  /** The score of one member, or 0. */
  score(set: string, member: string): Promise<number>;

  /** Appends `value` to the list `list`, keeping only the newest `maxLength` entries (default 1,000). */
  append(list: string, value: unknown, maxLength?: number): Promise<void>;
  /** The newest `limit` entries of `list`, newest first. */
  recent<T = unknown>(list: string, limit: number): Promise<T[]>;

  /** A rate limiter whose counts live in this store (rate-limiter-flexible underneath), shared by every process
   * that shares the store. */
  rateLimiter(options: RateLimiterOptions): RateLimiter;

  /** Whether the store answers now (for `/readyz`). Never rejects. */
  health(): Promise<StoreHealth>;
  /** Flushes what is pending and releases the connection or file. Idempotent. */
  close(): Promise<void>;
}

/** One error type for every implementation, so callers can tell a store outage from a bug. */
export class StoreError extends Error {
  readonly code: 'store_unavailable' | 'store_failed';

  constructor(code: StoreError['code'], message: string, options?: { cause?: unknown }) {
    super(`store: ${message}`, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
