/**
 * Registers the application commands with one bulk-overwrite PUT, so the commands Discord shows are exactly those in
 * commands.ts (renamed or removed commands disappear). Guild commands appear at once; global ones can take up to an
 * hour, so set DISCORD_GUILD_ID while trying the bot out.
 */
import { REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../../config.ts';
import type { Logger } from '../../core/types.ts';
import { commandDefinitions } from './commands.ts';

export interface RegisterResult {
  /** `guild` when {@link DiscordConfig.guildId} is set (instant), else `global`. */
  scope: 'guild' | 'global';
  /** Names of the commands Discord now has, as it answered. */
  names: string[];
}

/** Overwrites the application's commands in the configured guild, or globally without one. */
export async function registerCommands(config: DiscordConfig, logger: Logger): Promise<RegisterResult> {
  // REST (from @discordjs/rest, re-exported by discord.js) waits out 429s by itself.
  const rest = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const scope = config.guildId ? 'guild' : 'global';
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const body = commandDefinitions();
  try {
    const answer = (await rest.put(route, { body })) as Array<{ name: string }>;
    const names = answer.map((command) => command.name);
    logger.info(
      {
        event: 'discord.commands_registered',
        scope,
        applicationId: config.applicationId,
        ...(config.guildId ? { guildId: config.guildId } : {}),
        names,
      },
      `registered ${names.length} ${scope} command${names.length === 1 ? '' : 's'}`,
    );
    return { scope, names };
  } finally {
    // The sweepers are unref'd already; clearing them lets a CLI exit without waiting on anything.
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
