/**
 * The Discord adapter: a discord.js client with the fewest intents the bot needs (no privileged MessageContent:
 * messages that mention the bot and DMs carry their text anyway), wired to the handlers in handlers.ts.
 * Readiness (`/readyz`) follows the gateway connection, including while discord.js reconnects or resumes.
 */
import { Client, Events, GatewayIntentBits, Partials, Status } from 'discord.js';
import type { DiscordConfig } from '../../config.ts';
import type { AdapterDeps, RunningAdapter } from '../types.ts';
import { DiscordHandlers } from './handlers.ts';
import { noPings } from './render.ts';

export type { DiscordConfig } from '../../config.ts';

export interface DiscordAdapterOptions {
  /** How long stop() waits for handlers still running before closing the connection. Default 5 s. */
  drainTimeoutMs?: number;
}

export function createDiscordAdapter(config: DiscordConfig, deps: AdapterDeps, options: DiscordAdapterOptions = {}): RunningAdapter {
  const { logger } = deps;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached until a message arrives in one; without this partial those messages are dropped.
    partials: [Partials.Channel],
    // A second lock besides every message's own: nothing this client sends can ping unless a message names the user.
    allowedMentions: noPings(),
    // Replying to a message deleted meanwhile posts without the reply link instead of failing.
    failIfNotExists: false,
    rest: config.apiUrl ? { api: config.apiUrl } : {},
  });
  // Discord caps custom ids at 100 characters: longer controls go into the Store (src/bot/controls.ts).
  const handlers = new DiscordHandlers({ client, bot: deps.bot.for('discord', { maxControlLength: 100 }), logger, config });
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopped) track(handlers.onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopped) track(handlers.onMessage(message));
  });
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ event: 'discord.gateway_closed', code: event.code, shard }, 'gateway closed for good'));
  client.on(Events.ShardReconnecting, (shard) => logger.warn({ event: 'discord.gateway_reconnecting', shard }, 'gateway connection lost; reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ event: 'discord.gateway_resumed', shard, replayed }, 'gateway session resumed'));
  client.on(Events.ShardReady, (shard) => logger.info({ event: 'discord.gateway_ready', shard }, 'gateway shard ready'));
  client.on(Events.ShardError, (error, shard) => logger.warn({ event: 'discord.gateway_error', err: error, shard }, 'gateway error'));
  client.on(Events.Error, (error) => logger.error({ event: 'discord.client_error', err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ event: 'discord.warning', message }, 'discord warning'));

  /** Connected now: the client finished its first ready and every shard is up (not reconnecting or resuming). */
  const connected = () =>
    !stopped && client.ws.status === Status.Ready && client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
  // Registered at creation, not in start(): /readyz may already be served while the gateway is still connecting.
  deps.health.register('discord', connected);

  return {
    name: 'discord',
    async start() {
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
