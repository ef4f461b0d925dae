/**
 * The Discord adapter: a discord.js client with the fewest intents the bot needs (no privileged MessageContent:
 * messages that mention the bot and DMs carry their text anyway), wired to the handlers in handlers.ts.
 * Interactions arrive over the gateway, over HTTP (`POST /discord/interactions` when `DISCORD_PUBLIC_KEY` is set, see
 * http.ts), or both; either way they reach the same handlers. The gateway is optional (`DISCORD_GATEWAY=off`) and
 * sharded inside this one client (`DISCORD_SHARDS`; docs/DESIGN.md says why not ShardingManager).
 * Readiness (`/readyz`) follows every shard, including while discord.js reconnects or resumes one.
 */
import { Client, Events, GatewayIntentBits, Options, Partials, RESTEvents, Status, type ClientOptions } from 'discord.js';
import type { DiscordConfig } from '../../config.ts';
import { noMetrics } from '../../metrics/index.ts';
import type { AdapterDeps, RunningAdapter } from '../types.ts';
import { DiscordHandlers } from './handlers.ts';
import { DiscordInteractionsEndpoint, INTERACTIONS_PATH, interactionDispatcher, type InteractionsEndpointOptions } from './http.ts';
import { noPings } from './render.ts';

export type { DiscordConfig } from '../../config.ts';

export interface DiscordAdapterOptions {
  /** How long stop() waits for handlers still running before closing the connection. Default 5 s. */
  drainTimeoutMs?: number;
  /** HTTP interactions: answer with a deferral after this long. Default 2 s (Discord allows 3). */
  deferAfterMs?: InteractionsEndpointOptions['deferAfterMs'];
}

/** Shard options from config, set explicitly: discord.js would otherwise read `SHARDS` / `SHARD_COUNT` from the environment. */
export function shardOptions(shards: DiscordConfig['shards']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  if (shards === undefined || shards === 'auto') return { shards: 'auto' };
  return { shards: Array.from({ length: shards }, (_, i) => i), shardCount: shards };
}

export function createDiscordAdapter(config: DiscordConfig, deps: AdapterDeps, options: DiscordAdapterOptions = {}): RunningAdapter {
  const { logger } = deps;
  const metrics = deps.metrics ?? noMetrics;
  const gateway = config.gateway !== false;
  // Built before the client: its makeRequest becomes the client's REST transport, to catch HTTP interactions' callbacks.
  let dispatch: (data: Record<string, unknown>) => void = () => undefined;
  const endpoint = config.publicKey
    ? new DiscordInteractionsEndpoint({
        publicKey: config.publicKey,
        applicationId: config.applicationId,
        ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
        dispatch: (data) => dispatch(data),
        logger,
        onOutcome: (outcome, ms) => {
          metrics.interactionRequest(outcome);
          if (outcome === 'answered' || outcome === 'deferred') metrics.handled({ platform: 'discord', kind: 'http_ack', ms });
        },
        ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
      })
    : undefined;
  const client = new Client({
    ...shardOptions(config.shards),
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached until a message arrives in one; without this partial those messages are dropped.
    partials: [Partials.Channel],
    // A second lock besides every message's own: nothing this client sends can ping unless a message names the user.
    allowedMentions: noPings(),
    // Replying to a message deleted meanwhile posts without the reply link instead of failing.
    failIfNotExists: false,
    // Every interaction and message caches its user and member: on thousands of servers that grows without end.
    // The handlers read both from the payload in hand, so old ones can go (the bot's own user always stays).
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: 10_000, keepOverLimit: (user) => user.id === user.client.user?.id },
      GuildMemberManager: { maxSize: 1_000, keepOverLimit: (member) => member.id === member.client.user?.id },
    }),
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), ...(endpoint ? { makeRequest: endpoint.makeRequest as never } : {}) },
  });
  if (endpoint) dispatch = interactionDispatcher(client);
  client.rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status >= 400) metrics.platformError({ platform: 'discord', status: response.status });
  });
  client.rest.on(RESTEvents.RateLimited, () => metrics.platformRetry('discord'));
  // Discord caps custom ids at 100 characters: longer controls go into the Store (src/bot/controls.ts).
  const handlers = new DiscordHandlers({ client, bot: deps.bot.for('discord', { maxControlLength: 100 }), logger, config });
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  /** End to end, for /metrics: from the event reaching discord.js to everything sent (follow-ups and posts too). */
  const timed = (kind: 'interaction' | 'message', work: Promise<void>) => {
    const started = performance.now();
    return work.finally(() => metrics.handled({ platform: 'discord', kind, ms: performance.now() - started }));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopped) track(timed('interaction', handlers.onInteraction(interaction)));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopped) track(timed('message', handlers.onMessage(message)));
  });
  // A gateway closed for good says why in /readyz; 4004 is Discord refusing the token while running.
  let closedFor: string | undefined;
  client.on(Events.ShardDisconnect, (event, shard) => {
    metrics.gatewayShard({ platform: 'discord', shard, up: false });
    closedFor =
      event.code === 4004
        ? 'Discord rejected the token (gateway close 4004: authentication failed)'
        : `gateway closed for good (code ${event.code})`;
    if (event.code === 4004)
      logger.error(
        { event: 'discord.auth_rejected', code: event.code, shard },
        'Discord rejected DISCORD_TOKEN (gateway close 4004); not ready until restarted with a valid token',
      );
    else logger.warn({ event: 'discord.gateway_closed', code: event.code, shard }, 'gateway closed for good');
  });
  client.on(Events.ShardReconnecting, (shard) => {
    metrics.gatewayShard({ platform: 'discord', shard, up: false, reconnect: true });
    if (!stopped) logger.warn({ event: 'discord.gateway_reconnecting', shard }, 'gateway connection lost; reconnecting');
  });
  client.on(Events.ShardResume, (shard, replayed) => {
    metrics.gatewayShard({ platform: 'discord', shard, up: true });
    logger.info({ event: 'discord.gateway_resumed', shard, replayed }, 'gateway session resumed');
  });
  client.on(Events.ShardReady, (shard) => {
    metrics.gatewayShard({ platform: 'discord', shard, up: true });
    logger.info({ event: 'discord.gateway_ready', shard }, 'gateway shard ready');
  });
  client.on(Events.ShardError, (error, shard) => logger.warn({ event: 'discord.gateway_error', err: error, shard }, 'gateway error'));
  client.on(Events.Error, (error) => logger.error({ event: 'discord.client_error', err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ event: 'discord.warning', message }, 'discord warning'));

  /** Connected now: the client finished its first ready and every shard is up (not reconnecting or resuming). */
  const connected = () =>
    !stopped &&
    client.ws.status === Status.Ready &&
    client.ws.shards.size > 0 &&
    client.ws.shards.every((shard) => shard.status === Status.Ready);
  let httpReady = false;
  // Registered at creation, not in start(): /readyz may already be served while the gateway is still connecting.
  // HTTP-only replicas are ready once started: they hold no connection that could be down.
  deps.health.register('discord', () => {
    if (stopped) return 'stopped';
    if (!gateway) return httpReady || 'not started';
    return connected() || (closedFor ?? 'gateway not connected');
  });

  return {
    name: 'discord',
    ...(endpoint ? { routes: [{ path: INTERACTIONS_PATH, methods: ['POST'], handle: endpoint.route }] } : {}),
    async start() {
      if (!gateway) {
        // No gateway connection at all: the token only signs REST calls (channel posts, fetches).
        client.rest.setToken(config.token);
        httpReady = true;
        logger.info({ event: 'discord.http_only' }, 'Discord interactions over HTTP only; no gateway connection');
        return;
      }
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      logger.info({ event: 'discord.ready', user: client.user?.id, guilds: client.guilds.cache.size }, 'connected to the Discord gateway');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const drain = Promise.allSettled([...inFlight]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, options.drainTimeoutMs ?? 5_000);
      });
      await Promise.race([drain, timeout]);
      clearTimeout(timer);
      await client.destroy();
      logger.info({ event: 'discord.stopped' }, 'discord adapter stopped');
    },
  };
}
