/**
 * Rate limits through rate-limiter-flexible (a well-kept library with atomic memory and Redis limiters) behind the
 * port's small {@link RateLimiter}: `consume(key)` never rejects. A refusal is a decision; a store failure allows the
 * attempt (fail open: a member is never blocked because Redis is down) and is logged once per outage.
 */
import { createRequire } from 'node:module';
import type * as Flexible from 'rate-limiter-flexible';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/types.ts';
import type { RateDecision, RateLimiter, RateLimiterOptions } from './types.ts';

// The package's index loads every limiter it has (Mongo, Postgres, Dynamo…): about 45 ms on the console's cold start.
// Its files load one by one in 3 ms, and resolve to the same modules the index would (one RateLimiterRes class).
const load = createRequire(import.meta.url);
const RateLimiterMemory = load('rate-limiter-flexible/lib/RateLimiterMemory.js') as typeof Flexible.RateLimiterMemory;
const RateLimiterRes = load('rate-limiter-flexible/lib/RateLimiterRes.js') as typeof Flexible.RateLimiterRes;

/** rate-limiter-flexible counts windows in whole seconds (its Redis limiter floors them): round up, at least 1 s. */
function windowSeconds(windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`store: rate limiter windowMs must be positive, got ${windowMs}`);
  return Math.max(1, Math.ceil(windowMs / 1000));
}

function checkOptions(options: RateLimiterOptions): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(options.name))
    throw new RangeError(`store: rate limiter name must be 1-64 letters, digits, '_', '.' or '-', got ${JSON.stringify(options.name)}`);
  if (!Number.isSafeInteger(options.points) || options.points < 1)
    throw new RangeError(`store: rate limiter points must be a whole number ≥ 1, got ${options.points}`);
}

function wrap(limiter: RateLimiterAbstract, name: string, logger: Logger): RateLimiter {
  let failing = false;
  return {
    async consume(key: string): Promise<RateDecision> {
      try {
        const res = await limiter.consume(key);
        failing = false;
        return { allowed: true, retryAfterMs: 0, remaining: res.remainingPoints };
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) {
          failing = false;
          return { allowed: false, retryAfterMs: Math.max(1, outcome.msBeforeNext), remaining: 0 };
        }
        if (!failing)
          logger.warn({ event: 'store.rate_limit_failed', limiter: name, err: outcome }, 'rate limiter unavailable: allowing requests');
        failing = true;
        return { allowed: true, retryAfterMs: 0, remaining: 0 };
      }
    },
  };
}

/** Limiters keyed by their options, so two `rateLimiter({ name: 'ask', … })` calls on one store share counts. */
export class RateLimiterCache {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly make: (options: RateLimiterOptions, seconds: number) => RateLimiter) {}

  get(options: RateLimiterOptions): RateLimiter {
    checkOptions(options);
    const seconds = windowSeconds(options.windowMs);
    const id = `${options.name}:${options.points}:${seconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = this.make(options, seconds);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

/** Counts in this process only: the memory store's, and the embedded database's (one process owns the file). */
export function memoryRateLimiters(logger: Logger): RateLimiterCache {
  return new RateLimiterCache((options, seconds) =>
    wrap(new RateLimiterMemory({ keyPrefix: options.name, points: options.points, duration: seconds }), options.name, logger),
  );
}

/** Counts in Redis under `keyPrefix` (shared by every process on that Redis), with an in-memory insurance limiter
 * that takes over at once while Redis is not ready, so members keep a per-process limit instead of none or a wait. */
export function redisRateLimiters(client: Redis, keyPrefix: string, logger: Logger): RateLimiterCache {
  return new RateLimiterCache((options, seconds) => {
    const insuranceLimiter = new RateLimiterMemory({ keyPrefix: options.name, points: options.points, duration: seconds });
    const RateLimiterRedis = load('rate-limiter-flexible/lib/RateLimiterRedis.js') as typeof Flexible.RateLimiterRedis;
    const limiter = new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${keyPrefix}rl:${options.name}`,
      points: options.points,
      duration: seconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter,
    });
    return wrap(limiter, options.name, logger);
  });
}
