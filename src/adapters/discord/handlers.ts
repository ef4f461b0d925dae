/**
 * Discord inbound: each interaction or message becomes one bot-layer {@link Interaction}; the {@link Outcome} that
 * comes back is sent with render.ts. Share policy, votes, rate limits, de-duplication and conversation keys live in
 * src/bot, not here. Everything funnels through {@link DiscordHandlers.onInteraction} and
 * {@link DiscordHandlers.onMessage}, which log any failure and send the person a friendly private fallback.
 */
import {
  MessageFlags,
  type APIModalInteractionResponseCallbackData,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type Message,
  type MessageContextMenuCommandInteraction,
  type ModalSubmitInteraction,
  type SendableChannels,
} from 'discord.js';
import type { Actor, CommentFormReply, Interaction as BotInteraction, Outcome, PlatformBot, Reply } from '../../bot/interactions.ts';
import { copy } from '../../bot/copy.ts';
import type { DiscordConfig } from '../../config.ts';
import { AdvisorError } from '../../core/errors.ts';
import type { Logger } from '../../core/types.ts';
import { COMMAND, COMMENT_MODAL, MODERATE, OPTION, ROLE_OPTIONS } from './commands.ts';
import { isModerator } from './permissions.ts';
import { DISCORD_LIMITS, noteContent, noticeBody, reportBody, toMessage, truncate } from './render.ts';
import { discordText } from './inbound.ts';

export interface HandlerContext {
  client: Client;
  bot: PlatformBot;
  logger: Logger;
  config: DiscordConfig;
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction | MessageContextMenuCommandInteraction | ModalSubmitInteraction;
type Body = Record<string, unknown>;

export class DiscordHandlers {
  constructor(private readonly ctx: HandlerContext) {}

  /** The one entry point for interactions: never rejects. */
  async onInteraction(interaction: Interaction): Promise<void> {
    const started = performance.now();
    try {
      if (interaction.isAutocomplete()) await this.onAutocomplete(interaction);
      else if (interaction.isChatInputCommand()) await this.onCommand(interaction);
      else if (interaction.isMessageContextMenuCommand()) await this.onAnswerMessage(interaction);
      else if (interaction.isButton())
        await this.run(interaction, {
          kind: 'control',
          actor: this.actorOf(interaction),
          control: interaction.customId,
          onPrivate: this.ownMessage(interaction),
          isModerator: this.moderatorCheck(interaction),
        });
      else if (interaction.isModalSubmit())
        await this.run(interaction, {
          kind: 'comment',
          actor: this.actorOf(interaction),
          control: interaction.customId,
          text: this.commentText(interaction),
        });
    } catch (error) {
      this.ctx.logger.error(
        { event: 'discord.error', err: error, interaction: interaction.id, type: interaction.type, user: interaction.user.id },
        'discord interaction failed',
      );
      await this.interactionFallback(interaction);
    } finally {
      this.ctx.logger.debug(
        { event: 'discord.handled', kind: 'interaction', id: interaction.id, ms: Math.round(performance.now() - started) },
        'interaction handled',
      );
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
      this.ctx.logger.debug(
        { event: 'discord.ignored', id: message.id, reason: 'not_mentioned' },
        'channel message without a mention ignored',
      );
      return;
    }
    const started = performance.now();
    try {
      const actor: Actor = {
        platform: 'discord',
        channel: message.channelId,
        user: message.author.id,
        name: message.author.username,
        ...(inGuild ? { tenant: message.guildId } : { dm: true }),
      };
      const outcome = await this.ctx.bot.handle({
        kind: 'ask',
        actor,
        text: discordText(message.content),
        via: inGuild ? 'mention' : 'dm',
        // Two gateway connections (a deploy overlapping, or shards misassigned) must not answer one message twice.
        delivery: { message: { channel: message.channelId, ts: message.id } },
      });
      for (const reply of outcome.replies) {
        if (reply.kind === 'comment-form') continue;
        // A mention is answered in public, a DM in the DM; a refusal goes to the author privately.
        if (reply.placement === 'reply' || reply.placement === 'channel') await message.reply(this.body(reply));
        else await this.sendPrivately(message, this.body(reply));
      }
    } catch (error) {
      this.ctx.logger.error(
        { event: 'discord.error', err: error, message: message.id, channel: message.channelId, user: message.author.id },
        'discord message failed',
      );
      await this.sendPrivately(message, noticeBody(copy.somethingWentWrong));
    } finally {
      this.ctx.logger.debug(
        { event: 'discord.handled', kind: 'message', id: message.id, ms: Math.round(performance.now() - started) },
        'message handled',
      );
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Translating in

  private actorOf(interaction: Interaction): Actor {
    const base = {
      platform: 'discord' as const,
      channel: interaction.channelId ?? 'unknown',
      user: interaction.user.id,
      name: interaction.user.username,
    };
    return interaction.inGuild() ? { ...base, tenant: interaction.guildId } : { ...base, dm: true };
  }

  /** The moderator port: Discord's resolved permissions and the member's roles, from the interaction itself. */
  private moderatorCheck(interaction: Interaction): () => Promise<boolean> {
    return async () => isModerator(interaction, this.ctx.config.moderatorRoleIds);
  }

  /** Whether a clicked button sits on the clicker's own private answer (ephemeral, or in their DM). */
  private ownMessage(interaction: ButtonInteraction): boolean {
    return interaction.message.flags.has(MessageFlags.Ephemeral) || !interaction.inGuild();
  }

  private commentText(interaction: ModalSubmitInteraction): string {
    try {
      return interaction.fields.getTextInputValue(COMMENT_MODAL.input);
    } catch {
      return '';
    }
  }

  private async onAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    if (!ROLE_OPTIONS.has(focused.name)) {
      await interaction.respond([]);
      return;
    }
    const choices = this.ctx.bot
      .complete(String(focused.value), DISCORD_LIMITS.choices)
      .slice(0, DISCORD_LIMITS.choices)
      .map((role) => ({ name: truncate(role.title, DISCORD_LIMITS.choiceName), value: role.slug.slice(0, DISCORD_LIMITS.choiceName) }));
    await interaction.respond(choices);
  }

  private async onCommand(interaction: ChatInputCommandInteraction): Promise<void> {
    const actor = this.actorOf(interaction);
    if (interaction.commandName === COMMAND.moderate) {
      const sub = interaction.options.getSubcommand(false);
      const kind = sub === MODERATE.gaps ? 'gaps' : sub === MODERATE.feedback ? 'feedback' : undefined;
      if (kind) return this.run(interaction, { kind, actor, isModerator: this.moderatorCheck(interaction) });
    }
    const text = commandText(interaction);
    if (text === undefined) {
      await interaction.reply({ ...noticeBody(copy.unknownCommand), flags: MessageFlags.Ephemeral });
      return;
    }
    await this.run(interaction, { kind: 'ask', actor, text, via: 'command' });
  }

  private async onAnswerMessage(interaction: MessageContextMenuCommandInteraction): Promise<void> {
    if (interaction.commandName !== COMMAND.answerMessage) return;
    const target = interaction.targetMessage;
    const text = discordText(target.content);
    const author = target.author.bot ? undefined : target.author.id;
    const isMod = interaction.inGuild() ? this.moderatorCheck(interaction) : async () => false;
    await this.run(interaction, { kind: 'answer-message', actor: this.actorOf(interaction), author, text, isModerator: isMod }, target.id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Sending out

  /** Handles one interaction through the bot layer and sends its replies. */
  private async run(interaction: Repliable, request: BotInteraction, replyTo?: string): Promise<void> {
    const outcome = await this.ctx.bot.handle(request);
    await this.deliver(interaction, outcome, replyTo);
  }

  /**
   * Sends an outcome as Discord expects: the interaction is answered first (within 3 s), so anything that needs a
   * channel post is deferred before it; a form (modal) must be the very first response and ends the exchange.
   */
  private async deliver(interaction: Repliable, outcome: Outcome, replyTo?: string): Promise<void> {
    const form = outcome.replies.find((r): r is CommentFormReply => r.kind === 'comment-form');
    if (form && !interaction.isModalSubmit()) {
      await interaction.showModal(commentModal(form));
      return;
    }
    const replies = outcome.replies.filter((r) => r.kind !== 'comment-form');
    const posts = replies.some((r) => r.placement === 'reply' || r.placement === 'channel');
    let mode: 'fresh' | 'deferred-update' | 'deferred-reply' | 'answered' = 'fresh';
    if (posts) {
      // Posting into the channel is a second request (which a rate limit may delay): acknowledge first.
      const replacesClicked = interaction.isButton() && replies.some((r) => r.placement === 'replace');
      if (replacesClicked) await (interaction as ButtonInteraction).deferUpdate();
      else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      mode = replacesClicked ? 'deferred-update' : 'deferred-reply';
    }
    for (const reply of replies) {
      const body = this.body(reply);
      if (reply.placement === 'reply' || reply.placement === 'channel') {
        const channel = await this.sendableChannel(interaction.channelId ?? '');
        await channel.send({
          ...body,
          ...(reply.placement === 'reply' && replyTo ? { reply: { messageReference: replyTo, failIfNotExists: false } } : {}),
        });
        continue;
      }
      const replace = reply.placement === 'replace' && interaction.isButton();
      if (mode === 'fresh') {
        if (replace) await (interaction as ButtonInteraction).update({ ...body, content: body.content ?? '' });
        else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
      } else if ((mode === 'deferred-update' && replace) || mode === 'deferred-reply') {
        await interaction.editReply(body);
      } else {
        await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
      }
      mode = 'answered';
    }
  }

  /** A reply as a Discord message body. */
  private body(reply: Exclude<Reply, CommentFormReply>): Body & { content?: string } {
    switch (reply.kind) {
      case 'answer': {
        const note = reply.note ? noteContent(reply.note) : undefined;
        return toMessage(reply.answer, {
          controls: reply.controls,
          share: reply.share,
          ...(reply.offset !== undefined ? { part: reply.offset } : {}),
          ...(note ? { content: note.content } : {}),
          ...(note?.mentionUser ? { mentionUser: note.mentionUser } : {}),
        });
      }
      case 'notice':
        return noticeBody(reply.text);
      case 'report':
        return reportBody(reply);
    }
  }

  /** A private word to the author of a message: in the DM itself, or by DM for a mention in a server. */
  private async sendPrivately(message: Message, body: Body): Promise<void> {
    try {
      if (message.inGuild()) await message.author.send(body);
      else await message.reply(body);
    } catch (error) {
      // DMs closed, or Discord unreachable: the log has it, and nothing else can be done for this message.
      this.ctx.logger.warn(
        { event: 'discord.private_message_failed', err: error, user: message.author.id },
        'could not send a private message',
      );
    }
  }

  private async sendableChannel(channelId: string): Promise<SendableChannels> {
    const channel = this.ctx.client.channels.cache.get(channelId) ?? (await this.ctx.client.channels.fetch(channelId));
    if (!channel?.isSendable())
      throw new AdvisorError('discord_channel_unavailable', `discord: channel ${channelId} is not one I can post in`);
    return channel;
  }

  private async interactionFallback(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (!interaction.isRepliable()) return;
      const body = { ...noticeBody(copy.somethingWentWrong), flags: MessageFlags.Ephemeral } as const;
      if (interaction.deferred || interaction.replied) await interaction.followUp(body);
      else await interaction.reply(body);
    } catch (error) {
      this.ctx.logger.warn(
        { event: 'discord.fallback_failed', err: error, interaction: interaction.id },
        'could not send the fallback reply',
      );
    }
  }
}

/** The "what was wrong?" modal: its custom id is the comment control itself (≤ 100 characters, from the bot layer). */
function commentModal(form: CommentFormReply): APIModalInteractionResponseCallbackData {
  return {
    custom_id: form.control,
    title: truncate(form.title, 45),
    components: [
      {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: COMMENT_MODAL.input,
            style: 2,
            label: truncate(form.label, 45),
            placeholder: truncate(form.placeholder, 100),
            max_length: 1000,
            required: true,
          },
        ],
      },
    ],
  };
}

/** The core command a slash command stands for; `undefined` for a command this build does not know. */
function commandText(interaction: ChatInputCommandInteraction): string | undefined {
  const topic = interaction.options.getString(OPTION.topic) ?? '';
  switch (interaction.commandName) {
    case COMMAND.role:
      return `role ${interaction.options.getString(OPTION.role, true)} ${topic}`.trim();
    case COMMAND.ask:
      return discordText(interaction.options.getString(OPTION.question, true));
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
