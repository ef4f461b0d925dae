/**
 * The Store port and its factory. `createStore` picks the implementation from parsed config (`config.store`):
 * memory (tests, `--ephemeral`), the embedded database under `DATA_DIR` (the default), or Redis when `REDIS_URL` is
 * set. The embedded database and Redis load only when chosen, so the console's cold start pays for neither.
 */
import { join, resolve } from 'node:path';
import type { Logger } from '../core/types.ts';
import { MemoryStore } from './memory.ts';
import { databaseFileName, redactRedisUrl } from './values.ts';
import type { Store } from './types.ts';

export type { RankedMember, RateDecision, RateLimiter, RateLimiterOptions, Store, StoreHealth, StoreKind } from './types.ts';
export { StoreError } from './types.ts';
export { redactRedisUrl } from './values.ts';
export { MemoryStore, type MemoryStoreOptions } from './memory.ts';
export type { Migration, SqliteStore, SqliteStoreOptions } from './sqlite.ts';
export type { RedisStore, RedisStoreOptions } from './redis.ts';

/** Which store, and what it needs; `src/config.ts` builds it from `STORE`, `DATA_DIR`, `REDIS_URL`, `REDIS_KEY_PREFIX`. */
export type StoreConfig =
  | { kind: 'memory' }
  | {
      kind: 'sqlite';
      /** The folder holding `career-advisor.db`; created when missing. */
      dataDir: string;
    }
  | {
      kind: 'redis';
      /** `redis://` or `rediss://` URL, password included when Redis needs one. */
      redisUrl: string;
      /** Prepended to every key, so several bots (or other apps) can share one Redis. Default `career-advisor:`. */
      redisKeyPrefix: string;
      /** A command with no reply by then fails with a StoreError. Default 1,000 ms. */
      commandTimeoutMs?: number;
    };

/** What the process wires in, not what the operator configures. */
export interface StoreDeps {
  logger?: Logger;
  /** Epoch-ms clock for TTLs and rank times (tests pass a fake one). Redis keeps TTLs on its own clock. */
  now?: () => number;
}

/** What the store is, safe for a log line or `/readyz`: `memory`, `sqlite /abs/data/career-advisor.db`,
 * `redis redis://host:6379/0 (prefix career-advisor:)` (never the password). */
export function describeStore(config: StoreConfig): string {
  switch (config.kind) {
    case 'memory':
      return 'memory';
    case 'sqlite':
      return `sqlite ${join(resolve(config.dataDir), databaseFileName)}`;
    case 'redis':
      return `redis ${redactRedisUrl(config.redisUrl)} (prefix ${config.redisKeyPrefix})`;
  }
}

/**
 * Opens the configured store. Rejects with one {@link StoreError} whose message names what is wrong (the database
 * path, or `REDIS_URL` as host:port without its password) when the store cannot be opened or reached: callers print
 * `error.message` and exit, no stack trace needed.
 */
export async function createStore(config: StoreConfig, deps: StoreDeps = {}): Promise<Store> {
  switch (config.kind) {
    case 'memory':
      return new MemoryStore(deps);
    case 'sqlite': {
      const { openSqliteStore } = await import('./sqlite.ts');
      return openSqliteStore({ dataDir: config.dataDir, ...deps });
    }
    case 'redis': {
      const { openRedisStore } = await import('./redis.ts');
      return openRedisStore({
        url: config.redisUrl,
        keyPrefix: config.redisKeyPrefix,
        ...deps,
        ...(config.commandTimeoutMs ? { commandTimeoutMs: config.commandTimeoutMs } : {}),
      });
    }
  }
}
