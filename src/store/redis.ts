/**
 * The Redis store (`REDIS_URL` set): every piece of shared state in Redis under `REDIS_KEY_PREFIX`, so several
 * processes behave as one bot. TTLs are Redis's own (`PX`); compound operations are Lua scripts, atomic across
 * processes.
 *
 * Failure behaviour, which callers rely on:
 * - at startup an unreachable Redis rejects `openRedisStore` with one StoreError naming `REDIS_URL` (scheme,
 *   host:port and database only, never the password);
 * - at runtime nothing waits for a reconnect: the offline queue is off, a command on a connection that is not ready
 *   fails at once with a `store_unavailable` StoreError, and one that gets no reply fails after `commandTimeoutMs`;
 * - the client's `error` events are logged (once per outage, then quietly at debug), never thrown; the client keeps
 *   reconnecting in the background and commands work again as soon as Redis is back.
 *
 * Key layout under the prefix: `kv:<key>`, `rank:<set>` (a sorted set of scores) with `rank-at:<set>` (a sorted set
 * of updatedAt), `list:<list>`, `rl:<limiter>:<key>` (rate-limiter-flexible). Not for Redis Cluster: a script touches
 * two keys of one set.
 */
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../core/types.ts';
import { redisRateLimiters, type RateLimiterCache } from './rate-limit.ts';
import { StoreError, type RankedMember, type RateLimiter, type RateLimiterOptions, type Store, type StoreHealth } from './types.ts';
import {
  checkInteger,
  checkLimit,
  checkRankArgs,
  checkTtl,
  closedError,
  compareRanked,
  decodeValue,
  defaultListLength,
  encodeValue,
  redactRedisUrl,
} from './values.ts';

export interface RedisStoreOptions {
  /** `redis://` or `rediss://` (TLS). */
  url: string;
  /** Prepended to every key. */
  keyPrefix: string;
  logger?: Logger;
  /** The clock for rank `updatedAt` (TTLs run on Redis's clock). Default `Date.now`. */
  now?: () => number;
  /** A command with no reply by then fails. Default {@link defaultCommandTimeoutMs}. */
  commandTimeoutMs?: number;
  /** How long startup waits for Redis to answer. Default {@link defaultConnectTimeoutMs}. */
  connectTimeoutMs?: number;
}

export const defaultCommandTimeoutMs = 1_000;
export const defaultConnectTimeoutMs = 5_000;

const scripts = {
  /** INCRBY that sets the expiry only when it creates the counter. */
  caIncrement: {
    numberOfKeys: 1,
    lua: `
      local existed = redis.call('EXISTS', KEYS[1])
      local value = redis.call('INCRBY', KEYS[1], ARGV[1])
      local ttl = tonumber(ARGV[2])
      if existed == 0 and ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
      return value`,
  },
  /** ZINCRBY plus the member's updatedAt (a second sorted set, by time), and the optional bound: drop the least
   * recently ranked members beyond `max` (never the one ranked now). */
  caRank: {
    numberOfKeys: 2,
    lua: `
      local score = redis.call('ZINCRBY', KEYS[1], ARGV[2], ARGV[1])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
      local max = tonumber(ARGV[4])
      if max > 0 then
        local excess = redis.call('ZCARD', KEYS[2]) - max
        if excess > 0 then
          local removed = 0
          for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess)) do
            if removed < excess and member ~= ARGV[1] then
              redis.call('ZREM', KEYS[1], member)
              redis.call('ZREM', KEYS[2], member)
              removed = removed + 1
            end
          end
        end
      end
      return score`,
  },
  /** The top `limit` members plus every member tied with the lowest of them, each with its updatedAt, so the caller
   * can break ties newest first (Redis orders ties by member, not by time). */
  caTop: {
    numberOfKeys: 2,
    lua: `
      local limit = tonumber(ARGV[1])
      local head = redis.call('ZREVRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
      if #head == 0 then return {} end
      local lowest = head[#head]
      local picked = {}
      for i = 1, #head, 2 do
        if head[i + 1] ~= lowest then table.insert(picked, head[i]); table.insert(picked, head[i + 1]) end
      end
      for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], lowest, lowest)) do
        table.insert(picked, member); table.insert(picked, lowest)
      end
      local out = {}
      for i = 1, #picked, 2 do
        table.insert(out, picked[i]); table.insert(out, picked[i + 1])
        table.insert(out, redis.call('ZSCORE', KEYS[2], picked[i]) or '0')
      end
      return out`,
  },
  /** LPUSH and trim to the newest `maxLength`. */
  caAppend: {
    numberOfKeys: 1,
    lua: `
      local max = tonumber(ARGV[2])
      redis.call('LPUSH', KEYS[1], ARGV[1])
      if max == 0 then redis.call('DEL', KEYS[1]) else redis.call('LTRIM', KEYS[1], 0, max - 1) end
      return 1`,
  },
} as const;

type ScriptClient = Redis & {
  caIncrement(key: string, by: number, ttlMs: number): Promise<number>;
  caRank(set: string, at: string, member: string, by: number, now: number, maxMembers: number): Promise<string>;
  caTop(set: string, at: string, limit: number): Promise<string[]>;
  caAppend(list: string, value: string, maxLength: number): Promise<number>;
};

/** Connects and checks Redis answers; one StoreError naming REDIS_URL (without password) when it does not. */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisStore> {
  const where = redactRedisUrl(options.url);
  const logger = options.logger ?? silentLogger;
  let lastError: Error | undefined;
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? defaultCommandTimeoutMs,
    connectTimeout: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
    maxRetriesPerRequest: 0,
    // Reconnect forever, backing off to one attempt every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  }) as ScriptClient;
  // Until the store takes over the listener, remember why the first connection failed.
  const onStartupError = (error: Error) => void (lastError = error);
  client.on('error', onStartupError);
  for (const [name, script] of Object.entries(scripts)) client.defineCommand(name, script);

  const deadline = options.connectTimeoutMs ?? defaultConnectTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${deadline} ms`)), deadline);
      }),
    ]);
    await client.ping();
  } catch (error) {
    // The client may still report the failed socket after this: keep a listener so that can never crash the process.
    client.on('error', () => {});
    client.disconnect();
    const cause = lastError ?? (error as Error);
    throw new StoreError('store_unavailable', `cannot reach Redis at REDIS_URL ${where}: ${describeError(cause)}`, { cause });
  } finally {
    clearTimeout(timer);
    client.off('error', onStartupError);
  }
  return new RedisStore(client, where, options, logger);
}

function describeError(error: Error): string {
  const message = error.message || String(error);
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused (is Redis running there?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (/WRONGPASS|NOAUTH|invalid username-password/i.test(message)) return 'authentication failed (check the password in REDIS_URL)';
  return message;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  private readonly client: ScriptClient;
  private readonly prefix: string;
  private readonly where: string;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly limiters: RateLimiterCache;
  private outage: string | undefined;
  private closed = false;

  constructor(client: ScriptClient, where: string, options: RedisStoreOptions, logger: Logger) {
    this.client = client;
    this.where = where;
    this.prefix = options.keyPrefix;
    this.now = options.now ?? Date.now;
    this.logger = logger;
    this.limiters = redisRateLimiters(client, this.prefix, logger);
    client.on('error', (error: Error) => this.lost(describeError(error), error));
    client.on('close', () => this.lost('connection closed'));
    client.on('ready', () => {
      if (this.outage === undefined) return;
      this.outage = undefined;
      this.logger.info({ event: 'store.redis_reconnected', redis: this.where }, 'Redis is reachable again');
    });
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const text = await this.call(() => this.client.get(this.kv(key)));
    return text === null ? undefined : decodeValue<T>(text, key);
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    const text = encodeValue(value);
    const ttl = checkTtl(ttlMs);
    await this.call(() => (ttl === undefined ? this.client.set(this.kv(key), text) : this.client.set(this.kv(key), text, 'PX', ttl)));
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const text = encodeValue(value);
    const ttl = checkTtl(ttlMs) ?? 1;
    return (await this.call(() => this.client.set(this.kv(key), text, 'PX', ttl, 'NX'))) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.client.del(this.kv(key)));
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    checkInteger(by, 'by');
    const ttl = checkTtl(ttlMs) ?? 0;
    return Number(await this.call(() => this.client.caIncrement(this.kv(key), by, ttl)));
  }

  async rank(set: string, member: string, by = 1, maxMembers?: number): Promise<number> {
    checkRankArgs(by, maxMembers);
    return Number(
      await this.call(() => this.client.caRank(this.key('rank', set), this.key('rank-at', set), member, by, this.now(), maxMembers ?? 0)),
    );
  }

  async top(set: string, limit: number): Promise<RankedMember[]> {
    checkLimit(limit);
    if (limit === 0) return [];
    const flat = await this.call(() => this.client.caTop(this.key('rank', set), this.key('rank-at', set), limit));
    const members: RankedMember[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3)
      members.push({ member: String(flat[i]), score: Number(flat[i + 1]), updatedAt: Number(flat[i + 2]) });
    return members.sort(compareRanked).slice(0, limit);
  }

  async score(set: string, member: string): Promise<number> {
    return Number((await this.call(() => this.client.zscore(this.key('rank', set), member))) ?? 0);
  }

  async append(list: string, value: unknown, maxLength = defaultListLength): Promise<void> {
    checkLimit(maxLength, 'maxLength');
    const text = encodeValue(value);
    await this.call(() => this.client.caAppend(this.key('list', list), text, maxLength));
  }

  async recent<T = unknown>(list: string, limit: number): Promise<T[]> {
    checkLimit(limit);
    if (limit === 0) return [];
    const texts = await this.call(() => this.client.lrange(this.key('list', list), 0, limit - 1));
    return texts.map((text) => decodeValue<T>(text, list));
  }

  /** Counts in Redis, shared by every process on it; while Redis is unreachable an in-memory limiter per process
   * takes over (members keep a limit, nobody is blocked or kept waiting). */
  rateLimiter(options: RateLimiterOptions): RateLimiter {
    return this.limiters.get(options);
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, detail: 'redis: closed' };
    try {
      await this.call(() => this.client.ping());
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: `redis: ${(error as Error).message.replace(/^store: /, '')}` };
    }
  }

  /** Sends QUIT (Redis acknowledges once every earlier command is done), or drops the socket if that fails. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.removeAllListeners('ready');
    this.client.removeAllListeners('close');
    try {
      if (this.client.status === 'ready') await this.client.quit();
    } catch {
      // Already gone: nothing is pending that a disconnect would lose.
    } finally {
      this.client.disconnect();
    }
  }

  private kv(key: string): string {
    return this.key('kv', key);
  }

  private key(space: string, name: string): string {
    return `${this.prefix}${space}:${name}`;
  }

  /** Runs one command: fails at once while the connection is not ready; maps every failure to a StoreError. */
  private async call<T>(command: () => Promise<T>): Promise<T> {
    if (this.closed) throw closedError(this.kind);
    if (this.client.status !== 'ready') {
      throw new StoreError('store_unavailable', `Redis at ${this.where} is unreachable (${this.outage ?? this.client.status})`);
    }
    try {
      return await command();
    } catch (error) {
      if ((error as Error).name === 'ReplyError') {
        throw new StoreError('store_failed', `Redis at ${this.where} refused a command: ${(error as Error).message}`, { cause: error });
      }
      throw new StoreError('store_unavailable', `Redis at ${this.where} is unreachable (${(error as Error).message})`, { cause: error });
    }
  }

  private lost(why: string, error?: Error): void {
    if (this.closed) return;
    if (this.outage === undefined) {
      this.outage = why;
      this.logger.warn(
        { event: 'store.redis_unreachable', redis: this.where, reason: why, ...(error ? { err: error } : {}) },
        'Redis is unreachable: answering without shared state until it is back',
      );
    } else {
      this.logger.debug({ event: 'store.redis_unreachable', redis: this.where, reason: why }, 'Redis still unreachable');
    }
  }
}
