// One ShardingManager child for scripts/measure-sharding.ts: a bare discord.js client (shard ids from the
// SHARDS / SHARD_COUNT environment the manager sets) against the fake Discord at MEASURE_API_URL.
import { Client, GatewayIntentBits } from 'discord.js';

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
  rest: { api: process.env.MEASURE_API_URL },
});
await client.login('measure-token');
