/**
 * Per-user rate limiting as a port with an in-memory default: a sliding window of the last minute. Adapters ask
 * before calling the advisor and answer a friendly "slow down" when the limit is reached.
 */
export interface RateLimiter {
  /** Records one attempt for `key` and says whether it is allowed; `retryAfterMs` tells when the next one will be. */
  take(key: string): { allowed: boolean; retryAfterMs: number };
}

export interface MemoryRateLimiterOptions {
  /** Attempts allowed per window. Default 10. */
  limit?: number;
  /** Window length. Default 60 s. */
  windowMs?: number;
  /** Most keys tracked at once; the least recently seen go first. Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: MemoryRateLimiterOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  take(key: string): { allowed: boolean; retryAfterMs: number } {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.hits.delete(key);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterMs: this.windowMs - (now - (recent[0] ?? now)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
    return { allowed: true, retryAfterMs: 0 };
  }
}
