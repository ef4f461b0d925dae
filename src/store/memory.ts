/**
 * The memory store: tests and `--ephemeral` runs. One TTL map for keys (expired entries vanish on read and in a
 * periodic sweep), one map of sorted counters and one of bounded lists. Nothing survives the process. Values are kept
 * as JSON text, exactly like the other implementations, so a test against memory sees what production sees.
 */
import { silentLogger, type Logger } from '../core/types.ts';
import { memoryRateLimiters, type RateLimiterCache } from './rate-limit.ts';
import type { RankedMember, RateLimiter, RateLimiterOptions, Store, StoreHealth } from './types.ts';
import {
  checkInteger,
  checkRankArgs,
  checkLimit,
  checkTtl,
  closedError,
  compareRanked,
  counterValue,
  decodeValue,
  defaultListLength,
  encodeValue,
} from './values.ts';

export interface MemoryStoreOptions {
  /** The clock, epoch ms (tests pass a fake one). Default `Date.now`. */
  now?: () => number;
  logger?: Logger;
  /** At most this many keys; past it the oldest-written key is dropped, so a long `--ephemeral` run stays bounded.
   * Default {@link defaultMaxKeys}. */
  maxKeys?: number;
  /** How often expired keys are swept, in ms; 0 turns the timer off (reads still drop them). Default 60 s. */
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  expiresAt: number | undefined;
}

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly now: () => number;
  private readonly maxKeys: number;
  private readonly keys = new Map<string, Entry>();
  private readonly ranks = new Map<string, Map<string, { score: number; updatedAt: number }>>();
  private readonly lists = new Map<string, string[]>();
  private readonly limiters: RateLimiterCache;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? defaultMaxKeys;
    this.limiters = memoryRateLimiters(options.logger ?? silentLogger);
    const every = options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const entry = this.live(key);
    return entry ? decodeValue<T>(entry.value, key) : undefined;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.open();
    this.write(key, encodeValue(value), checkTtl(ttlMs));
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const text = encodeValue(value);
    const ttl = checkTtl(ttlMs);
    if (this.live(key)) return false;
    this.write(key, text, ttl);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.open();
    this.keys.delete(key);
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    checkInteger(by, 'by');
    const ttl = checkTtl(ttlMs);
    const entry = this.live(key);
    if (!entry) {
      this.write(key, encodeValue(by), ttl);
      return by;
    }
    const next = counterValue(decodeValue(entry.value, key), key) + by;
    entry.value = encodeValue(next);
    return next;
  }

  async rank(set: string, member: string, by = 1, maxMembers?: number): Promise<number> {
    this.open();
    checkRankArgs(by, maxMembers);
    let members = this.ranks.get(set);
    if (!members) this.ranks.set(set, (members = new Map()));
    const score = (members.get(member)?.score ?? 0) + by;
    // Delete first so the Map's order is least recently ranked first: the bound below drops from the front.
    members.delete(member);
    members.set(member, { score, updatedAt: this.now() });
    if (maxMembers !== undefined) {
      for (const oldest of members.keys()) {
        if (members.size <= maxMembers) break;
        members.delete(oldest);
      }
    }
    return score;
  }

  async top(set: string, limit: number): Promise<RankedMember[]> {
    this.open();
    checkLimit(limit);
    const members = [...(this.ranks.get(set) ?? new Map<string, { score: number; updatedAt: number }>())].map(([member, m]) => ({
      member,
      ...m,
    }));
    return members.sort(compareRanked).slice(0, limit);
  }

  async score(set: string, member: string): Promise<number> {
    this.open();
    return this.ranks.get(set)?.get(member)?.score ?? 0;
  }

  async append(list: string, value: unknown, maxLength = defaultListLength): Promise<void> {
    this.open();
    checkLimit(maxLength, 'maxLength');
    const text = encodeValue(value);
    let entries = this.lists.get(list);
    if (!entries) this.lists.set(list, (entries = []));
    entries.push(text);
    if (entries.length > maxLength) entries.splice(0, entries.length - maxLength);
  }

  async recent<T = unknown>(list: string, limit: number): Promise<T[]> {
    this.open();
    checkLimit(limit);
    const entries = this.lists.get(list) ?? [];
    return entries
      .slice(Math.max(0, entries.length - limit))
      .reverse()
      .map((text) => decodeValue<T>(text, list));
  }

  rateLimiter(options: RateLimiterOptions): RateLimiter {
    return this.limiters.get(options);
  }

  async health(): Promise<StoreHealth> {
    return this.closed ? { ok: false, detail: 'memory: closed' } : { ok: true };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Drops every expired key; returns how many. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [key, entry] of this.keys) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        this.keys.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private open(): void {
    if (this.closed) throw closedError(this.kind);
  }

  private live(key: string): Entry | undefined {
    this.open();
    const entry = this.keys.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.keys.delete(key);
      return undefined;
    }
    return entry;
  }

  private write(key: string, value: string, ttlMs: number | undefined): void {
    // Delete first so the Map's insertion order is write order: the eviction below drops the oldest write.
    this.keys.delete(key);
    this.keys.set(key, { value, expiresAt: ttlMs === undefined ? undefined : this.now() + ttlMs });
    if (this.keys.size > this.maxKeys) {
      this.sweep();
      for (const oldest of this.keys.keys()) {
        if (this.keys.size <= this.maxKeys) break;
        this.keys.delete(oldest);
      }
    }
  }
}

/** The memory store's key bound. */
export const defaultMaxKeys = 100_000;
