/**
 * Wiring: config → logger → knowledge → advisor → adapters. Starts every adapter whose credentials are set (Slack and
 * Discord can run in one process) and falls back to the console chat when none are.
 */
import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createAdvisor, type Advisor } from './core/advisor.ts';
import { KnowledgeError } from './core/errors.ts';
import { loadKnowledge, summarizeKnowledge } from './core/knowledge/load.ts';
import { createLogger, type RootLogger } from './logger.ts';
import { Health, startHealthServer } from './adapters/shared/health.ts';
import type { RunningAdapter } from './adapters/types.ts';

export interface App {
  config: Config;
  logger: RootLogger;
  advisor: Advisor;
  health: Health;
}

/** Loads config and knowledge; exits with one clear message when either is invalid. */
export async function bootstrap(options: { quietConsole?: boolean } = {}): Promise<App> {
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
  return { config, logger, advisor, health };
}

function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof KnowledgeError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`career-advisor: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
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
    const app = await bootstrap({ quietConsole: true });
    const { colorEnabled } = await import('./adapters/console/view.ts');
    await runChat(app.advisor, { input: process.stdin, output: process.stdout, view: { color: colorEnabled(process.stdout, app.config.color) } });
    return;
  }
  const app = await bootstrap();
  const { config, logger, advisor, health } = app;
  const deps = { advisor, health, sharePolicy: config.sharePolicy, rateLimitPerMinute: config.rateLimitPerMinute };
  const adapters: RunningAdapter[] = [];
  let healthServer: Server | undefined;
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/index.ts');
    adapters.push(createSlackAdapter(config.slack, { ...deps, logger: logger.child({ adapter: 'slack' }) }, { port: config.port ?? 3000 }));
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.ts');
    adapters.push(createDiscordAdapter(config.discord, { ...deps, logger: logger.child({ adapter: 'discord' }) }));
  }
  // The Slack HTTP receiver serves the health routes itself; otherwise a small server does, when PORT is set.
  if (config.port !== undefined && config.slack?.mode !== 'http') {
    healthServer = await startHealthServer(health, config.port);
    logger.info({ event: 'health.listening', port: config.port }, 'health routes on /healthz and /readyz');
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
