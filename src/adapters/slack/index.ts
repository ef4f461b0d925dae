/**
 * The Slack adapter: a Bolt app in HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET, events on `/slack/events`) or
 * Socket Mode (SLACK_APP_TOKEN). handlers.ts holds what it does with each request, render.ts how answers look.
 */
import type { Server } from 'node:http';
import { App, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { SlackConfig } from '../../config.ts';
import type { Logger } from '../../core/types.ts';
import { noMetrics } from '../../metrics/index.ts';
import type { AdapterDeps, MountedRoute, RunningAdapter } from '../types.ts';
import { registerHandlers } from './handlers.ts';
import { ModeratorDirectory } from './moderators.ts';

export { renderBlocks } from './render.ts';

export interface SlackAdapterOptions {
  /** HTTP mode: the port the receiver (and `/healthz`, `/readyz`) listens on; 0 picks a free one. */
  port: number;
  /** HTTP mode: the interface to listen on. Default: all interfaces. Tests use `127.0.0.1`. */
  host?: string;
  /**
   * How many times a Web API call that failed at the HTTP level is retried. Default {@link defaultWebApiRetries}:
   * a person is waiting, so a few quick tries beat the Web API client's own 30-minute policy. Errors Slack answers
   * with (`channel_not_found`…) and rate limits are never retried: the user is told instead.
   */
  webApiRetries?: number;
  /** How long a workspace admin/owner lookup is cached. Default 10 minutes. */
  moderatorCacheTtlMs?: number;
  /** Clock for the moderator cache (tests). Default `Date.now`. */
  now?: () => number;
  /** HTTP mode: more routes on the receiver's port (`/metrics`, `POST /discord/interactions`); read at start. */
  routes?: readonly MountedRoute[];
}

export interface SlackAdapter extends RunningAdapter {
  /** HTTP mode: the port actually bound once started (useful with port 0); undefined before start and in Socket Mode. */
  readonly port: number | undefined;
}

export function createSlackAdapter(config: SlackConfig, deps: AdapterDeps, options: SlackAdapterOptions): SlackAdapter {
  const { logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const now = options.now ?? Date.now;
  let app: App | undefined;
  let server: Server | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  let connected = false;

  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: withTrailingSlash(config.apiUrl) } : {}),
    retryConfig: { retries: options.webApiRetries ?? defaultWebApiRetries, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    // A rate limit becomes a clear message to the user at once, instead of a request that hangs past Slack's 3 s.
    rejectRateLimitedCalls: true,
  };

  function build(): App {
    const boltLogger = toBoltLogger(logger);
    const handlerDeps = {
      // Slack carries up to 2,000 characters in a button value: every control travels inline.
      bot: deps.bot.for('slack', { maxControlLength: 2000 }),
      logger,
      moderators: new ModeratorDirectory({ moderatorIds: config.moderatorIds, logger, now, ...(options.moderatorCacheTtlMs !== undefined ? { ttlMs: options.moderatorCacheTtlMs } : {}) }),
    };
    let built: App;
    if (config.mode === 'socket') {
      if (!config.appToken) throw new Error('slack: Socket Mode needs SLACK_APP_TOKEN');
      socketReceiver = new SocketModeReceiver({ appToken: config.appToken, logger: boltLogger, installerOptions: { clientOptions: { ...clientOptions } } });
      const client = socketReceiver.client;
      client.on('connected', () => {
        connected = true;
        metrics.gatewayShard({ platform: 'slack', shard: 0, up: true });
      });
      for (const state of ['disconnecting', 'disconnected', 'reconnecting']) {
        client.on(state, () => {
          connected = false;
          metrics.gatewayShard({ platform: 'slack', shard: 0, up: false, reconnect: state === 'reconnecting' });
        });
      }
      built = new App({ token: config.botToken, receiver: socketReceiver, clientOptions, logger: boltLogger });
    } else {
      if (!config.signingSecret) throw new Error('slack: HTTP mode needs SLACK_SIGNING_SECRET');
      const health = (req: Parameters<typeof deps.health.handle>[0], res: Parameters<typeof deps.health.handle>[1]) => {
        if (!deps.health.handle(req, res)) res.writeHead(405).end();
      };
      built = new App({
        token: config.botToken,
        signingSecret: config.signingSecret,
        endpoints: '/slack/events',
        // Listeners finish before the HTTP response goes out: nothing is left running after Slack's ack.
        processBeforeResponse: true,
        customRoutes: [
          { path: '/healthz', method: ['GET', 'HEAD'], handler: health },
          { path: '/readyz', method: ['GET', 'HEAD'], handler: health },
          ...(options.routes ?? []).map((route) => ({
            path: route.path,
            method: route.methods,
            handler: (req: Parameters<typeof health>[0], res: Parameters<typeof health>[1]) => {
              if (!route.handle(req, res)) res.writeHead(404).end();
            },
          })),
        ],
        clientOptions,
        logger: boltLogger,
      });
    }
    // End to end: from the request reaching Bolt to its listeners done (with processBeforeResponse, the ack).
    built.use(async ({ body, next }) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const b = body as { command?: unknown; type?: unknown; event?: { type?: unknown } };
        const kind = typeof b.command === 'string' ? 'command' : typeof b.event?.type === 'string' ? b.event.type : String(b.type ?? 'unknown');
        metrics.handled({ platform: 'slack', kind, ms: performance.now() - started });
      }
    });
    // rejectRateLimitedCalls: a rate limit is an error the user hears about, never a silent retry.
    built.client.on(webApi.WebClientEvent.RATE_LIMITED, () => metrics.platformError({ platform: 'slack', status: 429 }));
    registerHandlers(built, handlerDeps);
    return built;
  }

  function boundPort(): number | undefined {
    const address = server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  return {
    name: 'slack',
    get port() {
      return boundPort();
    },
    async start() {
      deps.health.register('slack', () => connected);
      app = build();
      if (config.mode === 'socket') {
        await app.start();
        connected = true;
        logger.info({ event: 'slack.connected', mode: 'socket' }, 'connected to Slack in Socket Mode');
      } else {
        server = (await app.start(options.host ? { port: options.port, host: options.host } : options.port)) as Server;
        connected = true;
        logger.info({ event: 'slack.listening', mode: 'http', port: boundPort(), path: '/slack/events' }, 'Slack HTTP receiver listening');
      }
    },
    async stop() {
      connected = false;
      if (socketReceiver) await socketReceiver.client.disconnect();
      else await app?.stop();
      server = undefined;
      app = undefined;
      socketReceiver = undefined;
    },
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Bolt and its clients log through the adapter's logger, as structured lines. */
function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const enabled = (at: LogLevel) => order.indexOf(at) >= order.indexOf(level);
  const line = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
  return {
    debug: (...msg) => enabled(LogLevel.DEBUG) && logger.debug({ event: 'slack.bolt' }, line(msg)),
    info: (...msg) => enabled(LogLevel.INFO) && logger.info({ event: 'slack.bolt' }, line(msg)),
    warn: (...msg) => enabled(LogLevel.WARN) && logger.warn({ event: 'slack.bolt' }, line(msg)),
    error: (...msg) => enabled(LogLevel.ERROR) && logger.error({ event: 'slack.bolt' }, line(msg)),
    setLevel: (next) => (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}

export const defaultWebApiRetries = 2;
