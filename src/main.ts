/**
 * Wiring: config → logger → knowledge → store → advisor → bot → adapters. Starts every adapter whose credentials are
 * set (Slack and Discord can run in one process) and falls back to the console chat when none are. `--ephemeral`
 * keeps everything in memory instead of the configured store.
 */
import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createAdvisor, type Advisor } from './core/advisor.ts';
import { KnowledgeError } from './core/errors.ts';
import { loadKnowledge, summarizeKnowledge } from './core/knowledge/load.ts';
import { createLogger, type RootLogger } from './logger.ts';
import { Health, startHealthServer } from './adapters/shared/health.ts';
import type { MountedRoute, RunningAdapter } from './adapters/types.ts';
import { noMetrics } from './metrics/index.ts';
import { instrumentStore } from './metrics/instrument.ts';
import type { PrometheusMetrics } from './metrics/prometheus.ts';
import { createBot, type Bot } from './bot/interactions.ts';
import { createStore, describeStore, StoreError, type Store } from './store/index.ts';

export interface App {
  config: Config;
  logger: RootLogger;
  advisor: Advisor;
  health: Health;
  store: Store;
  bot: Bot;
  /** Prometheus metrics (`GET /metrics`); the console chat has none. */
  prometheus?: PrometheusMetrics;
}

/** Loads config and knowledge; exits with one clear message when either is invalid. */
export async function bootstrap(options: { quietConsole?: boolean; ephemeral?: boolean; metrics?: boolean } = {}): Promise<App> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error);
  }
  // The console chat owns the terminal: keep routine logs out of the conversation unless asked for.
  const level = options.quietConsole && config.logLevel === 'info' ? 'warn' : config.logLevel;
  const logger = createLogger({ level, format: config.logFormat, secrets: config.secrets, ...(options.quietConsole ? { destination: process.stderr, isTTY: process.stderr.isTTY === true } : {}) });
  let knowledge;
  try {
    knowledge = await loadKnowledge(config.knowledgeDir);
  } catch (error) {
    fail(error);
  }
  logger.info({ event: 'knowledge.loaded', dir: config.knowledgeDir, ...summarizeKnowledge(knowledge) }, 'knowledge loaded');
  const advisor = createAdvisor({ knowledge, logger: logger.child({ module: 'core' }), knowledgeDir: config.knowledgeDir, contextTtlMs: config.contextTtlMs });
  const health = new Health();
  health.register('knowledge', () => advisor.knowledge.roles.length > 0);
  // Loaded only for platform processes: the console chat's cold start does not pay for prom-client.
  const prometheus = options.metrics ? (await import('./metrics/prometheus.ts')).createPrometheusMetrics() : undefined;
  const metrics = prometheus?.metrics ?? noMetrics;
  let store: Store;
  const storeConfig = options.ephemeral ? ({ kind: 'memory' } as const) : config.store;
  try {
    store = await createStore(storeConfig, { logger: logger.child({ module: 'store' }) });
  } catch (error) {
    fail(error);
  }
  // Readiness follows the store: a Redis outage turns /readyz to 503 while members still get answers.
  if (prometheus) store = instrumentStore(store, metrics);
  health.register('store', () => storeHealthy);
  let storeHealthy = true;
  const probe = setInterval(() => void store.health().then((h) => (storeHealthy = h.ok)), storeProbeMs);
  probe.unref();
  const bot = createBot({
    advisor,
    store,
    logger: logger.child({ module: 'bot' }),
    sharePolicy: config.sharePolicy,
    ratePerMinute: config.rateLimitPerMinute,
    contextTtlMs: config.contextTtlMs,
    metrics,
  });
  logger.info({ event: 'store.opened', kind: store.kind, store: describeStore(storeConfig) }, `state kept in ${describeStore(storeConfig)}`);
  return { config, logger, advisor, health, store, bot, ...(prometheus ? { prometheus } : {}) };
}

/** How often the store is probed for /readyz. */
const storeProbeMs = 2_000;


function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof KnowledgeError || error instanceof StoreError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`career-advisor: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}

export async function main(): Promise<void> {
  const probe = loadConfigOrExit();
  const platforms = Boolean(probe.slack || probe.discord);
  // A command-line flag, not configuration: `npm start -- --ephemeral` keeps nothing after the process ends.
  const ephemeral = process.argv.includes('--ephemeral');
  if (!platforms) {
    const { runChat } = await import('./adapters/console/chat.ts');
    const app = await bootstrap({ quietConsole: true, ephemeral });
    try {
      await runChat(app.advisor, { input: process.stdin, output: process.stdout }, { bot: app.bot.for('console', { maxControlLength: Number.MAX_SAFE_INTEGER, commentForm: false }) });
    } finally {
      await app.store.close();
    }
    return;
  }
  const app = await bootstrap({ ephemeral, metrics: true });
  const { config, logger, advisor, health, store, bot, prometheus } = app;
  const deps = { bot, health, ...(prometheus ? { metrics: prometheus.metrics } : {}) };
  const adapters: RunningAdapter[] = [];
  // One PORT server for everything HTTP: Slack events, Discord interactions, /healthz, /readyz, /metrics.
  const routes: MountedRoute[] = prometheus ? [{ path: '/metrics', methods: ['GET', 'HEAD'], handle: prometheus.route }] : [];
  const port = config.port ?? (config.slack?.mode === 'http' || config.discord?.publicKey ? 3000 : undefined);
  let healthServer: Server | undefined;
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    adapters.push(createSlackAdapter(config.slack, { ...deps, logger: logger.child({ adapter: 'slack' }) }, { port: port ?? 3000, routes }));
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    const discord = createDiscordAdapter(config.discord, { ...deps, logger: logger.child({ adapter: 'discord' }) });
    routes.push(...(discord.routes ?? []));
    adapters.push(discord);
  }
  // The Slack HTTP receiver serves the shared routes itself; otherwise a small server does, when there is a port.
  if (port !== undefined && config.slack?.mode !== 'http') {
    healthServer = await startHealthServer(health, port, '0.0.0.0', routes);
    logger.info({ event: 'health.listening', port, routes: routes.map((r) => r.path) }, 'HTTP routes on /healthz, /readyz and more');
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await new Promise<void>((resolve) => (healthServer ? healthServer.close(() => resolve()) : resolve()));
    // After the adapters: nothing in flight writes to the store any more, so what it holds is flushed and kept.
    await store.close().catch((error: unknown) => logger.warn({ event: 'store.close_failed', err: error }, 'store did not close cleanly'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void advisor.reload());
  process.on('unhandledRejection', (reason) => logger.error({ event: 'unhandled_rejection', err: reason }, 'unhandled promise rejection'));

  for (const adapter of adapters) {
    await adapter.start();
    logger.info({ event: 'adapter.started', adapter: adapter.name }, `${adapter.name} adapter started`);
  }
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    fail(error);
  }
}

await main();
