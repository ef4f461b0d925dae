/**
 * `npm run discord:register` → registerCommands: one bulk-overwrite PUT with the commands of commands.ts, to the
 * guild when DISCORD_GUILD_ID is set and globally otherwise, through @discordjs/rest against the fake Discord REST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType } from 'discord.js';
import { registerCommands } from '../../src/adapters/discord/register.ts';
import type { DiscordConfig } from '../../src/config.ts';
import { TOPIC_HEADINGS, TOPICS } from '../../src/core/topics.ts';
import { DISCORD_IDS, FakeDiscord, type Json } from '../fakes/discord.ts';
import { RecordingLogger } from '../fakes/discord-harness.ts';

interface CommandJson {
  name: string;
  type?: number;
  description?: string;
  default_member_permissions?: string | null;
  contexts?: number[];
  options?: Array<{
    name: string;
    type: number;
    required?: boolean;
    autocomplete?: boolean;
    choices?: Array<{ name: string; value: string }>;
  }>;
}

const fake = new FakeDiscord();
let config: DiscordConfig;

beforeAll(async () => {
  await fake.start();
  config = {
    token: 'fake-bot-token.secret',
    applicationId: DISCORD_IDS.application,
    guildId: DISCORD_IDS.guild,
    apiUrl: fake.apiUrl,
    moderatorRoleIds: [],
  };
});

afterAll(async () => {
  await fake.stop();
});

describe('registerCommands', () => {
  it('overwrites the guild commands with one PUT when a guild is configured', async () => {
    const logger = new RecordingLogger();
    const before = fake.calls.length;
    const result = await registerCommands(config, logger);
    expect(result).toEqual({
      scope: 'guild',
      names: ['role', 'ask', 'compare', 'roles', 'help', 'moderate', 'Answer with Career Advisor'],
    });
    const puts = fake.calls.slice(before).filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toBe(`/applications/${DISCORD_IDS.application}/guilds/${DISCORD_IDS.guild}/commands`);
    expect(puts[0]?.authorization).toBe('Bot fake-bot-token.secret');
    expect(logger.events('discord.commands_registered')[0]).toMatchObject({ scope: 'guild', names: result.names });
    expect(JSON.stringify(logger.entries)).not.toContain('fake-bot-token');
  });

  it('sends the command definitions the handlers read', async () => {
    await registerCommands(config, new RecordingLogger());
    const body = fake.registered.get(`guild:${DISCORD_IDS.guild}`) as unknown as CommandJson[];
    const byName = new Map(body.map((c) => [c.name, c]));
    const topicChoices = TOPICS.map((t) => ({ name: TOPIC_HEADINGS[t], value: t }));

    const role = byName.get('role');
    expect(role?.options?.map((o) => [o.name, o.type, o.required ?? false, o.autocomplete ?? false])).toEqual([
      ['role', ApplicationCommandOptionType.String, true, true],
      ['topic', ApplicationCommandOptionType.String, false, false],
    ]);
    expect(role?.options?.[1]?.choices).toEqual(topicChoices);
    expect(role?.options?.[1]?.choices?.map((c) => c.value)).toEqual([...TOPICS]);

    expect(byName.get('ask')?.options?.map((o) => [o.name, o.required])).toEqual([['question', true]]);
    const compare = byName.get('compare');
    expect(compare?.options?.map((o) => [o.name, o.autocomplete ?? false])).toEqual([
      ['first', true],
      ['second', true],
      ['topic', false],
    ]);
    expect(compare?.options?.[2]?.choices).toEqual(topicChoices);
    expect(byName.get('roles')?.options ?? []).toEqual([]);
    expect(byName.get('help')?.options ?? []).toEqual([]);

    // The moderators' loop: hidden from members by default (Manage Messages), servers only, two subcommands.
    const moderate = byName.get('moderate');
    expect(moderate?.default_member_permissions).toBe('8192');
    expect(moderate?.contexts).toEqual([InteractionContextType.Guild]);
    expect(moderate?.options?.map((o) => o.name)).toEqual(['gaps', 'feedback']);

    const menu = byName.get('Answer with Career Advisor');
    expect(menu?.type).toBe(ApplicationCommandType.Message);
    expect(menu?.default_member_permissions).toBe('8192'); // Manage Messages
    expect(menu?.contexts).toEqual([InteractionContextType.Guild]);
    for (const command of body) expect((command.description ?? '').length).toBeLessThanOrEqual(100);
  });

  it('registers globally without a guild, waiting out a 429 first', async () => {
    const { guildId: _guild, ...global } = config;
    fake.rateLimitNext((call) => call.method === 'PUT', 1);
    const before = fake.calls.length;
    const result = await registerCommands(global, new RecordingLogger());
    expect(result.scope).toBe('global');
    expect(result.names).toHaveLength(7);
    const puts = fake.calls.slice(before).filter((c) => c.method === 'PUT');
    expect(puts.map((c) => [c.path, c.status])).toEqual([
      [`/applications/${DISCORD_IDS.application}/commands`, 429],
      [`/applications/${DISCORD_IDS.application}/commands`, 200],
    ]);
    expect((fake.registered.get('global') as Json[]).map((c) => c.name)).toEqual(result.names);
  });

  it('rejects with Discord\u2019s error when the token is refused', async () => {
    fake.failNext((call) => call.method === 'PUT', 401);
    await expect(registerCommands(config, new RecordingLogger())).rejects.toThrow(/401: Unauthorized/);
  });
});
