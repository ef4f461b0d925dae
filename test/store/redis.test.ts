import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createStore, StoreError, type Store } from '../../src/store/index.ts';
import { recordingLogger } from '../helpers.ts';
import { describeRedis, startRedis, type RedisServer } from '../helpers/redis.ts';
import { fakeClock, runStoreContract } from './contract.ts';

const open: Store[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

function redisStore(url: string, prefix: string, deps: Parameters<typeof createStore>[1] = {}, commandTimeoutMs?: number): Promise<Store> {
  return createStore(
    { kind: 'redis', redisUrl: url, redisKeyPrefix: prefix, ...(commandTimeoutMs ? { commandTimeoutMs } : {}) },
    deps,
  ).then((store) => {
    open.push(store);
    return store;
  });
}

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeRedis('redis store', () => {
  let shared: RedisServer;
  beforeAll(async () => {
    shared = await startRedis();
  });
  afterAll(async () => {
    await shared?.stop();
  });

  // Each case gets its own key prefix on the shared server: as isolated as a fresh Redis, much cheaper.
  runStoreContract('redis', async () => {
    const clock = fakeClock();
    const prefix = `test:${randomUUID()}:`;
    const make = () => createStore({ kind: 'redis', redisUrl: shared.url, redisKeyPrefix: prefix }, { now: clock.now });
    return { store: await make(), clock, realTtl: true, another: make, sharesRateLimits: true, cleanup: async () => {} };
  });

  it('keeps every key under REDIS_KEY_PREFIX, with TTLs in Redis', async () => {
    const prefix = `career-advisor-${randomUUID()}:`;
    const store = await redisStore(shared.url, prefix);
    await store.set('ctx:slack:T1:C1:U1', { role: 'lead' }, 60_000);
    await store.set('vote:U1:A1', 'up');
    await store.increment('count', 1, 60_000);
    await store.rank('gaps', 'q');
    await store.append('feedback', { vote: 'down' });
    await store.rateLimiter({ name: 'ask', points: 5, windowMs: 60_000 }).consume('slack:T1:U1');
    const raw = new Redis(shared.url);
    try {
      const keys = (await raw.keys(`${prefix}*`)).sort();
      expect(keys).toEqual(
        [
          `${prefix}kv:count`,
          `${prefix}kv:ctx:slack:T1:C1:U1`,
          `${prefix}kv:vote:U1:A1`,
          `${prefix}list:feedback`,
          `${prefix}rank-at:gaps`,
          `${prefix}rank:gaps`,
          `${prefix}rl:ask:slack:T1:U1`,
        ].sort(),
      );
      const ttl = await raw.pttl(`${prefix}kv:ctx:slack:T1:C1:U1`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await raw.pttl(`${prefix}kv:vote:U1:A1`)).toBe(-1);
      expect(await raw.get(`${prefix}kv:ctx:slack:T1:C1:U1`)).toBe('{"role":"lead"}');
    } finally {
      raw.disconnect();
    }
  });

  it('at startup, an unreachable REDIS_URL rejects with one StoreError naming it without the password', async () => {
    const gone = await startRedis();
    const port = gone.port;
    await gone.stop();
    const url = `redis://:hunter2-very-secret@127.0.0.1:${port}/2`;
    const error = await createStore({ kind: 'redis', redisUrl: url, redisKeyPrefix: 'x:' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('store_unavailable');
    expect((error as StoreError).message).toBe(
      `store: cannot reach Redis at REDIS_URL redis://127.0.0.1:${port}/2: connection refused (is Redis running there?)`,
    );
    expect(String((error as StoreError).message)).not.toContain('hunter2');
  });

  it('at startup, a wrong password says authentication failed, without the password', async () => {
    const guarded = await startRedis({ password: 'right-password' });
    try {
      const url = `redis://:wrong-password@127.0.0.1:${guarded.port}`;
      const error = (await createStore({ kind: 'redis', redisUrl: url, redisKeyPrefix: 'x:' }).catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toContain(`REDIS_URL redis://127.0.0.1:${guarded.port}`);
      expect(error.message).toContain('authentication failed');
      expect(error.message).not.toContain('wrong-password');
      const ok = await redisStore(guarded.url, 'x:');
      expect(await ok.health()).toEqual({ ok: true });
    } finally {
      await guarded.stop();
    }
  });

  it('while Redis is down: health false, commands fail at once with StoreError, rate limits fall back; all recover after restart', async () => {
    const server = await startRedis({ appendonly: true });
    const logger = recordingLogger();
    // A command timeout far beyond the test's: a failure can only come from failing fast, never from waiting.
    const store = await redisStore(server.url, 'outage:', { logger }, 600_000);
    await store.set('kept', { across: 'restart' });
    const limiter = store.rateLimiter({ name: 'ask', points: 2, windowMs: 60_000 });
    expect((await limiter.consume('u')).allowed).toBe(true);

    await server.stop();
    await until(async () => !(await store.health()).ok, 'health to turn false');
    const health = await store.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/^redis: /);
    await expect(store.get('kept')).rejects.toMatchObject({ name: 'StoreError', code: 'store_unavailable' });
    await expect(store.set('k', 1)).rejects.toBeInstanceOf(StoreError);
    await expect(store.setIfAbsent('k', 1, 1_000)).rejects.toBeInstanceOf(StoreError);
    await expect(store.rank('gaps', 'q')).rejects.toBeInstanceOf(StoreError);
    // The in-memory insurance limiter keeps a per-process limit: never a rejection, never a wait.
    const during = [await limiter.consume('v'), await limiter.consume('v'), await limiter.consume('v')];
    expect(during.map((d) => d.allowed)).toEqual([true, true, false]);
    // Logged once as an outage (no crash from the client's error events), repeats only at debug. The client's close
    // event may arrive after the first failed command, so wait for the line before counting.
    const outageLines = () => logger.records.filter((r) => r.level === 'warn' && r.obj.event === 'store.redis_unreachable');
    await until(async () => outageLines().length > 0, 'the outage to be logged');
    expect(outageLines()).toHaveLength(1);

    await server.restart();
    await until(async () => (await store.health()).ok, 'health to recover');
    expect(await store.get('kept')).toEqual({ across: 'restart' });
    await store.set('after', 2);
    expect(await store.get('after')).toBe(2);
    expect(logger.records.some((r) => r.obj.event === 'store.redis_reconnected')).toBe(true);
    await server.stop();
  });

  it('a hung Redis (no reply, connection open) fails each command after the command timeout, then recovers', async () => {
    const server = await startRedis();
    const store = await redisStore(server.url, 'hung:', {}, 300);
    await store.set('k', 'v');
    server.pause();
    try {
      await expect(store.get('k')).rejects.toMatchObject({ name: 'StoreError', code: 'store_unavailable' });
      expect((await store.health()).ok).toBe(false);
      const decision = await store.rateLimiter({ name: 'ask', points: 5, windowMs: 60_000 }).consume('u');
      expect(decision.allowed).toBe(true);
    } finally {
      server.resume();
    }
    await until(async () => (await store.health()).ok, 'health after resume');
    expect(await store.get('k')).toBe('v');
    await server.stop();
  });

  it('commands in flight when Redis is killed settle (a value or a StoreError), none hangs', async () => {
    const server = await startRedis();
    const store = await redisStore(server.url, 'crash:', {}, 600_000);
    const calls = Array.from({ length: 300 }, (_, i) =>
      store.increment(`n${i % 7}`).then(
        () => 'ok',
        (e: unknown) => (e instanceof StoreError ? 'store-error' : `other: ${String(e)}`),
      ),
    );
    await server.kill();
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((o) => o === 'ok' || o === 'store-error')).toBe(true);
    await expect(store.get('n0')).rejects.toBeInstanceOf(StoreError);
  });
});
