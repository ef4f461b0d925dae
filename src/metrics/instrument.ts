/**
 * Decorators that report to the Metrics port without the decorated modules knowing: the advisor (every answer, from
 * every platform and path, goes through `advisor.handle`) and the store (every operation, timed, failures counted).
 */
import { lowConfidence, type Advisor } from '../core/advisor.ts';
import type { RateLimiter, Store } from '../store/types.ts';
import type { Metrics } from './index.ts';

/** The same advisor, reporting each answer: platform, intent, whether it is a gap, and the core's time. */
export function instrumentAdvisor(advisor: Advisor, metrics: Metrics): Advisor {
  return Object.assign(Object.create(advisor) as Advisor, {
    handle(request: Parameters<Advisor['handle']>[0]) {
      const started = performance.now();
      const answer = advisor.handle(request);
      metrics.answer({
        platform: request.platform,
        intent: answer.intent,
        unanswered: answer.intent === 'unknown' || answer.confidence < lowConfidence,
        coreMs: performance.now() - started,
      });
      return answer;
    },
  });
}

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
