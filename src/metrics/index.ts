/**
 * The Metrics port: what the bot layer, the adapters and the store report, as plain method calls. Only
 * prometheus.ts knows prom-client; everything else records through this interface (and {@link noMetrics} in tests
 * and in the console chat), so no module outside src/metrics imports a metrics library.
 */
export type MetricsPlatform = 'slack' | 'discord' | 'console' | (string & {});

export interface Metrics {
  /** One answer built by the core (every answer, whatever the platform or path), and how long the core took. */
  answer(event: { platform: MetricsPlatform; intent: string; unanswered: boolean; coreMs: number }): void;
  /** One platform request handled from arrival to the answer sent (or acknowledged), e.g. kind `command`, `button`. */
  handled(event: { platform: MetricsPlatform; kind: string; ms: number }): void;
  /** A 👍 / 👎 recorded (or refused as a repeat: `result`). */
  vote(event: { platform: MetricsPlatform; value: 'up' | 'down'; result: string }): void;
  /** A request refused by the per-person rate limit. */
  rateLimited(platform: MetricsPlatform): void;
  /** A call to the platform's API that failed (`status` 0 for a network error). */
  platformError(event: { platform: MetricsPlatform; status: number }): void;
  /** A call to the platform's API retried (rate limited, or a retryable failure). */
  platformRetry(platform: MetricsPlatform): void;
  /** One store operation: how long it took and whether it failed. */
  storeOperation(event: { operation: string; ms: number; ok: boolean }): void;
  /** The state of one gateway shard (Discord) or socket (Slack Socket Mode): up or not. */
  gatewayShard(event: { platform: MetricsPlatform; shard: number; up: boolean; reconnect?: boolean }): void;
  /** One request to `POST /discord/interactions`, by outcome (`answered`, `deferred`, `pong`, `refused`, `invalid`). */
  interactionRequest(outcome: string): void;
}

/** Records nothing. */
export const noMetrics: Metrics = {
  answer: () => undefined,
  handled: () => undefined,
  vote: () => undefined,
  rateLimited: () => undefined,
  platformError: () => undefined,
  platformRetry: () => undefined,
  storeOperation: () => undefined,
  gatewayShard: () => undefined,
  interactionRequest: () => undefined,
};
