/** The shared adapter contract, run by the Discord adapter through a real discord.js Client and the fake Discord. */
import { runAdapterContract } from '../contract/adapter-contract.ts';
import { DiscordDriver } from '../fakes/discord-driver.ts';

runAdapterContract(() => new DiscordDriver());
