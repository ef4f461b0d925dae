/**
 * The Metrics port on prom-client, served as `GET /metrics` (Prometheus text format, no auth: keep PORT off the public
 * internet or filter the path at the proxy). Node and process metrics keep their default names (no prefix); the bot's
 * own are `career_advisor_*`. Each instance has its own registry, so tests can run several side by side.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from './index.ts';

export const METRICS_PATH = '/metrics';

/** Seconds: answers take microseconds to milliseconds in the core, and up to the 3 s platform deadline end to end. */
const CORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];
const END_TO_END_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface PrometheusMetrics {
  metrics: Metrics;
  registry: Registry;
  /** `GET /metrics`; false for any other path. */
  route: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export function createPrometheusMetrics(options: { defaultMetrics?: boolean } = {}): PrometheusMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const answers = new Counter({
    name: 'career_advisor_answers_total',
    help: 'Answers built, by platform and intent (every answer: gateway, HTTP, console).',
    labelNames: ['platform', 'intent'],
    registers,
  });
  const unanswered = new Counter({
    name: 'career_advisor_unanswered_total',
    help: 'Answers that were unknown or low confidence (gaps), by platform.',
    labelNames: ['platform'],
    registers,
  });
  const core = new Histogram({
    name: 'career_advisor_answer_core_seconds',
    help: 'Time the core took to build an answer.',
    labelNames: ['platform'],
    buckets: CORE_BUCKETS,
    registers,
  });
  const endToEnd = new Histogram({
    name: 'career_advisor_answer_seconds',
    help: 'Time from a platform request arriving to its answer sent or acknowledged.',
    labelNames: ['platform', 'kind'],
    buckets: END_TO_END_BUCKETS,
    registers,
  });
  const votes = new Counter({
    name: 'career_advisor_votes_total',
    help: 'Answer feedback votes, by value and result (recorded, repeat, unavailable).',
    labelNames: ['platform', 'value', 'result'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'career_advisor_rate_limited_total',
    help: 'Requests refused by the per-person rate limit.',
    labelNames: ['platform'],
    registers,
  });
  const apiErrors = new Counter({
    name: 'career_advisor_platform_api_errors_total',
    help: 'Failed calls to the Slack or Discord API, by HTTP status (0: network).',
    labelNames: ['platform', 'status'],
    registers,
  });
  const apiRetries = new Counter({
    name: 'career_advisor_platform_api_retries_total',
    help: 'Calls to the Slack or Discord API that were retried (rate limits, retryable failures).',
    labelNames: ['platform'],
    registers,
  });
  const storeErrors = new Counter({
    name: 'career_advisor_store_errors_total',
    help: 'Store operations that failed, by operation.',
    labelNames: ['operation'],
    registers,
  });
  const storeLatency = new Histogram({
    name: 'career_advisor_store_operation_seconds',
    help: 'Store operation latency, by operation.',
    labelNames: ['operation'],
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers,
  });
  const shardUp = new Gauge({
    name: 'career_advisor_gateway_shard_up',
    help: '1 while a gateway shard (Discord) or socket (Slack) is connected and ready.',
    labelNames: ['platform', 'shard'],
    registers,
  });
  const reconnects = new Counter({
    name: 'career_advisor_gateway_reconnects_total',
    help: 'Times a gateway shard or socket lost its connection.',
    labelNames: ['platform', 'shard'],
    registers,
  });
  const interactionRequests = new Counter({
    name: 'career_advisor_discord_http_interactions_total',
    help: 'Requests to POST /discord/interactions, by outcome (answered, deferred, pong, refused, invalid).',
    labelNames: ['outcome'],
    registers,
  });

  const metrics: Metrics = {
    answer: ({ platform, intent, unanswered: gap, coreMs }) => {
      answers.inc({ platform, intent });
      unanswered.inc({ platform }, gap ? 1 : 0);
      core.observe({ platform }, coreMs / 1000);
    },
    handled: ({ platform, kind, ms }) => endToEnd.observe({ platform, kind }, ms / 1000),
    vote: ({ platform, value, result }) => votes.inc({ platform, value, result }),
    rateLimited: (platform) => rateLimited.inc({ platform }),
    platformError: ({ platform, status }) => apiErrors.inc({ platform, status: String(status) }),
    platformRetry: (platform) => apiRetries.inc({ platform }),
    storeOperation: ({ operation, ms, ok }) => {
      storeLatency.observe({ operation }, ms / 1000);
      if (!ok) storeErrors.inc({ operation });
    },
    gatewayShard: ({ platform, shard, up, reconnect }) => {
      shardUp.set({ platform, shard: String(shard) }, up ? 1 : 0);
      if (reconnect) reconnects.inc({ platform, shard: String(shard) });
    },
    interactionRequest: (outcome) => interactionRequests.inc({ outcome }),
  };

  const route = (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.url ?? '').split('?')[0] !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics: collection failed\n');
      },
    );
    return true;
  };

  return { metrics, registry, route };
}
