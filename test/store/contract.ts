/**
 * The Store contract: one suite of behaviours every implementation must show, run by memory.test.ts,
 * sqlite.test.ts and redis.test.ts with their own fixture. Time comes from a fake clock injected as `now`; where the
 * backend keeps TTLs on its own clock (Redis), `realTtl` makes `elapse` also sleep for real, with short TTLs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError, type Store } from '../../src/store/index.ts';

export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface StoreFixture {
  store: Store;
  clock: FakeClock;
  /** True when TTLs run on the backend's own clock (Redis): tests then wait for real. */
  realTtl: boolean;
  /** Another store on the same backing storage (a second process's view), when the implementation has one. */
  another?: () => Promise<Store>;
  /** Whether rate limits are shared between `store` and `another()` stores. */
  sharesRateLimits?: boolean;
  /** Drops expired keys now, returning how many (the periodic sweep), where the implementation has one. */
  sweep?: () => number;
  cleanup(): Promise<void>;
}

export function runStoreContract(name: string, setup: () => Promise<StoreFixture>): void {
  describe(`Store contract: ${name}`, () => {
    let fx: StoreFixture;
    let store: Store;
    const opened: Store[] = [];

    beforeEach(async () => {
      fx = await setup();
      store = fx.store;
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await fx.store.close();
      await fx.cleanup();
    });

    async function another(): Promise<Store | undefined> {
      if (!fx.another) return undefined;
      const s = await fx.another();
      opened.push(s);
      return s;
    }
    /** Moves time on: the fake clock always, and real time too where the backend keeps its own. */
    async function elapse(ms: number): Promise<void> {
      fx.clock.advance(ms);
      if (fx.realTtl) await sleep(ms);
    }
    /** A TTL short enough to wait out for real, long enough to be set and read back first on a busy machine. */
    const shortTtl = () => (fx.realTtl ? 300 : 1_000);
    const longTtl = 10 * 60_000;

    describe('values', () => {
      it('returns undefined for a key never set', async () => {
        expect(await store.get('nothing-here')).toBeUndefined();
      });

      it('round-trips JSON values of every shape', async () => {
        const values: unknown[] = [
          { role: 'staff-ml-architect', topic: 'salary', n: 3, nested: { list: [1, 'two', null, true] } },
          ['a', 1, false],
          'plain text with ünïcödé, emoji 🚀 and "quotes"\nnewline',
          42,
          -0.5,
          true,
          false,
          null,
          '',
        ];
        for (const [i, value] of values.entries()) {
          await store.set(`v:${i}`, value);
          expect(await store.get(`v:${i}`)).toEqual(value);
        }
      });

      it('stores a JSON copy: a Date comes back as its ISO string, later mutation does not leak in', async () => {
        const at = new Date(Date.UTC(2026, 1, 2, 3, 4, 5));
        const value = { at, items: ['a'] };
        await store.set('copy', value);
        value.items.push('b');
        expect(await store.get('copy')).toEqual({ at: at.toISOString(), items: ['a'] });
      });

      it('refuses undefined and non-JSON values with a TypeError', async () => {
        await expect(store.set('u', undefined)).rejects.toThrow(TypeError);
        await expect(store.set('f', () => 1)).rejects.toThrow(TypeError);
      });

      it('replaces on set and removes on delete; deleting an absent key is fine', async () => {
        await store.set('k', 1);
        await store.set('k', { two: 2 });
        expect(await store.get('k')).toEqual({ two: 2 });
        await store.delete('k');
        expect(await store.get('k')).toBeUndefined();
        await store.delete('k');
        await store.delete('never-existed');
      });

      it('keeps keys, sorted counters and lists in separate namespaces', async () => {
        await store.set('same', 'value');
        await store.rank('same', 'm');
        await store.append('same', 'entry');
        expect(await store.get('same')).toBe('value');
        expect(await store.score('same', 'm')).toBe(1);
        expect(await store.recent('same', 10)).toEqual(['entry']);
        await store.delete('same');
        expect(await store.score('same', 'm')).toBe(1);
      });
    });

    describe('expiry', () => {
      it('expires a key set with a TTL and keeps one set without', async () => {
        await store.set('short', 'a', shortTtl());
        await store.set('long', 'b', longTtl);
        await store.set('forever', 'c');
        expect(await store.get('short')).toBe('a');
        await elapse(shortTtl() + 200);
        expect(await store.get('short')).toBeUndefined();
        expect(await store.get('long')).toBe('b');
        expect(await store.get('forever')).toBe('c');
      });

      it('expires exactly at the TTL on the injected clock', async () => {
        if (fx.realTtl) return; // the backend's own clock: covered by the test above
        await store.set('edge', 1, 1_000);
        fx.clock.advance(999);
        expect(await store.get('edge')).toBe(1);
        fx.clock.advance(1);
        expect(await store.get('edge')).toBeUndefined();
      });

      it('sweeps expired keys without a read', async () => {
        if (!fx.sweep) return; // Redis expires keys by itself
        await store.set('a', 1, 1_000);
        await store.set('b', 2, 5_000);
        await store.set('c', 3);
        fx.clock.advance(1_000);
        expect(fx.sweep()).toBe(1);
        fx.clock.advance(4_000);
        expect(fx.sweep()).toBe(1);
        expect(fx.sweep()).toBe(0);
        expect(await store.get('c')).toBe(3);
      });

      it('a later set without a TTL makes the key permanent; with one, restarts the countdown', async () => {
        await store.set('k', 1, shortTtl());
        await store.set('k', 2);
        await store.set('j', 1, shortTtl());
        await store.set('j', 2, longTtl);
        await elapse(shortTtl() + 200);
        expect(await store.get('k')).toBe(2);
        expect(await store.get('j')).toBe(2);
      });

      it('rejects a TTL that is not a positive number', async () => {
        await expect(store.set('k', 1, 0)).rejects.toThrow(RangeError);
        await expect(store.setIfAbsent('k', 1, -5)).rejects.toThrow(RangeError);
        await expect(store.increment('k', 1, Number.NaN)).rejects.toThrow(RangeError);
      });
    });

    describe('setIfAbsent', () => {
      it('stores only when absent, and again once the first value expired', async () => {
        expect(await store.setIfAbsent('once', 'first', shortTtl())).toBe(true);
        expect(await store.setIfAbsent('once', 'second', shortTtl())).toBe(false);
        expect(await store.get('once')).toBe('first');
        await elapse(shortTtl() + 200);
        expect(await store.setIfAbsent('once', 'third', longTtl)).toBe(true);
        expect(await store.get('once')).toBe('third');
      });

      it('does not overwrite a key written by set', async () => {
        await store.set('taken', 'mine');
        expect(await store.setIfAbsent('taken', 'yours', longTtl)).toBe(false);
        expect(await store.get('taken')).toBe('mine');
      });

      it('lets exactly one of many concurrent callers win', async () => {
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.setIfAbsent('race', i, longTtl)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.get('race')).toBe(results.indexOf(true));
      });

      it('lets exactly one win across two stores on the same storage', async () => {
        const other = await another();
        if (!other) return;
        for (let round = 0; round < 5; round++) {
          const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).setIfAbsent(`race2:${round}`, i, longTtl));
          const results = await Promise.all(calls);
          expect(results.filter(Boolean)).toHaveLength(1);
        }
      });
    });

    describe('increment', () => {
      it('starts from 0, adds 1 by default, or any whole number', async () => {
        expect(await store.increment('n')).toBe(1);
        expect(await store.increment('n')).toBe(2);
        expect(await store.increment('n', 10)).toBe(12);
        expect(await store.increment('n', -3)).toBe(9);
        expect(await store.get('n')).toBe(9);
      });

      it('is atomic under many concurrent calls', async () => {
        const results = await Promise.all(Array.from({ length: 100 }, () => store.increment('many')));
        expect(new Set(results).size).toBe(100);
        expect(Math.max(...results)).toBe(100);
        expect(await store.get('many')).toBe(100);
      });

      it('is atomic across two stores on the same storage', async () => {
        const other = await another();
        if (!other) return;
        await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? store : other).increment('shared')));
        expect(await store.get('shared')).toBe(60);
        expect(await other.get('shared')).toBe(60);
      });

      it('sets the TTL when the counter is created, not on later increments', async () => {
        expect(await store.increment('window', 1, shortTtl())).toBe(1);
        expect(await store.increment('window', 1, longTtl)).toBe(2);
        await elapse(shortTtl() + 200);
        expect(await store.get('window')).toBeUndefined();
        expect(await store.increment('window', 1, longTtl)).toBe(1);
      });

      it('refuses to count on a key that holds something else, and a fractional step', async () => {
        await store.set('text', 'hello');
        await expect(store.increment('text')).rejects.toThrow(StoreError);
        expect(await store.get('text')).toBe('hello');
        await expect(store.increment('n', 1.5)).rejects.toThrow(RangeError);
      });
    });

    describe('sorted counters', () => {
      it('counts members and lists the highest first', async () => {
        expect(await store.rank('gaps', 'a')).toBe(1);
        fx.clock.advance(1);
        expect(await store.rank('gaps', 'b', 5)).toBe(5);
        fx.clock.advance(1);
        expect(await store.rank('gaps', 'c', 2)).toBe(2);
        fx.clock.advance(1);
        expect(await store.rank('gaps', 'a', 2)).toBe(3);
        const top = await store.top('gaps', 10);
        expect(top.map((m) => [m.member, m.score])).toEqual([
          ['b', 5],
          ['a', 3],
          ['c', 2],
        ]);
        expect(top.find((m) => m.member === 'a')?.updatedAt).toBe(fx.clock.now());
        expect(await store.score('gaps', 'a')).toBe(3);
        expect(await store.score('gaps', 'nobody')).toBe(0);
        expect(await store.score('no-such-set', 'a')).toBe(0);
      });

      it('breaks ties newest first, also at the limit boundary', async () => {
        for (const member of ['old', 'middle', 'new']) {
          await store.rank('ties', member, 2);
          fx.clock.advance(1_000);
        }
        await store.rank('ties', 'highest', 9);
        fx.clock.advance(1_000);
        // 'old' is bumped last but to the same score as the others: now it is the newest of the tie.
        await store.rank('ties', 'old', 0);
        expect((await store.top('ties', 10)).map((m) => m.member)).toEqual(['highest', 'old', 'new', 'middle']);
        expect((await store.top('ties', 2)).map((m) => m.member)).toEqual(['highest', 'old']);
        expect((await store.top('ties', 3)).map((m) => m.member)).toEqual(['highest', 'old', 'new']);
      });

      it('honours the limit and answers an empty set with []', async () => {
        for (let i = 0; i < 30; i++) await store.rank('big', `m${i}`, i + 1);
        const top = await store.top('big', 5);
        expect(top.map((m) => m.score)).toEqual([30, 29, 28, 27, 26]);
        expect(await store.top('big', 0)).toEqual([]);
        expect(await store.top('empty', 5)).toEqual([]);
      });

      it('is atomic under concurrent calls', async () => {
        await Promise.all(Array.from({ length: 50 }, () => store.rank('hot', 'q')));
        expect(await store.score('hot', 'q')).toBe(50);
        const other = await another();
        if (!other) return;
        await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).rank('hot', 'q')));
        expect(await other.score('hot', 'q')).toBe(90);
      });

      it('with maxMembers, keeps that many, dropping the least recently ranked', async () => {
        for (const member of ['a', 'b', 'c', 'd']) {
          await store.rank('bounded', member, 10, 3);
          fx.clock.advance(1);
        }
        expect((await store.top('bounded', 10)).map((m) => m.member).sort()).toEqual(['b', 'c', 'd']);
        await store.rank('bounded', 'b', 1, 3); // b is now the most recent
        fx.clock.advance(1);
        await store.rank('bounded', 'e', 1, 3);
        expect((await store.top('bounded', 10)).map((m) => m.member).sort()).toEqual(['b', 'd', 'e']);
        expect(await store.score('bounded', 'c')).toBe(0);
        expect(await store.score('bounded', 'b')).toBe(11);
      });

      it('with maxMembers, never drops the member just ranked, even when every time is equal', async () => {
        for (let i = 0; i < 6; i++) {
          await store.rank('same-time', `m${i}`, 1, 2);
          expect(await store.score('same-time', `m${i}`)).toBe(1);
          expect((await store.top('same-time', 10)).length).toBeLessThanOrEqual(2);
        }
        await expect(store.rank('same-time', 'x', 1, 0)).rejects.toThrow(RangeError);
      });

      it('keeps members with any text, including separators and unicode', async () => {
        const member = 'what does a "staff ml architect" earn? | ünïcödé:{}\n';
        await store.rank('odd', member);
        expect((await store.top('odd', 1))[0]?.member).toBe(member);
      });
    });

    describe('lists', () => {
      it('lists the newest first, up to the limit', async () => {
        for (let i = 1; i <= 5; i++) await store.append('fb', { n: i });
        expect(await store.recent('fb', 3)).toEqual([{ n: 5 }, { n: 4 }, { n: 3 }]);
        expect(await store.recent('fb', 100)).toHaveLength(5);
        expect(await store.recent('fb', 0)).toEqual([]);
        expect(await store.recent('nothing', 5)).toEqual([]);
      });

      it('keeps only the newest maxLength entries', async () => {
        for (let i = 1; i <= 10; i++) await store.append('bounded', i, 4);
        expect(await store.recent('bounded', 100)).toEqual([10, 9, 8, 7]);
      });

      it('keeps 1,000 entries by default', async () => {
        await Promise.all(Array.from({ length: 1_005 }, (_, i) => store.append('default', i)));
        const all = await store.recent<number>('default', 2_000);
        expect(all).toHaveLength(1_000);
      });

      it('loses no entry to concurrent appends', async () => {
        const other = await another();
        await Promise.all(Array.from({ length: 40 }, (_, i) => (other && i % 2 ? other : store).append('busy', i)));
        const all = await store.recent<number>('busy', 100);
        expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      });
    });

    describe('rate limiter', () => {
      it('allows `points` attempts per window per key, then refuses with a retry time', async () => {
        const limiter = store.rateLimiter({ name: 'ask', points: 3, windowMs: 60_000 });
        const decisions = [];
        for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('slack:T1:U1'));
        expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
          [true, 2],
          [true, 1],
          [true, 0],
          [false, 0],
        ]);
        expect(decisions[3]?.retryAfterMs).toBeGreaterThan(0);
        expect(decisions[3]?.retryAfterMs).toBeLessThanOrEqual(60_000);
        expect((await limiter.consume('slack:T1:U2')).allowed).toBe(true);
      });

      it('keeps limiters with different names apart, and shares one name', async () => {
        const a = store.rateLimiter({ name: 'ask', points: 1, windowMs: 60_000 });
        const b = store.rateLimiter({ name: 'vote', points: 1, windowMs: 60_000 });
        expect((await a.consume('u')).allowed).toBe(true);
        expect((await b.consume('u')).allowed).toBe(true);
        expect((await store.rateLimiter({ name: 'ask', points: 1, windowMs: 60_000 }).consume('u')).allowed).toBe(false);
      });

      it('allows again once the window has passed', async () => {
        const limiter = store.rateLimiter({ name: 'window', points: 1, windowMs: 1_000 });
        expect((await limiter.consume('u')).allowed).toBe(true);
        const refused = await limiter.consume('u');
        expect(refused.allowed).toBe(false);
        await sleep(refused.retryAfterMs + 100);
        expect((await limiter.consume('u')).allowed).toBe(true);
      });

      it('shares counts between stores on the same storage', async () => {
        if (!fx.sharesRateLimits) return;
        const other = await another();
        if (!other) return;
        const options = { name: 'shared', points: 4, windowMs: 60_000 };
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).rateLimiter(options).consume('slack:T1:U1')),
        );
        expect(results.filter((d) => d.allowed)).toHaveLength(4);
      });

      it('rejects a bad name or points', () => {
        expect(() => store.rateLimiter({ name: 'with space', points: 1, windowMs: 1_000 })).toThrow(RangeError);
        expect(() => store.rateLimiter({ name: 'ok', points: 0, windowMs: 1_000 })).toThrow(RangeError);
      });
    });

    describe('lifecycle', () => {
      it('is healthy while open; close is idempotent; a closed store rejects with StoreError', async () => {
        expect(await store.health()).toEqual({ ok: true });
        await store.close();
        await store.close();
        expect((await store.health()).ok).toBe(false);
        await expect(store.get('k')).rejects.toThrow(StoreError);
        await expect(store.set('k', 1)).rejects.toMatchObject({ code: 'store_unavailable' });
      });
    });
  });
}
