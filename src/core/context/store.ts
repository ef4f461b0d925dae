/**
 * Per-conversation memory for follow-ups ("what about a lead?"): the roles and topic of the last answer, forgotten
 * after a time-to-live and bounded in size (least recently used first out). The store is a port, so a deployment
 * with several processes can swap in a shared one.
 */
import type { ConversationContext } from '../types.ts';

export type { ConversationContext } from '../types.ts';

export interface ContextStore {
  get(conversationId: string): ConversationContext | undefined;
  set(conversationId: string, context: ConversationContext): void;
  delete(conversationId: string): void;
}

export interface MemoryContextStoreOptions {
  /** How long a conversation is remembered after its last question. Default {@link defaultContextTtlMs}. */
  ttlMs?: number;
  /** Most conversations kept at once. Default {@link defaultContextMaxSize}. */
  maxSize?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

export class MemoryContextStore implements ContextStore {
  private readonly entries = new Map<string, { context: ConversationContext; expires: number }>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;
  /**
   * A live iterator over the keys in insertion order, kept between evictions. `keys().next()` afresh would scan the
   * holes every eviction leaves at the front of the map's table (V8 compacts it only on a rehash): at 10,000
   * conversations that made each new one cost 40–80 µs. Everything before the cursor has been evicted or moved to
   * the end, so its next key is the least recently used.
   */
  private cursor: Iterator<string> | undefined;

  constructor(options: MemoryContextStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? defaultContextTtlMs;
    this.maxSize = options.maxSize ?? defaultContextMaxSize;
    this.now = options.now ?? Date.now;
  }

  get(conversationId: string): ConversationContext | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(conversationId);
      return undefined;
    }
    return entry.context;
  }

  set(conversationId: string, context: ConversationContext): void {
    this.entries.delete(conversationId);
    this.entries.set(conversationId, { context, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxSize) {
      let next = this.cursor?.next();
      // A finished iterator stays finished: start a new one (the map never empties while it is over its size).
      if (!next || next.done) {
        this.cursor = this.entries.keys();
        next = this.cursor.next();
      }
      if (next.done) break;
      this.entries.delete(next.value);
    }
  }

  delete(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  get size(): number {
    return this.entries.size;
  }
}

export const defaultContextTtlMs = 30 * 60_000;
export const defaultContextMaxSize = 10_000;
