/**
 * A bounded, expiring set of keys: which event ids were already handled (Slack retries a slow delivery up to three
 * times) and which user already voted on which answer. Oldest keys go first when it is full, so memory stays flat
 * however long the process runs.
 */
export interface RecentKeysOptions {
  /** How long a key is remembered. */
  ttlMs: number;
  /** Most keys remembered at once. */
  maxKeys: number;
  now?: () => number;
}

export class RecentKeys {
  private readonly keys = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: RecentKeysOptions) {
    this.now = options.now ?? Date.now;
  }

  has(key: string): boolean {
    const expires = this.keys.get(key);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.keys.delete(key);
    return false;
  }

  /** Remembers `key`; returns false when it was already there (so `if (!seen.add(id)) return` drops repeats). */
  add(key: string): boolean {
    if (this.has(key)) return false;
    this.keys.set(key, this.now() + this.options.ttlMs);
    while (this.keys.size > this.options.maxKeys) this.keys.delete(this.keys.keys().next().value as string);
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}
