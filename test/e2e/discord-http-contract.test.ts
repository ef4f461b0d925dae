/**
 * The shared adapter contract again, with every interaction arriving over HTTP (signed POSTs to
 * `/discord/interactions`, answers in the HTTP response) and mentions and DMs over the gateway: the same handlers,
 * rendering and rules as the gateway path.
 */
import { runAdapterContract } from '../contract/adapter-contract.ts';
import { DiscordDriver } from '../fakes/discord-driver.ts';

runAdapterContract(() => new DiscordDriver({ http: { gateway: true } }));
