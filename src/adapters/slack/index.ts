/**
 * The Slack adapter: a Bolt app in HTTP mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET, events on `/slack/events`) or
 * Socket Mode (SLACK_APP_TOKEN). handlers.ts holds what it does with each request, render.ts how answers look.
 */
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { SlackConfig } from '../../config.ts';
import type { Logger } from '../../core/types.ts';
import { StartupError } from '../../lifecycle.ts';
import { noMetrics } from '../../metrics/index.ts';
import type { AdapterDeps, MountedRoute, RunningAdapter } from '../types.ts';
import { registerHandlers, SLASH_COMMANDS } from './handlers.ts';
import { screenSlackRequests } from './screen.ts';
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
  /**
   * HTTP mode: hold Slack's acknowledgement until the listeners finished. Default false, and keep it so on a server:
   * the ack then never waits for an outbound call. Only a platform that freezes the process once the response is
   * sent (AWS Lambda and other FaaS) needs true.
   */
  processBeforeResponse?: boolean;
  /** How long a slash command's answer may take to ride in the ack. Default {@link defaultAckDeadlineMs}. */
  ackDeadlineMs?: number;
  /** Timeout of a POST to a response_url. Default {@link defaultResponseUrlTimeoutMs}. */
  responseUrlTimeoutMs?: number;
  /** Timeout of one Web API call. Default {@link defaultWebApiTimeoutMs}. */
  webApiTimeoutMs?: number;
  /** How long stop() waits for requests in flight. Default 5 s. */
  drainTimeoutMs?: number;
  /** How long a workspace admin/owner lookup is cached. Default 10 minutes. */
  moderatorCacheTtlMs?: number;
  /** HTTP mode: more routes on the receiver's port (`/metrics`, `POST /discord/interactions`); read at start. */
  routes?: readonly MountedRoute[];
}

export interface SlackAdapter extends RunningAdapter {
  /** HTTP mode: the port actually bound once started (useful with port 0); undefined before start and in Socket Mode. */
  readonly port: number | undefined;
  /** Resolves when no request is being handled (acks go out first, so handlers may still run after a response). */
  idle(): Promise<void>;
  /** HTTP mode: the receiver's server once started (main.ts drains it on shutdown). */
  readonly server: Server | undefined;
}

export function createSlackAdapter(config: SlackConfig, deps: AdapterDeps, options: SlackAdapterOptions): SlackAdapter {
  const { logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  let app: App | undefined;
  let server: Server | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  let connected = false;
  const inFlight = new Set<Promise<unknown>>();
  // Set when Slack rejects the bot token on any Web API call (readiness turns 503 with this reason).
  let authRejected: string | undefined;

  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: withTrailingSlash(config.apiUrl) } : {}),
    retryConfig: { retries: options.webApiRetries ?? defaultWebApiRetries, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    timeout: options.webApiTimeoutMs ?? defaultWebApiTimeoutMs,
    // A rate limit becomes a clear message to the user at once, instead of a request that hangs past Slack's 3 s.
    rejectRateLimitedCalls: true,
    // Every Web API answer passes here, so a token revoked while running shows in /readyz and the log.
    fetch: watchAuth((error, method) => {
      // apps.connections.open is the one call made with the app-level token (Socket Mode).
      const variable = method === 'apps.connections.open' ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN';
      if (authRejected === undefined)
        logger.error(
          { event: 'slack.auth_rejected', error, method },
          `Slack rejected ${variable} (${error}); not ready until restarted with a valid token`,
        );
      authRejected = `Slack rejected ${variable === 'SLACK_APP_TOKEN' ? 'the app-level token' : 'the bot token'} (${error})`;
    }),
  };

  function build(): App {
    const boltLogger = toBoltLogger(logger);
    const handlerDeps = {
      // Slack carries up to 2,000 characters in a button value: every control travels inline.
      bot: deps.bot.for('slack', { maxControlLength: 2000 }),
      logger,
      moderators: new ModeratorDirectory({
        moderatorIds: config.moderatorIds,
        logger,
        store: deps.bot.store,
        ...(options.moderatorCacheTtlMs !== undefined ? { ttlMs: options.moderatorCacheTtlMs } : {}),
      }),
      ackDeadlineMs: options.ackDeadlineMs ?? defaultAckDeadlineMs,
      responseUrlTimeoutMs: options.responseUrlTimeoutMs ?? defaultResponseUrlTimeoutMs,
    };
    let built: App;
    if (config.mode === 'socket') {
      if (!config.appToken) throw new Error('slack: Socket Mode needs SLACK_APP_TOKEN');
      socketReceiver = new SocketModeReceiver({
        appToken: config.appToken,
        logger: boltLogger,
        installerOptions: { clientOptions: { ...clientOptions } },
      });
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
      built = new App({
        token: config.botToken,
        receiver: socketReceiver,
        clientOptions,
        logger: boltLogger,
        deferInitialization: true,
        convoStore: false,
      });
    } else {
      if (!config.signingSecret) throw new Error('slack: HTTP mode needs SLACK_SIGNING_SECRET');
      const health = (req: Parameters<typeof deps.health.handle>[0], res: Parameters<typeof deps.health.handle>[1]) => {
        if (!deps.health.handle(req, res)) res.writeHead(405).end();
      };
      const receiver = new HTTPReceiver({
        signingSecret: config.signingSecret,
        endpoints: EVENTS_PATH,
        // Slack's ack never waits for an outbound call (see processBeforeResponse above).
        processBeforeResponse: options.processBeforeResponse ?? false,
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
        logger: boltLogger,
      });
      // Malformed, user-less and unhandled signed payloads are answered at once, before Bolt (see screen.ts).
      receiver.requestListener = screenSlackRequests(receiver.requestListener, {
        signingSecret: config.signingSecret,
        path: EVENTS_PATH,
        commands: SLASH_COMMANDS,
        logger,
      });
      // auth.test runs in start() (awaited), so a rejected token stops startup instead of an unhandled rejection.
      built = new App({
        token: config.botToken,
        receiver,
        clientOptions,
        logger: boltLogger,
        deferInitialization: true,
        convoStore: false,
      });
    }
    // Every request is tracked until its listeners finish, for idle() and a draining stop().
    built.use(async ({ body, next }) => {
      const started = performance.now();
      const work = next();
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
        logger.debug({ event: 'slack.handled', ms: Math.round(performance.now() - started) }, 'request handled');
        const b = body as { command?: unknown; type?: unknown; event?: { type?: unknown } };
        const kind =
          typeof b.command === 'string' ? 'command' : typeof b.event?.type === 'string' ? b.event.type : String(b.type ?? 'unknown');
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
    get server() {
      return server;
    },
    async start() {
      deps.health.register('slack', () => (authRejected ? { ok: false, reason: authRejected } : connected || 'not connected'));
      app = build();
      await app.init();
      if (config.mode === 'socket') {
        await app.start().catch((error: unknown) => {
          // init() already checked the bot token, so an auth error here is about the app-level token.
          const code = (error as { data?: { error?: unknown } })?.data?.error;
          if (typeof code === 'string' && AUTH_ERRORS.has(code))
            throw new StartupError(
              'slack_app_token_rejected',
              `slack: Slack rejected SLACK_APP_TOKEN (${code}); generate an app-level token with connections:write under Basic Information.`,
              { cause: error },
            );
          throw error;
        });
        connected = true;
        logger.info({ event: 'slack.connected', mode: 'socket' }, 'connected to Slack in Socket Mode');
      } else {
        server = (await app.start(options.host ? { port: options.port, host: options.host } : options.port)) as Server;
        connected = true;
        logger.info({ event: 'slack.listening', mode: 'http', port: boundPort(), path: '/slack/events' }, 'Slack HTTP receiver listening');
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      connected = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.drainTimeoutMs ?? 5_000);
      });
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      clearTimeout(timer);
      if (socketReceiver) await socketReceiver.client.disconnect();
      // main.ts drains and closes the HTTP server first; Bolt's stop() throws for a server already closed.
      else if (server?.listening) await app?.stop();
      server = undefined;
      app = undefined;
      socketReceiver = undefined;
    },
  };
}

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive']);

/** A fetch for the Web API client that reports answers saying the token is no longer accepted. */
function watchAuth(onRejected: (error: string, method: string) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok && response.headers.get('content-type')?.includes('json')) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { ok?: boolean; error?: unknown } | undefined;
      const method =
        String(input instanceof Request ? input.url : input)
          .split('?')[0]
          ?.split('/')
          .pop() ?? '';
      if (body?.ok === false && typeof body.error === 'string' && AUTH_ERRORS.has(body.error)) onRejected(body.error, method);
    }
    return response;
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
  const line = (parts: unknown[]) =>
    parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p))).join(' ');
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

const EVENTS_PATH = '/slack/events';

export const defaultWebApiRetries = 2;
/** Slack waits 3 s for the ack; an answer not ready in half of that follows through response_url. */
export const defaultAckDeadlineMs = 1_500;
export const defaultResponseUrlTimeoutMs = 5_000;
export const defaultWebApiTimeoutMs = 5_000;
