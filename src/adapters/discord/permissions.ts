/**
 * Who counts as a moderator, decided on the server from the interaction itself (never from anything a client could
 * choose): Discord's resolved permissions of the member in that channel, and the member's role ids.
 */
import { GuildMember, PermissionFlagsBits, type Interaction, type Message } from 'discord.js';
import type { SharePolicy } from '../../config.ts';

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

/** Whether this person may post an answer into the channel under the share policy. */
export function mayShare(policy: SharePolicy, moderator: boolean): boolean {
  return policy === 'everyone' || moderator;
}

/**
 * The same test for the author of a message (mentions, DMs), from the cached member: used only to tell the core who
 * is asking, never to grant anything.
 */
export function isMessageAuthorModerator(message: Message, moderatorRoleIds: readonly string[]): boolean {
  const member = message.member;
  if (!member) return false;
  if (member.roles.cache.hasAny(...moderatorRoleIds)) return true;
  try {
    return message.channel.isDMBased() ? false : member.permissionsIn(message.channel).has(PermissionFlagsBits.ManageMessages);
  } catch {
    // Permissions need the guild's roles and overwrites in the cache; without them, the answer is simply "no".
    return false;
  }
}
