import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryContextStore } from '../../src/core/context/store.ts';
import type { ConversationContext } from '../../src/core/types.ts';

/** The plain reading of the contract: an array in least-recently-set order, expired entries dropped when read. */
class ReferenceStore {
  private readonly order: Array<{ id: string; context: ConversationContext; expires: number }> = [];
  constructor(
    private readonly ttlMs: number,
    private readonly maxSize: number,
    private readonly now: () => number,
  ) {}
  get(id: string): ConversationContext | undefined {
    const i = this.order.findIndex((e) => e.id === id);
    if (i < 0) return undefined;
    if ((this.order[i]?.expires ?? 0) <= this.now()) {
      this.order.splice(i, 1);
      return undefined;
    }
    return this.order[i]?.context;
  }
  set(id: string, context: ConversationContext): void {
    this.delete(id);
    this.order.push({ id, context, expires: this.now() + this.ttlMs });
    while (this.order.length > this.maxSize) this.order.shift();
  }
  delete(id: string): void {
    const i = this.order.findIndex((e) => e.id === id);
    if (i >= 0) this.order.splice(i, 1);
  }
  get size(): number {
    return this.order.length;
  }
}

type Op = { kind: 'get' | 'set' | 'delete'; id: number } | { kind: 'tick'; ms: number };

describe('MemoryContextStore', () => {
  it('evicts exactly the least recently set conversation, like the plain model, over any sequence of operations', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constantFrom('get' as const, 'set' as const, 'delete' as const), id: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 300 }), (maxSize, ops) => {
        let time = 0;
        const now = () => time;
        const store = new MemoryContextStore({ ttlMs: 100, maxSize, now });
        const reference = new ReferenceStore(100, maxSize, now);
        ops.forEach((o, n) => {
          if (o.kind === 'tick') time += o.ms;
          else if (o.kind === 'set') {
            const context: ConversationContext = { roles: [`r${n}`] };
            store.set(`c${o.id}`, context);
            reference.set(`c${o.id}`, context);
          } else if (o.kind === 'delete') {
            store.delete(`c${o.id}`);
            reference.delete(`c${o.id}`);
          } else expect(store.get(`c${o.id}`)).toBe(reference.get(`c${o.id}`));
          expect(store.size).toBe(reference.size);
        });
        for (let id = 0; id <= 12; id++) expect(store.get(`c${id}`)).toBe(reference.get(`c${id}`));
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it("keeps the newest conversations at its size over many evictions (the cursor survives the map's rehashes)", () => {
    const store = new MemoryContextStore({ maxSize: 1_000 });
    for (let i = 0; i < 50_000; i++) store.set(`c${i}`, { roles: [] });
    expect(store.size).toBe(1_000);
    expect(store.get('c48999')).toBeUndefined();
    expect(store.get('c49000')).toEqual({ roles: [] });
    expect(store.get('c49999')).toEqual({ roles: [] });
  });
});
