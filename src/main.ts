/**
 * Wiring: config → logger → knowledge → store → advisor → bot → adapters. Starts every adapter whose credentials are
 * set (Slack and Discord can run in one process) and falls back to the console chat when none are. `--ephemeral`
 * keeps everything in memory instead of the configured store. The process lifecycle (readiness, signals, graceful
 * shutdown, startup errors) lives in lifecycle.ts.
 */
import type { Server } from 'node:http';
import { knowledgeOptions, loadConfig, type Config } from './config.ts';
import { createAdvisor, type Advisor } from './core/advisor.ts';
import { loadKnowledge, summarizeKnowledge } from './core/knowledge/load.ts';
import { loadKnowledgeOffThread } from './core/knowledge/offthread.ts';
import { loadLanguageDetector } from './core/nlu/language.ts';
import { createLogger, type RootLogger } from './logger.ts';
import { startHealthServer, type Health } from './adapters/shared/health.ts';
import { drainable } from './adapters/shared/http.ts';
import type { MountedRoute, RunningAdapter } from './adapters/types.ts';
import { noMetrics } from './metrics/index.ts';
import { instrumentStore } from './metrics/instrument.ts';
import type { PrometheusMetrics } from './metrics/prometheus.ts';
import { createBot, type Bot } from './bot/interactions.ts';
import { exitOnStartupError, Lifecycle } from './lifecycle.ts';
import { createStore, describeStore, type Store } from './store/index.ts';

export interface App {
  config: Config;
  logger: RootLogger;
  advisor: Advisor;
  health: Health;
  lifecycle: Lifecycle;
  store: Store;
  bot: Bot;
  /** Prometheus metrics (`GET /metrics`); the console chat has none. */
  prometheus?: PrometheusMetrics;
}

/** Loads config, knowledge and the store; exits with one clear message when any of them fails. */
export async function bootstrap(options: { quietConsole?: boolean; ephemeral?: boolean; metrics?: boolean } = {}): Promise<App> {
  const config = loadConfigOrExit();
  // The console chat owns the terminal: keep routine logs out of the conversation unless asked for.
  const level = options.quietConsole && config.logLevel === 'info' ? 'warn' : config.logLevel;
  const logger = createLogger({
    level,
    format: config.logFormat,
    secrets: config.secrets,
    ...(options.quietConsole ? { destination: process.stderr, isTTY: process.stderr.isTTY === true } : {}),
  });
  const debug = config.logLevel === 'debug' || config.logLevel === 'trace';
  const loadOptions = knowledgeOptions(config, logger);
  const knowledge = await loadKnowledge(config.knowledgeDir, loadOptions).catch((error: unknown) => exitOnStartupError(error, { debug }));
  logger.info({ event: 'knowledge.loaded', dir: config.knowledgeDir, ...summarizeKnowledge(knowledge) }, 'knowledge loaded');
  // Reloads parse in a worker thread so requests (and /healthz) keep being answered meanwhile.
  const load = () => loadKnowledgeOffThread(config.knowledgeDir, loadOptions);
  const advisor = createAdvisor({ knowledge, logger: logger.child({ module: 'core' }), load, contextTtlMs: config.contextTtlMs });
  loadLanguageDetector(); // at start, not inside the first message that needs it
  const lifecycle = new Lifecycle({ logger, shutdownTimeoutMs: config.shutdownTimeoutMs });
  lifecycle.add({ name: 'knowledge', ready: () => advisor.knowledge.roles.length > 0 || 'no roles loaded' });
  // Loaded only for platform processes: the console chat's cold start does not pay for prom-client.
  const prometheus = options.metrics ? (await import('./metrics/prometheus.ts')).createPrometheusMetrics() : undefined;
  const metrics = prometheus?.metrics ?? noMetrics;
  const storeConfig = options.ephemeral ? ({ kind: 'memory' } as const) : config.store;
  const opened = await createStore(storeConfig, { logger: logger.child({ module: 'store' }) }).catch((error: unknown) =>
    exitOnStartupError(error, { debug }),
  );
  const store = prometheus ? instrumentStore(opened, metrics) : opened;
  // Added first, so it stops last: nothing in flight writes to the store any more when it flushes and closes.
  // Readiness follows it: a Redis outage turns /readyz to 503 while members still get answers.
  lifecycle.add({
    name: 'store',
    ready: async () => {
      const health = await store.health();
      return health.ok || (health.detail ?? 'store unreachable');
    },
    stop: () => store.close(),
  });
  const bot = createBot({
    advisor,
    store,
    logger: logger.child({ module: 'bot' }),
    sharePolicy: config.sharePolicy,
    ratePerMinute: config.rateLimitPerMinute,
    contextTtlMs: config.contextTtlMs,
    metrics,
  });
  logger.info(
    { event: 'store.opened', kind: store.kind, store: describeStore(storeConfig) },
    `state kept in ${describeStore(storeConfig)}`,
  );
  return { config, logger, advisor, health: lifecycle.health, lifecycle, store, bot, ...(prometheus ? { prometheus } : {}) };
}

const NO_PLATFORM_MESSAGE = `career-advisor start: no chat platform is configured, and there is no terminal for the console chat.
Set, in the environment or in .env (see .env.example):
  Slack (HTTP mode):   SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (and PORT, default 3000)
  Slack (Socket Mode): SLACK_BOT_TOKEN and SLACK_APP_TOKEN
  Discord:             DISCORD_TOKEN and DISCORD_APPLICATION_ID
For the console chat, run it in a terminal (docker run -it …); for scripts, use career-advisor ask --json.
`;

export async function main(): Promise<void> {
  const probe = loadConfigOrExit();
  const platforms = Boolean(probe.slack || probe.discord);
  // A command-line flag, not configuration: `npm start -- --ephemeral` keeps nothing after the process ends.
  const ephemeral = process.argv.includes('--ephemeral');
  if (!platforms) {
    // The console chat needs a person at a terminal. Without one (a container run without -it, a service manager),
    // falling back to it would exit at once and silently: say what to set instead, and fail.
    if (process.stdin.isTTY !== true) {
      process.stderr.write(NO_PLATFORM_MESSAGE);
      process.exit(1);
    }
    // `docker stop` (SIGTERM) ends the chat at once: node as PID 1 has no default handler for it.
    process.once('SIGTERM', () => process.exit(0));
    const { runChat } = await import('./adapters/console/chat.ts');
    const app = await bootstrap({ quietConsole: true, ephemeral });
    const { colorEnabled } = await import('./adapters/console/view.ts');
    try {
      await runChat(
        app.advisor,
        { input: process.stdin, output: process.stdout, view: { color: colorEnabled(process.stdout, app.config.color) } },
        { bot: app.bot.for('console', { maxControlLength: Number.MAX_SAFE_INTEGER, commentForm: false }) },
      );
    } finally {
      await app.store.close();
    }
    return;
  }
  const app = await bootstrap({ ephemeral, metrics: true });
  const { config, logger, advisor, health, lifecycle, bot, prometheus } = app;
  const debug = config.logLevel === 'debug' || config.logLevel === 'trace';
  lifecycle.installSignalHandlers({
    onReload: () => {
      logger.info({ event: 'knowledge.reload_started', signal: 'SIGHUP' }, 'SIGHUP: reloading the knowledge in a worker thread');
      return advisor.reload();
    },
  });
  const deps = { bot, health, ...(prometheus ? { metrics: prometheus.metrics } : {}) };
  const adapters: Array<{ adapter: RunningAdapter; apiUrl?: string }> = [];
  // One PORT server for everything HTTP: Slack events, Discord interactions, /healthz, /readyz, /metrics.
  const routes: MountedRoute[] = prometheus ? [{ path: '/metrics', methods: ['GET', 'HEAD'], handle: prometheus.route }] : [];
  const port = config.port ?? (config.slack?.mode === 'http' || config.discord?.publicKey ? 3000 : undefined);
  let slackServer: (() => Server | undefined) | undefined;
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    const slack = createSlackAdapter(config.slack, { ...deps, logger: logger.child({ adapter: 'slack' }) }, { port: port ?? 3000, routes });
    slackServer = () => slack.server;
    adapters.push({ adapter: slack, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}) });
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    const discord = createDiscordAdapter(config.discord, { ...deps, logger: logger.child({ adapter: 'discord' }) });
    routes.push(...(discord.routes ?? []));
    adapters.push({ adapter: discord, ...(config.discord.apiUrl ? { apiUrl: config.discord.apiUrl } : {}) });
  }
  for (const { adapter } of adapters) lifecycle.add({ name: adapter.name, stop: () => adapter.stop() });
  // The Slack HTTP receiver serves the shared routes itself; otherwise a small server does, when there is a port.
  if (port !== undefined && config.slack?.mode !== 'http') {
    const server = await startHealthServer(health, port, '0.0.0.0', routes).catch((error: unknown) =>
      exitOnStartupError(error, { debug, context: { port } }),
    );
    lifecycle.addServer('http', drainable(server));
    logger.info({ event: 'health.listening', port, routes: routes.map((r) => r.path) }, 'HTTP routes on /healthz, /readyz and more');
  }

  for (const { adapter, apiUrl } of adapters) {
    await adapter
      .start()
      .catch((error: unknown) =>
        exitOnStartupError(error, { debug, context: { component: adapter.name, port: port ?? 3000, ...(apiUrl ? { apiUrl } : {}) } }),
      );
    const server = adapter.name === 'slack' ? slackServer?.() : undefined;
    if (server) lifecycle.addServer('slack', drainable(server));
    logger.info({ event: 'adapter.started', adapter: adapter.name }, `${adapter.name} adapter started`);
  }
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    return exitOnStartupError(error);
  }
}

await main();
