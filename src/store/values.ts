/**
 * What every Store implementation shares: the JSON value codec, argument checks and the defaults, so memory, the
 * embedded database and Redis agree on what a value, a TTL and a count are.
 */
import { StoreError } from './types.ts';

/** The embedded database's file, under `DATA_DIR`. */
export const databaseFileName = 'career-advisor.db';

/** Entries an {@link Store.append} list keeps when the caller gives no `maxLength`. */
export const defaultListLength = 1_000;

/** Values are stored as JSON text everywhere, so every implementation hands back the same shapes (a Date becomes its
 * ISO string, `undefined` properties disappear) and a caller can never mutate what was stored. */
export function encodeValue(value: unknown): string {
  if (value === undefined) throw new TypeError('store: cannot store undefined (delete the key instead)');
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('store: value is not JSON-serialisable');
  return text;
}

export function decodeValue<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreError('store_failed', `${where} does not hold JSON`, { cause: error });
  }
}

/** A TTL in whole milliseconds (Redis PX takes integers), at least 1. */
export function checkTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`store: ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

export function checkInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`store: ${name} must be a whole number, got ${value}`);
  return value;
}

export function checkLimit(limit: number, name = 'limit'): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`store: ${name} must be a whole number ≥ 0, got ${limit}`);
  return limit;
}

export function checkRankArgs(by: number, maxMembers: number | undefined): void {
  if (!Number.isFinite(by)) throw new RangeError(`store: by must be a number, got ${by}`);
  if (maxMembers !== undefined && (!Number.isSafeInteger(maxMembers) || maxMembers < 1)) {
    throw new RangeError(`store: maxMembers must be a whole number ≥ 1, got ${maxMembers}`);
  }
}

/** The integer a counter key holds, or a StoreError when the key holds something else. */
export function counterValue(current: unknown, key: string): number {
  if (typeof current === 'number' && Number.isSafeInteger(current)) return current;
  throw new StoreError('store_failed', `increment: ${key} does not hold a whole number`);
}

/** Orders ranked members: highest score first, ties newest `updatedAt` first, then by member for a stable order. */
export function compareRanked(
  a: { member: string; score: number; updatedAt: number },
  b: { member: string; score: number; updatedAt: number },
): number {
  return b.score - a.score || b.updatedAt - a.updatedAt || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0);
}

export function closedError(kind: string): StoreError {
  return new StoreError('store_unavailable', `the ${kind} store is closed`);
}

/** `redis://user:secret@host:6379/2` → `redis://host:6379/2`: what may appear in a message or a log line. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || '6379'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '(an unparseable URL)';
  }
}
