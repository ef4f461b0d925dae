import { describe, expect, it } from 'vitest';
import { createStore, MemoryStore } from '../../src/store/index.ts';
import { fakeClock, runStoreContract } from './contract.ts';

runStoreContract('memory', async () => {
  const clock = fakeClock();
  const store = await createStore({ kind: 'memory' }, { now: clock.now });
  return { store, clock, realTtl: false, sweep: () => (store as MemoryStore).sweep(), cleanup: async () => {} };
});

describe('memory store', () => {
  it('stays within maxKeys by dropping expired keys first, then the oldest writes', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now, maxKeys: 3, sweepIntervalMs: 0 });
    await store.set('expiring', 0, 10);
    await store.set('a', 1);
    await store.set('b', 2);
    clock.advance(10);
    await store.set('c', 3);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([1, 2, 3]);
    await store.set('a', 11); // rewriting makes 'a' the newest
    await store.set('d', 4);
    expect(await store.get('b')).toBeUndefined();
    expect([await store.get('a'), await store.get('c'), await store.get('d')]).toEqual([11, 3, 4]);
    await store.close();
  });
});
