/**
 * The embedded database, the default store: one SQLite file (`career-advisor.db` under `DATA_DIR`) through libsql,
 * whose prebuilt binary installs from the npm registry with no compiler. What must survive a restart lives here:
 * votes, feedback, unanswered questions with their counts and last-seen times.
 *
 * - WAL journal with `synchronous=NORMAL`: every write is committed when its call resolves, so a SIGTERM or a crash
 *   of the process loses nothing (only a power cut could drop the last commits); `close()` checkpoints the WAL into
 *   the main file.
 * - Each operation is one statement or one `BEGIN IMMEDIATE` transaction, so it is atomic against a second process
 *   on the same file too (`busy_timeout` waits for the other's write lock).
 * - TTL keys expire lazily on read and in a sweep (a timer plus every {@link sweepEveryWrites} writes).
 * - The schema is versioned with SQLite's `user_version` and an ordered list of {@link migrations}; each pending one
 *   runs once, in its own transaction, at open.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'libsql';
import { silentLogger, type Logger } from '../core/types.ts';
import { memoryRateLimiters, type RateLimiterCache } from './rate-limit.ts';
import { StoreError, type RankedMember, type RateLimiter, type RateLimiterOptions, type Store, type StoreHealth } from './types.ts';
import {
  checkInteger,
  checkLimit,
  checkRankArgs,
  checkTtl,
  closedError,
  counterValue,
  databaseFileName,
  decodeValue,
  defaultListLength,
  encodeValue,
} from './values.ts';

export { databaseFileName } from './values.ts';

export interface Migration {
  /** 1, 2, 3…: applied in order, each once; the database's `user_version` records the last one applied. */
  version: number;
  description: string;
  sql: string;
}

/** The schema, oldest first. Never edit an entry that has shipped: append a new one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'keys with expiry, sorted counters, bounded lists',
    sql: `
      CREATE TABLE kv (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        expires_at INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX kv_expires_at ON kv (expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE ranked (
        set_name   TEXT NOT NULL,
        member     TEXT NOT NULL,
        score      REAL NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (set_name, member)
      ) WITHOUT ROWID;
      CREATE INDEX ranked_top ON ranked (set_name, score DESC, updated_at DESC);
      CREATE TABLE list_entry (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        list  TEXT NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX list_entry_list ON list_entry (list, id);
    `,
  },
  {
    version: 2,
    description: 'index sorted counters by last update, for the maxMembers bound',
    sql: 'CREATE INDEX ranked_recent ON ranked (set_name, updated_at DESC);',
  },
];

/** Writes between two opportunistic sweeps of expired keys. */
export const sweepEveryWrites = 1_000;
/** Expired keys one sweep deletes at most, so a sweep never holds the write lock for long. */
const sweepBatch = 5_000;

export interface SqliteStoreOptions {
  /** The folder holding the database file; created when missing. */
  dataDir: string;
  now?: () => number;
  logger?: Logger;
  /** How often expired keys are swept, in ms; 0 turns the timer off. Default 60 s. */
  sweepIntervalMs?: number;
  /** How long a write waits for another connection's write lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** The schema (tests pass their own list to check that migrations run once). Default {@link migrations}. */
  migrations?: readonly Migration[];
}

type Db = InstanceType<typeof Database>;
type Row = Record<string, unknown>;

/** Opens (creating when needed) and migrates the database; one StoreError naming the path when it cannot. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const dir = resolve(options.dataDir);
  const path = join(dir, databaseFileName);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new StoreError('store_failed', `cannot use DATA_DIR ${dir}: ${reason(error)} (set DATA_DIR to a folder this process can write)`, {
      cause: error,
    });
  }
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw new StoreError('store_failed', `cannot open the database ${path}: ${reason(error)}`, { cause: error });
  }
  try {
    const mode = (db.prepare('PRAGMA journal_mode = WAL').get() as Row).journal_mode;
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}; PRAGMA synchronous = NORMAL;`);
    const applied = migrate(db, options.migrations ?? migrations, path);
    const logger = options.logger ?? silentLogger;
    if (mode !== 'wal')
      logger.warn({ event: 'store.sqlite_no_wal', path, mode }, 'the database could not switch to WAL; writes are slower');
    for (const m of applied)
      logger.info({ event: 'store.migrated', path, version: m.version, description: m.description }, 'database schema migrated');
    return new SqliteStore(db, path, options);
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    const notADatabase = (error as { code?: string }).code === 'SQLITE_NOTADB';
    const what = notADatabase ? 'the file is not a SQLite database (move it away or set DATA_DIR to another folder)' : reason(error);
    throw new StoreError('store_failed', `cannot use the database ${path}: ${what}`, { cause: error });
  }
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file is in the way',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  return (e.code && known[e.code]) ?? e.message ?? String(error);
}

/** Applies every pending migration inside one write transaction (a second process opening at the same moment waits
 * and then finds nothing to do). Returns what it applied. */
function migrate(db: Db, list: readonly Migration[], path: string): Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`store: migrations must be numbered 1, 2, 3… in order (found ${m.version} at position ${i + 1})`);
  });
  const latest = list.length;
  return db
    .transaction(() => {
      const current = Number((db.prepare('PRAGMA user_version').get() as Row).user_version);
      if (current > latest) {
        throw new StoreError(
          'store_failed',
          `the database ${path} has schema version ${current}, newer than this career-advisor knows (${latest}): upgrade career-advisor or set DATA_DIR to another folder`,
        );
      }
      const pending = list.slice(current);
      for (const m of pending) {
        db.exec(m.sql);
        db.exec(`PRAGMA user_version = ${m.version}`);
      }
      return pending;
    })
    .immediate();
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  /** The database file. */
  readonly path: string;
  private readonly db: Db;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly limiters: RateLimiterCache;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly sql;
  private writes = 0;
  private closed = false;

  constructor(db: Db, path: string, options: SqliteStoreOptions) {
    this.db = db;
    this.path = path;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.limiters = memoryRateLimiters(this.logger);
    const p = (source: string) => db.prepare(source);
    this.sql = {
      get: p('SELECT value, expires_at FROM kv WHERE key = ?'),
      dropExpired: p('DELETE FROM kv WHERE key = ? AND expires_at <= ?'),
      set: p(
        'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
      ),
      // One statement: stores when the key is absent, or present but expired; atomic across processes.
      setIfAbsent: p(
        'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= ?',
      ),
      delete: p('DELETE FROM kv WHERE key = ?'),
      updateValue: p('UPDATE kv SET value = ? WHERE key = ?'),
      rank: p(
        'INSERT INTO ranked (set_name, member, score, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (set_name, member) DO UPDATE SET score = score + excluded.score, updated_at = excluded.updated_at RETURNING score',
      ),
      // Keeps the member just ranked plus the `maxMembers - 1` most recently ranked others.
      trimRanked: p(
        'DELETE FROM ranked WHERE set_name = ? AND member IN (SELECT member FROM ranked WHERE set_name = ? AND member <> ? ORDER BY updated_at DESC, member DESC LIMIT -1 OFFSET ?)',
      ),
      top: p('SELECT member, score, updated_at FROM ranked WHERE set_name = ? ORDER BY score DESC, updated_at DESC, member ASC LIMIT ?'),
      score: p('SELECT score FROM ranked WHERE set_name = ? AND member = ?'),
      append: p('INSERT INTO list_entry (list, value) VALUES (?, ?)'),
      trim: p(
        'DELETE FROM list_entry WHERE list = ? AND id <= (SELECT id FROM list_entry WHERE list = ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
      ),
      recent: p('SELECT value FROM list_entry WHERE list = ? ORDER BY id DESC LIMIT ?'),
      sweep: p('DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expires_at <= ? LIMIT ?)'),
      ping: p('SELECT 1 AS ok'),
    };
    const every = options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.timer = setInterval(() => this.sweepQuietly(), every);
      this.timer.unref();
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.run(() => {
      const row = this.live(key);
      return row ? decodeValue<T>(row.value, key) : undefined;
    });
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    const text = encodeValue(value);
    const ttl = checkTtl(ttlMs);
    this.run(() => this.sql.set.run([key, text, this.expiry(ttl)]));
    this.wrote();
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const text = encodeValue(value);
    const ttl = checkTtl(ttlMs);
    const stored = this.run(() => this.sql.setIfAbsent.run([key, text, this.expiry(ttl), this.now()]).changes === 1);
    this.wrote();
    return stored;
  }

  async delete(key: string): Promise<void> {
    this.run(() => this.sql.delete.run([key]));
  }

  async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
    checkInteger(by, 'by');
    const ttl = checkTtl(ttlMs);
    const next = this.run(() =>
      this.db
        .transaction(() => {
          const row = this.live(key);
          if (!row) {
            this.sql.set.run([key, encodeValue(by), this.expiry(ttl)]);
            return by;
          }
          const value = counterValue(decodeValue(row.value, key), key) + by;
          this.sql.updateValue.run([encodeValue(value), key]);
          return value;
        })
        .immediate(),
    );
    this.wrote();
    return next;
  }

  async rank(set: string, member: string, by = 1, maxMembers?: number): Promise<number> {
    checkRankArgs(by, maxMembers);
    return this.run(() =>
      this.db
        .transaction(() => {
          const score = Number((this.sql.rank.get([set, member, by, this.now()]) as Row).score);
          if (maxMembers !== undefined) this.sql.trimRanked.run([set, set, member, maxMembers - 1]);
          return score;
        })
        .immediate(),
    );
  }

  async top(set: string, limit: number): Promise<RankedMember[]> {
    checkLimit(limit);
    return this.run(() =>
      (this.sql.top.all([set, limit]) as Row[]).map((r) => ({
        member: String(r.member),
        score: Number(r.score),
        updatedAt: Number(r.updated_at),
      })),
    );
  }

  async score(set: string, member: string): Promise<number> {
    return this.run(() => Number((this.sql.score.get([set, member]) as Row | undefined)?.score ?? 0));
  }

  async append(list: string, value: unknown, maxLength = defaultListLength): Promise<void> {
    checkLimit(maxLength, 'maxLength');
    const text = encodeValue(value);
    this.run(() =>
      this.db
        .transaction(() => {
          this.sql.append.run([list, text]);
          this.sql.trim.run([list, list, maxLength]);
        })
        .immediate(),
    );
  }

  async recent<T = unknown>(list: string, limit: number): Promise<T[]> {
    checkLimit(limit);
    return this.run(() => (this.sql.recent.all([list, limit]) as Row[]).map((r) => decodeValue<T>(String(r.value), list)));
  }

  /** Counts in this process (one process owns the file); run several processes on Redis to share limits. */
  rateLimiter(options: RateLimiterOptions): RateLimiter {
    return this.limiters.get(options);
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, detail: 'sqlite: closed' };
    try {
      this.sql.ping.get([]);
      return { ok: true };
    } catch (error) {
      return { ok: false, detail: `sqlite: ${reason(error)}` };
    }
  }

  /** Checkpoints the WAL into the database file and closes it. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (error) {
      // Another connection may hold the file: its own close checkpoints; nothing committed is lost either way.
      this.logger.warn({ event: 'store.checkpoint_failed', path: this.path, err: error }, 'could not checkpoint the database');
    }
    this.db.close();
  }

  /** Deletes up to one batch of expired keys; returns how many. */
  sweep(): number {
    if (this.closed) return 0;
    return this.sql.sweep.run([this.now(), sweepBatch]).changes;
  }

  private live(key: string): { value: string } | undefined {
    const row = this.sql.get.get([key]) as Row | undefined;
    if (!row) return undefined;
    if (row.expires_at !== null && Number(row.expires_at) <= this.now()) {
      this.sql.dropExpired.run([key, this.now()]);
      return undefined;
    }
    return { value: String(row.value) };
  }

  private expiry(ttlMs: number | undefined): number | null {
    return ttlMs === undefined ? null : this.now() + ttlMs;
  }

  private wrote(): void {
    this.writes += 1;
    if (this.writes % sweepEveryWrites === 0) this.sweepQuietly();
  }

  /** A sweep is housekeeping: its failure is logged, never handed to the caller whose write succeeded. */
  private sweepQuietly(): void {
    try {
      this.sweep();
    } catch (error) {
      this.logger.warn({ event: 'store.sweep_failed', path: this.path, err: error }, 'could not sweep expired keys');
    }
  }

  /** Runs a database call; a closed store or a database failure becomes a StoreError, a StoreError passes through. */
  private run<T>(call: () => T): T {
    if (this.closed) throw closedError(this.kind);
    try {
      return call();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      // Busy or locked means another connection held the write lock past busy_timeout: an outage, not a bug.
      const busy = /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: string }).code));
      throw new StoreError(busy ? 'store_unavailable' : 'store_failed', `sqlite ${this.path}: ${reason(error)}`, { cause: error });
    }
  }
}
