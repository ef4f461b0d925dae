/**
 * Who counts as a moderator, decided on the server from the interaction itself (never from anything a client could
 * choose): Discord's resolved permissions of the member in that channel, and the member's role ids.
 */
import { GuildMember, PermissionFlagsBits, type Interaction } from 'discord.js';

/**
 * True for a member with Manage Messages in the channel, or with one of `moderatorRoleIds`. Outside a server
 * (DMs) nobody is a moderator.
 */
export function isModerator(interaction: Interaction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages)) return true;
  if (moderatorRoleIds.length === 0) return false;
  const member = interaction.member;
  // A cached guild gives a GuildMember; otherwise discord.js leaves the raw API member with plain role ids.
  const roleIds: readonly string[] = member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
  return roleIds.some((id) => moderatorRoleIds.includes(id));
}
