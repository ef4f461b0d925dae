/**
 * Everything the Slack adapter does with an incoming request, in one place: slash commands, mentions, DMs, buttons
 * and the message shortcut. Each handler acknowledges first (Slack wants an answer within 3 s; `advisor.handle` is
 * synchronous and fast), builds one neutral request, calls the core once, and renders the answer with render.ts.
 *
 * Answers to commands and buttons are private (ephemeral, through `respond()` / response_url). Only three things are
 * ever posted publicly: a reply to a mention (in its thread), a share a permitted user asked for, and a moderator's
 * shortcut answer. Every handler runs inside {@link guard}, the adapter's one top-level error handler.
 */
import { randomBytes } from 'node:crypto';
import type { AllMiddlewareArgs, App, BlockAction, RespondArguments, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Advisor } from '../../core/advisor.ts';
import type { RateLimiter } from '../../core/ratelimit.ts';
import type { Answer, Logger } from '../../core/types.ts';
import type { SharePolicy } from '../../config.ts';
import { ACTION, decodeValue } from './actions.ts';
import { describeError, explainSlackError } from './errors.ts';
import type { ModeratorDirectory } from './moderators.ts';
import type { RecentKeys } from './recent-keys.ts';
import { channelLink, noticeMessage, renderBlocks, sharedByLine, userMention, type RenderOptions, type SlackMessage } from './render.ts';

export interface SlackHandlerDeps {
  advisor: Advisor;
  logger: Logger;
  sharePolicy: SharePolicy;
  /** Per-user limit on questions (commands, mentions, DMs, answer buttons). Feedback is not counted. */
  limiter: RateLimiter;
  rateLimitPerMinute: number;
  moderators: ModeratorDirectory;
  /** Event ids already handled: a retried delivery is dropped. */
  seenEvents: RecentKeys;
  /** `user:answerId` pairs that already voted. */
  votes: RecentKeys;
}

type Client = AllMiddlewareArgs['client'];

/** Who asked and where: what a neutral request and the conversation id are made of. */
interface Asker {
  team: string;
  channel: string;
  user: string;
}

/** Options Slack accepts on chat.postMessage / chat.postEphemeral that keep a bot message inert. */
const QUIET = { unfurl_links: false, unfurl_media: false, parse: 'none', link_names: false } as const;

/** `slack:T1:C1:U1`, or `slack:T1:dm:U1` in a direct message: context is per user and channel. */
export function conversationIdOf({ team, channel, user }: Asker): string {
  return channel.startsWith('D') ? `slack:${team}:dm:${user}` : `slack:${team}:${channel}:${user}`;
}


export function registerHandlers(app: App, deps: SlackHandlerDeps): void {
  const { advisor, logger } = deps;
  const newAnswerId = () => randomBytes(6).toString('base64url');

  function ask(text: string, asker: Asker, raw: unknown): Answer {
    return advisor.handle({
      text,
      conversationId: conversationIdOf(asker),
      user: { id: asker.user, isModerator: deps.moderators.isKnownModerator(asker.user) },
      platform: 'slack',
      raw,
    });
  }

  function render(answer: Answer, options: Omit<RenderOptions, 'answerId'>): SlackMessage {
    return renderBlocks(answer, {
      answerId: newAnswerId(),
      ...(answer.intent === 'roles' ? { roleChoices: advisor.roles() } : {}),
      ...options,
    });
  }

  /** Takes one question from the user's allowance; the refusal text when there is none left. */
  function overLimit(asker: Asker): SlackMessage | undefined {
    const { allowed, retryAfterMs } = deps.limiter.take(`slack:${asker.team}:${asker.user}`);
    if (allowed) return undefined;
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    logger.info({ event: 'slack.rate_limited', user: asker.user, retryAfterSeconds: seconds }, 'user rate limited');
    return noticeMessage(
      `You're asking faster than I can keep up with (${deps.rateLimitPerMinute} questions a minute each). Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    );
  }

  /** A private reply through response_url: a new ephemeral message, or a replacement of the one clicked. */
  async function reply(respond: RespondFn, message: SlackMessage, replaceOriginal = false): Promise<void> {
    const args: RespondArguments = replaceOriginal
      ? { replace_original: true, ...message }
      : { response_type: 'ephemeral', replace_original: false, ...message };
    await respond(args);
  }

  /**
   * The one top-level error handler: logs what failed and tells the person privately, through whichever private
   * channel the request offers. It never rethrows, so one failing request never takes the process down.
   */
  async function guard(name: string, asker: Partial<Asker>, privately: ((message: SlackMessage) => Promise<unknown>) | undefined, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const explained = explainSlackError(error);
      logger.error({ event: 'slack.handler_failed', handler: name, code: explained.code, user: asker.user, channel: asker.channel, err: describeError(error) }, `slack ${name} failed`);
      if (!privately) return;
      try {
        await privately(noticeMessage(explained.userMessage));
      } catch (fallbackError) {
        logger.warn({ event: 'slack.fallback_failed', handler: name, user: asker.user, err: describeError(fallbackError) }, 'could not tell the user about the failure');
      }
    }
  }

  /** Posts publicly; a Slack refusal becomes a private explanation and a log line instead of an exception. */
  async function postPublicly(
    client: Client,
    args: { channel: string; thread_ts?: string } & SlackMessage,
    explainTo: (message: SlackMessage) => Promise<unknown>,
    what: string,
    user: string,
  ): Promise<boolean> {
    try {
      await client.chat.postMessage({ ...args, ...QUIET });
      return true;
    } catch (error) {
      const explained = explainSlackError(error);
      logger.warn({ event: 'slack.post_failed', what, code: explained.code, retryAfter: explained.retryAfter, channel: args.channel, user, err: describeError(error) }, `could not post ${what}`);
      try {
        await explainTo(noticeMessage(explained.userMessage));
      } catch (fallbackError) {
        logger.warn({ event: 'slack.fallback_failed', what, user, err: describeError(fallbackError) }, 'could not tell the user why posting failed');
      }
      return false;
    }
  }

  /** An ephemeral message in a channel (for mentions and DMs, which have no response_url). */
  function ephemeralIn(client: Client, channel: string, user: string, threadTs?: string) {
    return (message: SlackMessage) => client.chat.postEphemeral({ channel, user, ...(threadTs ? { thread_ts: threadTs } : {}), ...message, ...QUIET });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Retried deliveries: Slack resends an event it thinks was not acknowledged in time. Drop every repeat of an
  // event id, whatever the retry header says; a retry of an id this process never saw (a restart) is answered once.

  app.use(async ({ body, context, next }) => {
    const envelope = body as { type?: unknown; event_id?: unknown };
    if (envelope.type === 'event_callback' && typeof envelope.event_id === 'string') {
      if (!deps.seenEvents.add(envelope.event_id)) {
        logger.info({ event: 'slack.duplicate_event', eventId: envelope.event_id, retryNum: context.retryNum, retryReason: context.retryReason }, 'dropped a retried event delivery');
        return;
      }
      if (context.retryNum !== undefined) {
        logger.info({ event: 'slack.retried_event', eventId: envelope.event_id, retryNum: context.retryNum, retryReason: context.retryReason }, 'first sight of a retried event');
      }
    }
    await next();
  });

  // -------------------------------------------------------------------------------------------------------------
  // Slash commands: /role and /career. Private answers with a Share button.

  const slashCommand = (name: string, toText: (text: string) => string) =>
    app.command(name, async ({ command, ack, respond }) => {
      await ack();
      const asker = { team: command.team_id, channel: command.channel_id, user: command.user_id };
      await guard(name, asker, (m) => reply(respond, m), async () => {
        const refusal = overLimit(asker);
        if (refusal) return reply(respond, refusal);
        const answer = ask(toText(command.text ?? ''), asker, command);
        await reply(respond, render(answer, { share: true }));
      });
    });
  // The core's grammar reads `role`, `role help`, `role compare a b`…; `/career` passes the question as typed.
  slashCommand('/role', (text) => `role ${text}`);
  slashCommand('/career', (text) => text);

  // -------------------------------------------------------------------------------------------------------------
  // Mentions: a public answer in the thread of the message. DMs: an answer in the DM.

  app.event('app_mention', async ({ event, body, client }) => {
    const mention = event as typeof event & { subtype?: string; edited?: unknown; bot_id?: string };
    if (mention.subtype !== undefined || mention.edited !== undefined || mention.bot_id !== undefined || !mention.user) return;
    const asker = { team: teamOf(body, mention), channel: mention.channel, user: mention.user };
    const threadTs = mention.thread_ts ?? mention.ts;
    const privately = ephemeralIn(client, asker.channel, asker.user, threadTs);
    await guard('app_mention', asker, privately, async () => {
      const refusal = overLimit(asker);
      if (refusal) {
        await privately(refusal);
        return;
      }
      const answer = ask(mention.text ?? '', asker, mention);
      await postPublicly(client, { channel: asker.channel, thread_ts: threadTs, ...render(answer, { share: false }) }, privately, 'mention reply', asker.user);
    });
  });

  app.event('message', async ({ event, body, client, context }) => {
    const message = event as { channel_type?: string; subtype?: string; bot_id?: string; user?: string; text?: string; channel: string; ts: string; thread_ts?: string; team?: string };
    // Only plain messages people write to the bot in its DM: no edits, joins, bot posts or the bot's own messages.
    if (message.channel_type !== 'im' || message.subtype !== undefined || message.bot_id !== undefined || !message.user) return;
    if (message.user === context.botUserId) return;
    const asker = { team: teamOf(body, message), channel: message.channel, user: message.user };
    const threadTs = message.thread_ts;
    await guard('direct_message', asker, undefined, async () => {
      const dmReply = (m: SlackMessage) => client.chat.postMessage({ channel: asker.channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...m, ...QUIET });
      const refusal = overLimit(asker);
      if (refusal) {
        await dmReply(refusal);
        return;
      }
      const answer = ask(message.text ?? '', asker, message);
      await postPublicly(client, { channel: asker.channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...render(answer, { share: false }) }, ephemeralIn(client, asker.channel, asker.user), 'direct message reply', asker.user);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  // Buttons. A click on an ephemeral message may come without `message`: everything needed is in the value.

  type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

  function clickAsker(body: BlockAction): Asker {
    const container = body.container as { channel_id?: string };
    return { team: body.team?.id ?? body.user.team_id ?? 'T0', channel: body.channel?.id ?? container.channel_id ?? 'unknown', user: body.user.id };
  }

  function clickedEphemeral(body: BlockAction): boolean {
    return (body.container as { is_ephemeral?: boolean }).is_ephemeral === true;
  }

  /** Answers a follow-up (or role menu, or "More") privately: in place on a private message, as a new one otherwise. */
  async function answerClick({ ack, body, respond }: ActionArgs, command: string | undefined, options: { offset?: number; name: string }): Promise<void> {
    await ack();
    const asker = clickAsker(body);
    await guard(options.name, asker, (m) => reply(respond, m), async () => {
      if (!command) return reply(respond, noticeMessage('That button is out of date. Please ask again.'));
      const refusal = overLimit(asker);
      if (refusal) return reply(respond, refusal);
      const answer = ask(command, asker, body);
      const message = render(answer, { share: true, ...(options.offset !== undefined ? { offset: options.offset } : {}) });
      // "More" adds the next part below; a topic or role button replaces the private answer it was clicked on.
      await reply(respond, message, options.offset === undefined && clickedEphemeral(body));
    });
  }

  app.action<BlockAction>(new RegExp(`^${ACTION.followUp}\\d+$`), async (args) => {
    const action = args.action as { value?: string };
    await answerClick(args, decodeValue(action.value).c, { name: 'follow_up' });
  });

  app.action<BlockAction>(ACTION.openRole, async (args) => {
    const action = args.action as { selected_option?: { value?: string } };
    const value = action.selected_option?.value;
    await answerClick(args, value && /^role [a-z0-9-]{1,80}$/.test(value) ? value : undefined, { name: 'open_role' });
  });

  app.action<BlockAction>(ACTION.more, async (args) => {
    const value = decodeValue((args.action as { value?: string }).value);
    await answerClick(args, value.r, { name: 'more', offset: value.o ?? 0 });
  });

  app.action<BlockAction>(ACTION.share, async ({ ack, body, respond, client }) => {
    await ack();
    const asker = clickAsker(body);
    const privately = (m: SlackMessage) => reply(respond, m);
    await guard('share', asker, privately, async () => {
      const replay = decodeValue((body.actions[0] as { value?: string } | undefined)?.value).r;
      if (!replay) return privately(noticeMessage('That button is out of date. Please ask again.'));
      // The policy is checked here, on the server, at click time: the button is shown to everyone.
      const allowed = deps.sharePolicy === 'everyone' || (await deps.moderators.isModerator(asker.user, client));
      if (!allowed) {
        logger.info({ event: 'slack.share_refused', user: asker.user, channel: asker.channel }, 'share refused: not a moderator');
        return privately(
          noticeMessage('Only moderators (workspace admins, owners and the moderators this app was set up with) can share answers into the channel here. The answer above is still yours to read.'),
        );
      }
      const refusal = overLimit(asker);
      if (refusal) return privately(refusal);
      const answer = ask(replay, asker, body);
      const threadTs = (body.container as { thread_ts?: string }).thread_ts;
      const shared = await postPublicly(
        client,
        { channel: asker.channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...render(answer, { share: false, note: sharedByLine(asker.user) }) },
        privately,
        'shared answer',
        asker.user,
      );
      if (!shared) return;
      logger.info({ event: 'slack.share', user: asker.user, channel: asker.channel, answer: replay }, 'answer shared in channel');
      const done = render(answer, { share: false, feedback: false, note: `✅ You shared this answer in ${channelLink(asker.channel)}.` });
      await reply(respond, done, clickedEphemeral(body));
    });
  });

  app.action<BlockAction>(new RegExp(`^(?:${ACTION.feedbackUp}|${ACTION.feedbackDown})$`), async ({ ack, body, action, respond }) => {
    await ack();
    const asker = clickAsker(body);
    await guard('feedback', asker, (m) => reply(respond, m), async () => {
      const value = decodeValue((action as { value?: string }).value);
      const vote = (action as { action_id: string }).action_id === ACTION.feedbackUp ? 'up' : 'down';
      const answerKey = value.a ?? value.r;
      if (!answerKey) return reply(respond, noticeMessage('That button is out of date. Please ask again.'));
      if (!deps.votes.add(`${asker.user}:${answerKey}`)) {
        return reply(respond, noticeMessage('Your feedback on this answer is already recorded.'));
      }
      logger.info({ event: 'slack.feedback', vote, answer: value.r, user: asker.user }, 'answer feedback');
      await reply(respond, noticeMessage(vote === 'up' ? 'Thanks for the feedback! 👍' : 'Thanks for the feedback: I will use it to improve my answers.'));
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  // Message shortcut: a moderator has the bot answer a member's message publicly, in its thread.

  app.shortcut({ callback_id: ACTION.answerMessage, type: 'message_action' }, async ({ ack, shortcut, respond, client }) => {
    await ack();
    const asker = { team: shortcut.team?.id ?? shortcut.user.team_id ?? 'T0', channel: shortcut.channel.id, user: shortcut.user.id };
    const privately = (m: SlackMessage) => reply(respond, m);
    await guard('answer_message', asker, privately, async () => {
      if (!(await deps.moderators.isModerator(asker.user, client))) {
        logger.info({ event: 'slack.shortcut_refused', user: asker.user, channel: asker.channel }, 'answer_message refused: not a moderator');
        return privately(noticeMessage('Only moderators (workspace admins, owners and the moderators this app was set up with) can have me answer a message publicly.'));
      }
      const message = shortcut.message as { user?: string; text?: string; ts: string; thread_ts?: string; bot_id?: string };
      if (!message.text?.trim() || message.bot_id !== undefined || !message.user) {
        return privately(noticeMessage('There is no question from a member in that message for me to answer.'));
      }
      const refusal = overLimit(asker);
      if (refusal) return privately(refusal);
      // Context belongs to the member who asked, in this channel.
      const answer = ask(message.text, { ...asker, user: message.user }, shortcut);
      const note = `💬 ${userMention(message.user)}, here is an answer to your question.`;
      const posted = await postPublicly(
        client,
        { channel: asker.channel, thread_ts: message.thread_ts ?? message.ts, ...render(answer, { share: false, note }) },
        privately,
        'shortcut answer',
        asker.user,
      );
      if (!posted) return;
      logger.info({ event: 'slack.answer_message', user: asker.user, asker: message.user, channel: asker.channel, answer: answer.replay }, 'answered a message on request');
      await privately(noticeMessage('Done: I answered that message in its thread.'));
    });
  });

  // Bolt's own last resort, for errors outside the handlers above (middleware, malformed payloads).
  app.error(async (error) => {
    logger.error({ event: 'slack.unhandled_error', err: describeError(error) }, 'unhandled error in the Slack app');
  });
}

function teamOf(body: unknown, event: { team?: string }): string {
  const teamId = (body as { team_id?: unknown }).team_id;
  return typeof teamId === 'string' ? teamId : (event.team ?? 'T0');
}
