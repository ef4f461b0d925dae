/**
 * A decorator that reports every store operation to the Metrics port (timed, failures counted) without the store
 * implementations knowing. Answers, votes and rate limits are counted in the bot layer (src/bot/interactions.ts).
 */
import type { RateLimiter, Store } from '../store/types.ts';
import type { Metrics } from './index.ts';

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;
const UNTIMED = new Set(['kind', 'rateLimiter', 'close']);

/** The same store, timing every operation (`get`, `setIfAbsent`, …, and `rate` for rate-limiter hits) and counting failures. */
export function instrumentStore<S extends Store>(store: S, metrics: Metrics): S {
  const time = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await run();
      metrics.storeOperation({ operation, ms: performance.now() - started, ok: true });
      return result;
    } catch (error) {
      metrics.storeOperation({ operation, ms: performance.now() - started, ok: false });
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      if (property === 'rateLimiter') {
        return (options: Parameters<Store['rateLimiter']>[0]): RateLimiter => {
          const limiter = target.rateLimiter(options);
          return { consume: (key) => time('rate', () => limiter.consume(key)) };
        };
      }
      const method = (value as AsyncMethod).bind(target);
      if (UNTIMED.has(property)) return method;
      return (...args: unknown[]) => time(property, () => method(...args));
    },
  });
}
