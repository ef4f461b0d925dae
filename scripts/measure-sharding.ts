/**
 * Measures the two ways discord.js shards, against the fake Discord recommending N shards (default 2) on loopback:
 * internal sharding (one client, every shard in this process) and ShardingManager in process mode (one child process
 * per shard). Prints time to all shards ready and resident memory. `npx tsx scripts/measure-sharding.ts [shards]`.
 * The result and the choice are in docs/DESIGN.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, GatewayIntentBits, ShardingManager } from 'discord.js';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import { FakeDiscord } from '../test/fakes/discord.ts';

const shards = Number(process.argv[2] ?? 2);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

const fake = new FakeDiscord({ shards });
await fake.start();

const base = process.memoryUsage().rss;
await loadKnowledge('knowledge');
const knowledgeCost = process.memoryUsage().rss - base;

let started = performance.now();
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
  rest: { api: fake.apiUrl },
  shards: 'auto',
});
await new Promise<void>((resolve) => {
  client.once('clientReady', () => resolve());
  void client.login('measure-token');
});
const internalMs = performance.now() - started;
const internalRss = process.memoryUsage().rss;
await client.destroy();

started = performance.now();
const manager = new ShardingManager(fileURLToPath(new URL('./sharding-child.mjs', import.meta.url)), {
  totalShards: shards,
  mode: 'process',
  token: 'measure-token',
  respawn: false,
  execArgv: [],
  shardArgs: [],
});
process.env.MEASURE_API_URL = fake.apiUrl;
await manager.spawn({ amount: shards, delay: 5_500, timeout: 60_000 });
const managerMs = performance.now() - started;
const childRss = [...manager.shards.values()].map((s) => (s.process?.pid ? rssOf(s.process.pid) : 0));
const managerRss = process.memoryUsage().rss + childRss.reduce((a, b) => a + b, 0);
for (const shard of manager.shards.values()) shard.kill();

console.log(`shards: ${shards}`);
console.log(
  `internal sharding: all ready in ${(internalMs / 1000).toFixed(1)} s; one process, RSS ${mb(internalRss)} (knowledge ${mb(knowledgeCost)} of it)`,
);
console.log(
  `ShardingManager (process): all ready in ${(managerMs / 1000).toFixed(1)} s; ${shards} children ${childRss.map(mb).join(' + ')} + manager; total RSS ${mb(managerRss)}, before each child loads the knowledge (+${mb(knowledgeCost)} each) and opens its own store connection`,
);
await fake.stop();
process.exit(0);
