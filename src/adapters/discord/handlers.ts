/**
 * The Discord handlers: each turns an interaction or a message into one neutral request, calls `advisor.handle` once
 * and sends what render.ts makes of the answer. Slash commands answer privately (ephemeral); mentions answer in
 * public; DMs answer in the DM. Everything funnels through {@link DiscordHandlers.onInteraction} and
 * {@link DiscordHandlers.onMessage}, which log any failure and send the person a friendly private fallback.
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type Message,
  type MessageContextMenuCommandInteraction,
  type SendableChannels,
} from 'discord.js';
import type { DiscordConfig, SharePolicy } from '../../config.ts';
import type { Advisor } from '../../core/advisor.ts';
import { AdvisorError } from '../../core/errors.ts';
import type { RateLimiter } from '../../core/ratelimit.ts';
import type { Answer, Logger, Request } from '../../core/types.ts';
import type { BoundedCache } from './boundedCache.ts';
import type { ButtonAction, ButtonIds } from './buttonIds.ts';
import { COMMAND, OPTION, ROLE_OPTIONS } from './commands.ts';
import { isMessageAuthorModerator, isModerator, mayShare } from './permissions.ts';
import { DISCORD_LIMITS, noPings, toMessage, truncate, type ShareButton } from './render.ts';

export interface HandlerContext {
  client: Client;
  advisor: Advisor;
  logger: Logger;
  config: DiscordConfig;
  sharePolicy: SharePolicy;
  limiter: RateLimiter;
  ids: ButtonIds;
  /** Votes already recorded, by user, message and answer; bounded so it cannot grow forever. */
  votes: BoundedCache<string, 'up' | 'down'>;
}

type Where = 'command' | 'button' | 'share' | 'context_menu' | 'mention' | 'dm';

export class DiscordHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  /** The one entry point for interactions: never rejects. */
  async onInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    try {
      if (interaction.isAutocomplete()) await this.onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await this.onCommand(interaction);
      else if (interaction.isMessageContextMenuCommand()) await this.onAnswerMessage(interaction);
      else if (interaction.isButton()) await this.onButton(interaction);
    } catch (error) {
      this.ctx.logger.error({ event: 'discord.error', err: error, interaction: interaction.id, type: interaction.type, user: interaction.user.id }, 'discord interaction failed');
      await this.interactionFallback(interaction);
    } finally {
      this.ctx.logger.debug({ event: 'discord.handled', kind: 'interaction', id: interaction.id, ms: Math.round(performance.now() - started) }, 'interaction handled');
    }
  }

  /** The one entry point for messages: never rejects. */
  async onMessage(message: Message): Promise<void> {
    // Bots (this one included) never get answers: two bots could otherwise talk to each other forever.
    if (message.author.bot || message.system || message.webhookId) {
      this.ctx.logger.debug({ event: 'discord.ignored', id: message.id, reason: 'bot' }, 'message from a bot ignored');
      return;
    }
    const botId = this.ctx.client.user?.id;
    if (!botId) return; // not logged in yet: cannot tell a mention of this bot
    const inGuild = message.inGuild();
    if (inGuild && !message.mentions.users.has(botId)) {
      this.ctx.logger.debug({ event: 'discord.ignored', id: message.id, reason: 'not_mentioned' }, 'channel message without a mention ignored');
      return;
    }
    const started = performance.now();
    try {
      await this.answerMessage(message, botId, inGuild);
    } catch (error) {
      this.ctx.logger.error({ event: 'discord.error', err: error, message: message.id, channel: message.channelId, user: message.author.id }, 'discord message failed');
      await this.sendPrivately(message, fallbackText);
    } finally {
      this.ctx.logger.debug({ event: 'discord.handled', kind: 'message', id: message.id, ms: Math.round(performance.now() - started) }, 'message handled');
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Messages

  private async answerMessage(message: Message, botId: string, inGuild: boolean): Promise<void> {
    const text = stripBotMention(message.content, botId);
    const limit = this.ctx.limiter.take(`discord:${message.author.id}`);
    if (!limit.allowed) {
      this.ctx.logger.info({ event: 'discord.rate_limited', user: message.author.id, retryAfterMs: limit.retryAfterMs }, 'user rate limited');
      await this.sendPrivately(message, slowDownMessage(limit.retryAfterMs));
      return;
    }
    const where: Where = inGuild ? 'mention' : 'dm';
    const answer = this.ask(
      text,
      { id: message.author.id, name: message.author.username, isModerator: inGuild && isMessageAuthorModerator(message, this.ctx.config.moderatorRoleIds) },
      conversationOf(message.guildId, message.channelId, message.author.id),
      where,
      message.channelId,
    );
    // A mention is answered in public, a DM in the DM: no Share button in either (it is already where it would go).
    await message.reply(toMessage(answer, { ids: this.ctx.ids, share: 'none' }));
  }

  /** A private word to the author of a message: in the DM itself, or by DM for a mention in a server. */
  private async sendPrivately(message: Message, text: string): Promise<void> {
    try {
      if (message.inGuild()) await message.author.send({ content: text, allowedMentions: noPings() });
      else await message.reply({ content: text, allowedMentions: noPings() });
    } catch (error) {
      // DMs closed, or Discord unreachable: the log has it, and nothing else can be done for this message.
      this.ctx.logger.warn({ event: 'discord.private_message_failed', err: error, user: message.author.id }, 'could not send a private message');
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Slash commands and autocomplete

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    if (!ROLE_OPTIONS.has(focused.name)) {
      await interaction.respond([]);
      return;
    }
    const choices = this.ctx.advisor
      .complete(String(focused.value), DISCORD_LIMITS.choices)
      .slice(0, DISCORD_LIMITS.choices)
      .map((role) => ({ name: truncate(role.title, DISCORD_LIMITS.choiceName), value: role.slug.slice(0, DISCORD_LIMITS.choiceName) }));
    await interaction.respond(choices);
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const text = commandText(interaction);
    if (text === undefined) {
      await interaction.reply({ content: unknownCommandText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    if (!(await this.allowInteraction(interaction))) return;
    const answer = this.askFor(interaction, text, 'command');
    await interaction.reply({ ...toMessage(answer, { ids: this.ctx.ids, share: shareFor(interaction) }), flags: MessageFlags.Ephemeral });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Context menu: "Answer with Career Advisor"

  private async onAnswerMessage(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    if (interaction.commandName !== COMMAND.answerMessage) return;
    if (!interaction.inGuild() || !isModerator(interaction, this.ctx.config.moderatorRoleIds)) {
      this.ctx.logger.info({ event: 'discord.answer_message_refused', user: interaction.user.id, channel: interaction.channelId }, 'context menu refused');
      await interaction.reply({ content: answerMessageRefusedText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    const target = interaction.targetMessage;
    const botId = this.ctx.client.user?.id ?? '';
    const text = stripBotMention(target.content, botId);
    if (text === '') {
      await interaction.reply({ content: noTextText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    if (!(await this.allowInteraction(interaction))) return;
    // Posting into the channel is a second request (which a rate limit may delay): acknowledge first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channel = await this.sendableChannel(interaction.channelId);
    const answer = this.ask(
      text,
      { id: target.author.id, name: target.author.username, isModerator: false },
      conversationOf(interaction.guildId, interaction.channelId, target.author.id),
      'context_menu',
      interaction.channelId,
    );
    // The member who asked is the one person to notify; the moderator stays in the log.
    const asker = target.author.id;
    this.ctx.logger.info({ event: 'discord.answer_message', moderator: interaction.user.id, asker, channel: interaction.channelId }, 'moderator answered a message');
    await channel.send({
      ...toMessage(answer, { ids: this.ctx.ids, share: 'none', content: `<@${asker}>, a moderator asked me to answer your question.`, mentionUser: asker }),
      reply: { messageReference: target.id, failIfNotExists: false },
    });
    await interaction.editReply({ content: 'Answered in the channel, as a reply to that message.', allowedMentions: noPings() });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Buttons

  private async onButton(interaction: ButtonInteraction): Promise<void> {
    const decoded = this.ctx.ids.decode(interaction.customId);
    if (!decoded) {
      await interaction.reply({ content: expiredButtonText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    const handlers: Record<ButtonAction, (i: ButtonInteraction, command: string) => Promise<void>> = {
      run: (i, c) => this.onRun(i, c),
      share: (i, c) => this.onShare(i, c),
      up: (i, c) => this.onVote(i, c, 'up'),
      down: (i, c) => this.onVote(i, c, 'down'),
    };
    await handlers[decoded.action](interaction, decoded.command);
  }

  /** A follow-up (topic or role): replaces a private answer in place, or answers privately under a public one. */
  private async onRun(interaction: ButtonInteraction, command: string): Promise<void> {
    if (!(await this.allowInteraction(interaction))) return;
    const answer = this.askFor(interaction, command, 'button');
    const body = toMessage(answer, { ids: this.ctx.ids, share: shareFor(interaction) });
    const own = interaction.message.flags.has(MessageFlags.Ephemeral) || !interaction.inGuild();
    if (own) await interaction.update({ ...body, content: '' });
    else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
  }

  private async onShare(interaction: ButtonInteraction, replay: string): Promise<void> {
    const user = interaction.user.id;
    if (!interaction.inGuild()) {
      await interaction.reply({ content: shareOutsideServerText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    // Checked here, on every click, from what Discord says about the member now: a button is no permission.
    const moderator = isModerator(interaction, this.ctx.config.moderatorRoleIds);
    if (!mayShare(this.ctx.sharePolicy, moderator)) {
      this.ctx.logger.info({ event: 'discord.share_refused', user, channel: interaction.channelId, answer: replay }, 'share refused');
      await interaction.reply({ content: shareRefusedText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    if (!(await this.allowInteraction(interaction))) return;
    await interaction.deferUpdate();
    const channel = await this.sendableChannel(interaction.channelId);
    const answer = this.askFor(interaction, replay, 'share');
    await channel.send(toMessage(answer, { ids: this.ctx.ids, share: 'none', content: `Shared by <@${user}>`, mentionUser: user }));
    this.ctx.logger.info({ event: 'discord.share', user, channel: interaction.channelId, answer: replay }, 'answer shared in channel');
    await interaction.editReply({ ...toMessage(answer, { ids: this.ctx.ids, share: 'done', content: `Shared in <#${interaction.channelId}>.` }) });
  }

  private async onVote(interaction: ButtonInteraction, replay: string, vote: 'up' | 'down'): Promise<void> {
    const user = interaction.user.id;
    const key = `${user}:${interaction.message.id}:${replay}`;
    if (this.ctx.votes.has(key)) {
      await interaction.reply({ content: alreadyVotedText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    this.ctx.votes.set(key, vote);
    this.ctx.logger.info({ event: 'discord.feedback', vote, answer: replay, user }, 'feedback recorded');
    await interaction.reply({ content: vote === 'up' ? thanksUpText : thanksDownText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Shared steps

  private askFor(interaction: Interaction, text: string, where: Where): Answer {
    return this.ask(
      text,
      { id: interaction.user.id, name: interaction.user.username, isModerator: isModerator(interaction, this.ctx.config.moderatorRoleIds) },
      conversationOf(interaction.guildId, interaction.channelId, interaction.user.id),
      where,
      interaction.channelId,
    );
  }

  /** The one call into the core. */
  private ask(text: string, user: Request['user'], conversationId: string, where: Where, channel: string | null): Answer {
    const started = performance.now();
    const answer = this.ctx.advisor.handle({ text, conversationId, user, platform: 'discord' });
    this.ctx.logger.info(
      { event: 'discord.answer', where, user: user.id, channel, intent: answer.intent, replay: answer.replay, confidence: answer.confidence, ms: Number((performance.now() - started).toFixed(2)) },
      'answered',
    );
    return answer;
  }

  /** Takes one from the user's rate limit; over it, answers privately and returns false. */
  private async allowInteraction(interaction: ChatInputCommandInteraction | ButtonInteraction | MessageContextMenuCommandInteraction): Promise<boolean> {
    const result = this.ctx.limiter.take(`discord:${interaction.user.id}`);
    if (result.allowed) return true;
    this.ctx.logger.info({ event: 'discord.rate_limited', user: interaction.user.id, retryAfterMs: result.retryAfterMs }, 'user rate limited');
    await interaction.reply({ content: slowDownMessage(result.retryAfterMs), flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
    return false;
  }

  private async sendableChannel(channelId: string): Promise<SendableChannels> {
    const channel = this.ctx.client.channels.cache.get(channelId) ?? (await this.ctx.client.channels.fetch(channelId));
    if (!channel?.isSendable()) throw new AdvisorError('discord_channel_unavailable', `discord: channel ${channelId} is not one I can post in`);
    return channel;
  }

  private async interactionFallback(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const body = { content: fallbackText, flags: MessageFlags.Ephemeral, allowedMentions: noPings() } as const;
      if (interaction.deferred || interaction.replied) await interaction.followUp(body);
      else await interaction.reply(body);
    } catch (error) {
      this.ctx.logger.warn({ event: 'discord.fallback_failed', err: error, interaction: interaction.id }, 'could not send the fallback reply');
    }
  }
}

/** The core command a slash command stands for; `undefined` for a command this build does not know. */
function commandText(interaction: ChatInputCommandInteraction): string | undefined {
  const topic = interaction.options.getString(OPTION.topic) ?? '';
  switch (interaction.commandName) {
    case COMMAND.role:
      return `role ${interaction.options.getString(OPTION.role, true)} ${topic}`.trim();
    case COMMAND.ask:
      return interaction.options.getString(OPTION.question, true);
    case COMMAND.compare:
      return `compare ${interaction.options.getString(OPTION.first, true)} ${interaction.options.getString(OPTION.second, true)} ${topic}`.trim();
    case COMMAND.roles:
      return 'roles';
    case COMMAND.help:
      return 'help';
    default:
      return undefined;
  }
}

/** Private answers in a server can be shared into the channel; in a DM there is nowhere to share to. */
function shareFor(interaction: Interaction): ShareButton {
  return interaction.inGuild() ? 'offer' : 'none';
}

/** Context is kept per user and channel (`discord:G:C:U`), and per user in DMs (`discord:dm:U`). */
export function conversationOf(guildId: string | null, channelId: string | null, userId: string): string {
  return guildId ? `discord:${guildId}:${channelId ?? 'unknown'}:${userId}` : `discord:dm:${userId}`;
}

/** The text of a message without the mention(s) of the bot that brought it to us. */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

function slowDownMessage(retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return retryAfterMs > 0
    ? `You're asking faster than I can keep up. Please try again in ${seconds} s.`
    : "You're asking faster than I can keep up. Please try again in a minute.";
}

export const fallbackText = 'Sorry, something went wrong on my side while answering. Please try again in a moment.';
export const shareRefusedText =
  'Only moderators (members with Manage Messages or a moderator role) can share answers into this channel. Ask a moderator to share it, or ask me with a mention to get a public answer.';
export const answerMessageRefusedText =
  'Only moderators (members with Manage Messages or a moderator role) can have me answer a message in public. Use `/ask` to get a private answer.';
export const shareOutsideServerText = 'Sharing works in server channels; this answer is already yours.';
export const noTextText = "That message has no text I can answer (I only read a message's text).";
export const expiredButtonText = 'This button has expired. Run the command again for a fresh answer.';
export const unknownCommandText = "I don't know that command yet. Try `/help`.";
export const alreadyVotedText = 'Your vote on this answer is already recorded.';
export const thanksUpText = 'Thanks for the feedback! Glad it helped.';
export const thanksDownText = 'Thanks for the feedback! It helps improve the answers.';
