/**
 * The sharded gateway: the fake Discord recommends 2 shards, the client (discord.js internal sharding) identifies
 * twice, `/readyz` follows every shard, events on either shard are answered once, and a dropped shard resumes.
 * The identify throttle puts the second shard ~5-6.5 s after the first: these tests are few, with generous timeouts.
 */
import { Client, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOptions } from '../../src/adapters/discord/index.ts';
import { DISCORD_IDS } from '../fakes/discord.ts';
import { DiscordHarness, MEMBER, waitUntil } from '../fakes/discord-harness.ts';

describe('Discord gateway with 2 shards', () => {
  let h: DiscordHarness;
  // What the start did, before any test (they run in any order) drops a shard.
  let atStart: { identifies: unknown[]; connected: boolean; ready: boolean };

  beforeAll(async () => {
    h = await DiscordHarness.start({ shards: 2 });
    atStart = { identifies: h.fake.identifies.map((d) => d.shard), connected: h.fake.gatewayConnected, ready: h.ready };
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('identifies once per shard, [0,2] and [1,2], and is ready when both are', () => {
    expect(atStart).toEqual({
      identifies: [
        [0, 2],
        [1, 2],
      ],
      connected: true,
      ready: true,
    });
  });

  it('answers a slash command and a mention on the guild’s shard, and a DM on shard 0, each once', async () => {
    expect(h.fake.shardOf(DISCORD_IDS.guild)).toBe(1);
    const command = await h.command('role', { role: 'lead-ml-architect' }, MEMBER);
    expect(command.sent).toHaveLength(1);
    const mention = await h.mention('what does a lead ml architect earn?', MEMBER);
    expect(mention.sent.filter((s) => s.via === 'channel')).toHaveLength(1);
    const d = h.fake.userMessage(MEMBER, 'help', { dm: true });
    const sentBefore = h.fake.sent.length;
    const dm = await h.message(d);
    expect(dm.sent.filter((s) => s.via === 'channel')).toHaveLength(1);
    // The same message delivered on the other shard as well (shards misassigned during a deploy) is answered once.
    // (discord.js itself drops a message it has already cached; the bot layer's delivery key covers two processes.)
    h.fake.dispatch('MESSAGE_CREATE', d, 1);
    // Shard 1 delivers in order: once a later mention on it is answered, the repeat has been seen.
    await h.mention('help', MEMBER);
    expect(h.fake.sent.slice(sentBefore).filter((s) => s.channelId === d.channel_id)).toHaveLength(1);
  });

  it('turns not ready when a shard drops, and ready again once it resumed', async () => {
    const resumes = h.fake.resumes;
    const identifies = h.fake.identifies.length;
    h.fake.closeShard(1, 4000);
    await waitUntil(() => !h.ready, 10_000, '/readyz to turn 503');
    await waitUntil(() => h.ready, 30_000, '/readyz to turn 200 again');
    expect(h.fake.resumes).toBeGreaterThan(resumes);
    // The other shard never went away, and the resumed one answers again.
    expect(h.fake.identifies).toHaveLength(identifies);
    const command = await h.command('help', {}, MEMBER);
    expect(command.sent).toHaveLength(1);
  }, 45_000);

  it('starts a new session for a shard whose session cannot be resumed, and is ready again', async () => {
    const identifies = h.fake.identifies.length;
    // The session is gone on Discord's side: the RESUME is refused (INVALID_SESSION) and the shard IDENTIFYs again.
    h.fake.closeShard(0, 4000, { forget: true });
    await waitUntil(() => !h.ready, 10_000, '/readyz to turn 503');
    await waitUntil(() => h.ready, 40_000, '/readyz to turn 200 again');
    expect(h.fake.identifies.slice(identifies).map((d) => d.shard)).toEqual([[0, 2]]);
    expect((await h.dm('help', MEMBER)).sent.filter((s) => s.via === 'channel')).toHaveLength(1);
  }, 60_000);
});

describe('shard options from config', () => {
  it('maps DISCORD_SHARDS into the client options, whatever SHARDS / SHARD_COUNT say in the environment', async () => {
    const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
    process.env.SHARDS = '[7]';
    process.env.SHARD_COUNT = '9';
    try {
      const fixed = new Client({ intents: [GatewayIntentBits.Guilds], ...shardOptions(3) });
      expect(fixed.options.shards).toEqual([0, 1, 2]);
      expect(fixed.options.shardCount).toBe(3);
      const auto = new Client({ intents: [GatewayIntentBits.Guilds], ...shardOptions('auto') });
      expect(auto.options.shards).toBe('auto');
      await Promise.all([fixed.destroy(), auto.destroy()]);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
