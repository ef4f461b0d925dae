import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/interactions.ts';
import { silentLogger } from '../../src/core/types.ts';
import { instrumentStore } from '../../src/metrics/instrument.ts';
import { createPrometheusMetrics } from '../../src/metrics/prometheus.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';
import { realAdvisor } from '../helpers.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function scrapeable() {
  const prometheus = createPrometheusMetrics();
  const server = createServer((req, res) => {
    if (!prometheus.route(req, res)) res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scrape = async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  return { ...prometheus, base, scrape };
}

/** The value of one sample line, e.g. `career_advisor_answers_total{platform="slack",intent="salary"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    const have = labelPart === '' ? [] : labelPart.split(',');
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('serves default Node and process metrics without a prefix', async () => {
    const { scrape, base } = await scrapeable();
    const text = await scrape();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('counts every answer by platform and intent, gaps, core latency, rate limits and votes, in the bot layer', async () => {
    const { metrics, scrape } = await scrapeable();
    const bot = createBot({
      advisor: await realAdvisor(),
      store: new MemoryStore({ sweepIntervalMs: 0 }),
      logger: silentLogger,
      sharePolicy: 'moderators',
      ratePerMinute: 3,
      contextTtlMs: 60_000,
      metrics,
    });
    const slack = bot.for('slack', { maxControlLength: 2000 });
    const discord = bot.for('discord', { maxControlLength: 100 });
    const actor = (platform: 'slack' | 'discord', user: string) => ({ platform, tenant: 'T1', channel: 'C1', user });
    const known = await slack.handle({ kind: 'ask', actor: actor('slack', 'U1'), text: 'role lead-ml-architect salary', via: 'command' });
    const answer = known.replies[0];
    if (answer?.kind !== 'answer') throw new Error('no answer');
    await slack.handle({ kind: 'ask', actor: actor('slack', 'U1'), text: 'what is the best pizza topping in naples', via: 'command' });
    await discord.handle({ kind: 'ask', actor: actor('discord', 'U2'), text: 'help', via: 'command' });
    await slack.handle({ kind: 'ask', actor: actor('slack', 'U1'), text: 'help', via: 'command' });
    await slack.handle({ kind: 'ask', actor: actor('slack', 'U1'), text: 'help', via: 'command' }); // over 3 a minute
    const down = answer.controls.down as string;
    await slack.handle({ kind: 'control', actor: actor('slack', 'U3'), control: down, onPrivate: true, isModerator: async () => false });
    await slack.handle({ kind: 'control', actor: actor('slack', 'U3'), control: down, onPrivate: true, isModerator: async () => false });
    const text = await scrape();
    expect(sample(text, 'career_advisor_answers_total', { platform: 'slack', intent: answer.answer.intent })).toBe(1);
    expect(sample(text, 'career_advisor_answers_total', { platform: 'slack', intent: 'unknown' })).toBe(1);
    expect(sample(text, 'career_advisor_answers_total', { platform: 'slack', intent: 'help' })).toBe(1);
    expect(sample(text, 'career_advisor_answers_total', { platform: 'discord', intent: 'help' })).toBe(1);
    expect(sample(text, 'career_advisor_unanswered_total', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'career_advisor_unanswered_total', { platform: 'discord' })).toBe(0);
    expect(sample(text, 'career_advisor_answer_core_seconds_count', { platform: 'slack' })).toBe(3);
    expect(sample(text, 'career_advisor_rate_limited_total', { platform: 'slack' })).toBe(1);
    expect(sample(text, 'career_advisor_votes_total', { platform: 'slack', value: 'down', result: 'recorded' })).toBe(1);
    expect(sample(text, 'career_advisor_votes_total', { platform: 'slack', value: 'down', result: 'already' })).toBe(1);
  });

  it('times store operations and counts their failures', async () => {
    const { metrics, scrape } = await scrapeable();
    const store = instrumentStore(new MemoryStore(), metrics);
    await store.set('a', 1);
    expect(await store.get('a')).toBe(1);
    expect(await store.setIfAbsent('b', 1, 1_000)).toBe(true);
    expect((await store.rateLimiter({ name: 'ask', points: 1, windowMs: 60_000 }).consume('u')).allowed).toBe(true);
    const broken = instrumentStore(
      { ...new MemoryStore(), kind: 'memory', get: () => Promise.reject(new Error('down')) } as unknown as Store,
      metrics,
    );
    await expect(broken.get('x')).rejects.toThrow('down');
    const text = await scrape();
    expect(sample(text, 'career_advisor_store_operation_seconds_count', { operation: 'get' })).toBe(2);
    expect(sample(text, 'career_advisor_store_operation_seconds_count', { operation: 'rate' })).toBe(1);
    expect(sample(text, 'career_advisor_store_errors_total', { operation: 'get' })).toBe(1);
    expect(sample(text, 'career_advisor_store_errors_total', { operation: 'set' })).toBeUndefined();
    await store.close();
  });

  it('exposes votes, rate limits, API errors and retries, shard state, end-to-end latency and HTTP interactions', async () => {
    const { metrics, scrape } = await scrapeable();
    metrics.vote({ platform: 'slack', value: 'down', result: 'recorded' });
    metrics.vote({ platform: 'slack', value: 'down', result: 'recorded' });
    metrics.rateLimited('discord');
    metrics.platformError({ platform: 'discord', status: 500 });
    metrics.platformRetry('discord');
    metrics.gatewayShard({ platform: 'discord', shard: 0, up: true });
    metrics.gatewayShard({ platform: 'discord', shard: 1, up: false, reconnect: true });
    metrics.handled({ platform: 'discord', kind: 'command', ms: 12 });
    metrics.interactionRequest('refused');
    const text = await scrape();
    expect(sample(text, 'career_advisor_votes_total', { platform: 'slack', value: 'down', result: 'recorded' })).toBe(2);
    expect(sample(text, 'career_advisor_rate_limited_total', { platform: 'discord' })).toBe(1);
    expect(sample(text, 'career_advisor_platform_api_errors_total', { platform: 'discord', status: '500' })).toBe(1);
    expect(sample(text, 'career_advisor_platform_api_retries_total', { platform: 'discord' })).toBe(1);
    expect(sample(text, 'career_advisor_gateway_shard_up', { platform: 'discord', shard: '0' })).toBe(1);
    expect(sample(text, 'career_advisor_gateway_shard_up', { platform: 'discord', shard: '1' })).toBe(0);
    expect(sample(text, 'career_advisor_gateway_reconnects_total', { platform: 'discord', shard: '1' })).toBe(1);
    expect(sample(text, 'career_advisor_answer_seconds_bucket', { platform: 'discord', kind: 'command', le: '0.02' })).toBe(1);
    expect(sample(text, 'career_advisor_answer_seconds_bucket', { platform: 'discord', kind: 'command', le: '0.01' })).toBe(0);
    expect(sample(text, 'career_advisor_discord_http_interactions_total', { outcome: 'refused' })).toBe(1);
  });
});
