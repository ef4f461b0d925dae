/**
 * Slack inbound: every request Bolt hands us (slash commands, mentions, DMs, buttons, the message shortcut, the
 * comment modal) becomes one bot-layer {@link Interaction}; the {@link Outcome} that comes back is sent with
 * render.ts. The one exception is the role menu's search (an external select's `block_suggestion`), answered from the
 * bot layer's shared completion without an interaction, as Discord's autocomplete is. Share policy, votes, rate limits, de-duplication and conversation keys live in src/bot, not here.
 *
 * Slack gets its acknowledgement first, always: a slash command's answer is usually ready at once (the core takes
 * well under a millisecond) and travels *in* the ack, which also saves the response_url round trip; when the bot
 * layer is slower than {@link SlackHandlerDeps.ackDeadlineMs} (a store timing out), the ack goes out empty and the
 * answer follows through response_url. Clicks and events are acknowledged before anything else happens. Other private
 * replies go through response_url (with a timeout, never retried, and never followed by a "something went wrong" to
 * the same URL: a POST that timed out may still have arrived) or `chat.postEphemeral`; public ones through
 * `chat.postMessage`. Every handler runs inside {@link guard}, the adapter's one top-level error handler.
 */
import type { AllMiddlewareArgs, App, BlockAction, RespondArguments, SlackActionMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Actor, Interaction, Outcome, PlatformBot, Reply } from '../../bot/interactions.ts';
import { moderatorCommandOf } from '../../bot/interactions.ts';
import type { Logger } from '../../core/types.ts';
import { ACTION, COMMENT_INPUT, CONTROL_ACTION } from './actions.ts';
import { describeError, explainSlackError, SlackAdapterError } from './errors.ts';
import { slackText } from './inbound.ts';
import type { ModeratorDirectory } from './moderators.ts';
import { copy } from '../../bot/copy.ts';
import {
  commentModal,
  commentThanksView,
  noticeMessage,
  noteLine,
  renderBlocks,
  reportMessage,
  roleOptions,
  roleSlugOf,
  SLACK_LIMITS,
  type SlackMessage,
} from './render.ts';

export interface SlackHandlerDeps {
  bot: PlatformBot;
  logger: Logger;
  moderators: ModeratorDirectory;
  /** How long a slash command's answer may take to be sent in the ack; past it, the ack goes out empty. */
  ackDeadlineMs: number;
  /** How long a POST to a response_url may take before it is given up (and not retried). */
  responseUrlTimeoutMs: number;
}

type Client = AllMiddlewareArgs['client'];

/** The slash commands this app registers (and the manifest declares). */
export const SLASH_COMMANDS = ['/role', '/career'] as const;

/** The longest search text passed to the completion: role titles are at most 100 characters, aliases 80. */
const MAX_ROLE_QUERY = 100;

/** Options Slack accepts on chat.postMessage / chat.postEphemeral that keep a bot message inert. */
const QUIET = { unfurl_links: false, unfurl_media: false, parse: 'none', link_names: false } as const;

/** How one request's replies reach Slack. `publicly` resolves false when Slack refused (already explained). */
interface Places {
  privately(message: SlackMessage, replace: boolean): Promise<unknown>;
  publicly?(message: SlackMessage, where: 'reply' | 'channel'): Promise<boolean>;
  /** Opens a modal (needs the request's trigger_id). */
  modal?(view: ReturnType<typeof commentModal>): Promise<unknown>;
}

export function registerHandlers(app: App, deps: SlackHandlerDeps): void {
  const { bot, logger } = deps;

  function actorOf(team: string | undefined, channel: string, user: string): Actor {
    return { platform: 'slack', tenant: team ?? 'T0', channel, user, ...(channel.startsWith('D') ? { dm: true } : {}) };
  }

  const moderatorCheck = (user: string, client: Client) => () => deps.moderators.isModerator(user, client);

  function render(reply: Reply): SlackMessage | undefined {
    switch (reply.kind) {
      case 'answer':
        return renderBlocks(reply.answer, {
          controls: reply.controls,
          share: reply.share === 'offer',
          ...(reply.offset !== undefined ? { offset: reply.offset } : {}),
          ...(reply.note ? { note: noteLine(reply.note) } : {}),
          ...(reply.roleMenu ? { roleMenu: reply.roleMenu } : {}),
        });
      case 'notice':
        return noticeMessage(reply.text);
      case 'report':
        return reportMessage(reply);
      case 'comment-form':
        return undefined;
    }
  }

  /** Sends an outcome's replies in order; stops at the first public post Slack refused (the user was told). */
  async function deliver(outcome: Outcome, places: Places): Promise<void> {
    for (const reply of outcome.replies) {
      if (reply.kind === 'comment-form') {
        if (places.modal) await places.modal(commentModal(reply));
        continue;
      }
      const message = render(reply) as SlackMessage;
      if (reply.placement === 'reply' || reply.placement === 'channel') {
        if (!places.publicly || !(await places.publicly(message, reply.placement))) return;
      } else {
        await places.privately(message, reply.placement === 'replace');
      }
    }
  }

  /**
   * A private reply through response_url: a new ephemeral message, or a replacement of the one clicked. Bounded by
   * {@link SlackHandlerDeps.responseUrlTimeoutMs}; a failure is a `response_url_failed` error, which {@link guard}
   * logs without posting to that URL again.
   */
  function viaResponseUrl(url: unknown) {
    return async (message: SlackMessage, replace: boolean) => {
      const args: RespondArguments = replace
        ? { replace_original: true, ...message }
        : { response_type: 'ephemeral', replace_original: false, ...message };
      if (typeof url !== 'string' || !/^https?:\/\//.test(url))
        throw new SlackAdapterError('response_url_failed', 'the request carries no response_url');
      let status: number;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(args),
          signal: AbortSignal.timeout(deps.responseUrlTimeoutMs),
        });
        status = res.status;
        await res.body?.cancel();
      } catch (error) {
        throw new SlackAdapterError('response_url_failed', `response_url POST failed or timed out after ${deps.responseUrlTimeoutMs} ms`, {
          cause: error,
        });
      }
      if (status < 200 || status >= 300) throw new SlackAdapterError('response_url_failed', `response_url answered HTTP ${status}`);
    };
  }

  /** The outcome when it is ready within `ms`, else `undefined` (the work goes on; await it later). */
  async function within(work: Promise<Outcome>, ms: number): Promise<Outcome | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** An ephemeral message in a channel (for mentions, which have no response_url). */
  function ephemeralIn(client: Client, channel: string, user: string, threadTs?: string) {
    return async (message: SlackMessage) =>
      client.chat.postEphemeral({ channel, user, ...(threadTs ? { thread_ts: threadTs } : {}), ...message, ...QUIET });
  }

  /**
   * The one top-level error handler: logs what failed and tells the person privately, through whichever private
   * channel the request offers. It never rethrows, so one failing request never takes the process down.
   */
  async function guard(
    name: string,
    actor: Partial<Actor>,
    privately: ((message: SlackMessage) => Promise<unknown>) | undefined,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      const explained = explainSlackError(error);
      const code = error instanceof SlackAdapterError ? error.code : explained.code;
      logger.error(
        { event: 'slack.handler_failed', handler: name, code, user: actor.user, channel: actor.channel, err: describeError(error) },
        `slack ${name} failed`,
      );
      // A response_url that failed or timed out may still have delivered: a second message there could be a second
      // answer on the member's screen. The log has it; the member is not told twice.
      if (!privately || (error instanceof SlackAdapterError && error.code === 'response_url_failed')) return;
      try {
        await privately(noticeMessage(explained.userMessage));
      } catch (fallbackError) {
        logger.warn(
          { event: 'slack.fallback_failed', handler: name, user: actor.user, err: describeError(fallbackError) },
          'could not tell the user about the failure',
        );
      }
    }
  }

  /** Posts publicly; a Slack refusal becomes a private explanation and a log line instead of an exception. */
  function poster(
    client: Client,
    args: { channel: string; thread_ts?: string },
    explainTo: (message: SlackMessage) => Promise<unknown>,
    user: string,
  ) {
    return async (message: SlackMessage, where: 'reply' | 'channel'): Promise<boolean> => {
      try {
        await client.chat.postMessage({ ...args, ...message, ...QUIET });
        return true;
      } catch (error) {
        const explained = explainSlackError(error);
        logger.warn(
          {
            event: 'slack.post_failed',
            what: where,
            code: explained.code,
            retryAfter: explained.retryAfter,
            channel: args.channel,
            user,
            err: describeError(error),
          },
          `could not post a ${where} message`,
        );
        try {
          await explainTo(noticeMessage(explained.userMessage));
        } catch (fallbackError) {
          logger.warn(
            { event: 'slack.fallback_failed', what: where, user, err: describeError(fallbackError) },
            'could not tell the user why posting failed',
          );
        }
        return false;
      }
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Slash commands: /role and /career. Private answers with a Share button; `/role gaps` and `/role feedback` are
  // the moderators' lists.

  const slashCommand = (name: string, toText: (text: string) => string) =>
    app.command(name, async ({ command, ack, client }) => {
      const actor = actorOf(command.team_id, command.channel_id, command.user_id);
      const privately = viaResponseUrl(command.response_url);
      let acked = false;
      const ackOnce = async (message?: SlackMessage) => {
        if (acked) return;
        acked = true;
        await (message ? ack({ response_type: 'ephemeral', ...message }) : ack());
      };
      // Before the ack, a failure is told in the ack itself; after it, through response_url.
      await guard(
        name,
        actor,
        async (m) => (acked ? privately(m, false) : ackOnce(m)),
        async () => {
          const moderation = name === '/role' ? moderatorCommandOf(command.text ?? '') : undefined;
          const interaction: Interaction = moderation
            ? { kind: moderation, actor, isModerator: moderatorCheck(actor.user, client) }
            : { kind: 'ask', actor, text: toText(slackText(command.text ?? '')), via: 'command' };
          const work = bot.handle(interaction);
          const ready = await within(work, deps.ackDeadlineMs);
          if (!ready) {
            await ackOnce();
            logger.warn(
              { event: 'slack.slow_answer', command: name, user: actor.user, deadlineMs: deps.ackDeadlineMs },
              'answer not ready for the ack; it follows through response_url',
            );
            return deliver(await work, { privately });
          }
          const [first, ...rest] = ready.replies;
          if (first && first.kind !== 'comment-form' && (first.placement === 'private' || first.placement === 'replace')) {
            await ackOnce(render(first));
            return deliver({ replies: rest }, { privately });
          }
          await ackOnce();
          await deliver(ready, { privately });
        },
      );
      await ackOnce();
    });
  // The core's grammar reads `role`, `role help`, `role compare a b`…; `/career` passes the question as typed.
  slashCommand(SLASH_COMMANDS[0], (text) => `role ${text}`);
  slashCommand(SLASH_COMMANDS[1], (text) => text);

  // -------------------------------------------------------------------------------------------------------------
  // Mentions: a public answer in the thread of the message. DMs: an answer in the DM. Both are de-duplicated by the
  // bot layer: by event id (Slack retries) and by channel:ts (one message can come as `message` and `app_mention`).

  function dropped(outcome: Outcome, body: unknown, context: { retryNum?: number; retryReason?: string }): boolean {
    if (!outcome.duplicate) return false;
    const eventId = (body as { event_id?: unknown }).event_id;
    logger.info(
      { event: 'slack.duplicate_event', eventId, retryNum: context.retryNum, retryReason: context.retryReason },
      'dropped a repeated event delivery',
    );
    return true;
  }

  function deliveryOf(body: unknown, channel: string, ts: string) {
    const eventId = (body as { event_id?: unknown }).event_id;
    return { ...(typeof eventId === 'string' && eventId.length <= 64 ? { eventId } : {}), message: { channel, ts } };
  }

  app.event('app_mention', async ({ event, body, client, context }) => {
    const mention = event as typeof event & { subtype?: string; edited?: unknown; bot_id?: string };
    if (mention.subtype !== undefined || mention.edited !== undefined || mention.bot_id !== undefined || !mention.user) return;
    const actor = actorOf(teamOf(body, mention), mention.channel, mention.user);
    const threadTs = mention.thread_ts ?? mention.ts;
    const privately = ephemeralIn(client, actor.channel, actor.user, threadTs);
    await guard('app_mention', actor, privately, async () => {
      const outcome = await bot.handle({
        kind: 'ask',
        actor,
        text: slackText(mention.text ?? ''),
        via: 'mention',
        delivery: deliveryOf(body, mention.channel, mention.ts),
      });
      if (dropped(outcome, body, context)) return;
      await deliver(outcome, {
        privately,
        publicly: poster(client, { channel: actor.channel, thread_ts: threadTs }, privately, actor.user),
      });
    });
  });

  app.event('message', async ({ event, body, client, context }) => {
    const message = event as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
      ts: string;
      thread_ts?: string;
      team?: string;
    };
    // Only plain messages people write to the bot in its DM: no edits, joins, bot posts or the bot's own messages.
    if (message.channel_type !== 'im' || message.subtype !== undefined || message.bot_id !== undefined || !message.user) return;
    if (message.user === context.botUserId) return;
    const actor = { ...actorOf(teamOf(body, message), message.channel, message.user), dm: true };
    const where = { channel: actor.channel, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}) };
    // In a DM, a "private" word is simply a message in the DM.
    const inDm = async (m: SlackMessage) => client.chat.postMessage({ ...where, ...m, ...QUIET });
    await guard('direct_message', actor, undefined, async () => {
      const outcome = await bot.handle({
        kind: 'ask',
        actor,
        text: slackText(message.text ?? ''),
        via: 'dm',
        delivery: deliveryOf(body, message.channel, message.ts),
      });
      if (dropped(outcome, body, context)) return;
      await deliver(outcome, {
        privately: inDm,
        publicly: poster(client, where, ephemeralIn(client, actor.channel, actor.user), actor.user),
      });
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  // Buttons and the role menu. A click on an ephemeral message may come without `message`: the value says it all.

  type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

  app.action<BlockAction>(CONTROL_ACTION, async ({ ack, body, action, client }: ActionArgs) => {
    await ack();
    const container = body.container as { channel_id?: string; is_ephemeral?: boolean; thread_ts?: string };
    const actor = actorOf(body.team?.id ?? body.user.team_id, body.channel?.id ?? container.channel_id ?? 'unknown', body.user.id);
    const privately = viaResponseUrl(body.response_url);
    const actionId = (action as { action_id: string }).action_id;
    await guard(
      actionId,
      actor,
      (m) => privately(m, false),
      async () => {
        const raw =
          (action as { value?: unknown; selected_option?: { value?: unknown } }).value ??
          (action as { selected_option?: { value?: unknown } }).selected_option?.value;
        if (actionId === ACTION.openRole) {
          const refusal = menuRefusal(raw, actor);
          if (refusal) return privately(noticeMessage(refusal), false);
        }
        const outcome = await bot.handle({
          kind: 'control',
          actor,
          control: raw,
          onPrivate: container.is_ephemeral === true,
          isModerator: moderatorCheck(actor.user, client),
        });
        await deliver(outcome, {
          privately,
          publicly: poster(
            client,
            { channel: actor.channel, ...(container.thread_ts ? { thread_ts: container.thread_ts } : {}) },
            (m) => privately(m, false),
            actor.user,
          ),
          modal: async (view) => {
            // A trigger id lives 3 s; a failure to open the form is logged, the vote is recorded anyway.
            try {
              await client.views.open({ trigger_id: body.trigger_id, view });
            } catch (error) {
              logger.warn({ event: 'slack.modal_failed', user: actor.user, err: describeError(error) }, 'could not open the comment form');
            }
          },
        });
      },
    );
  });

  /**
   * A role menu value (static or external) must name a role, in the form the menu makes, that is in the catalogue
   * now: anything else is refused here with a private sentence, never run as a command (a forged `ca:r:role x
   * salary` would otherwise run, and an unknown slug would be fuzzy-matched to some other role).
   */
  function menuRefusal(raw: unknown, actor: Actor): string | undefined {
    const slug = roleSlugOf(raw);
    if (slug !== undefined && bot.roles().some((role) => role.slug === slug)) return undefined;
    logger.info(
      { event: 'slack.role_menu_refused', reason: slug === undefined ? 'not-a-role-value' : 'unknown-role', user: actor.user },
      'a role menu value that names no role in the catalogue; refused',
    );
    return slug === undefined ? copy.staleControl : copy.unknownRole;
  }

  // The external "Open a role…" menu (catalogues over Slack's 100 static options): Slack sends what the person typed
  // (block_suggestion) and waits up to 3 s for the options. The search is the shared completion Discord's autocomplete
  // uses, synchronous and well under 50 ms even at 5,000 roles, so the answer is the ack itself. Every such request
  // passed the same signature check as any other (screen.ts in HTTP mode; the socket itself in Socket Mode).
  app.options<'block_suggestion'>({ type: 'block_suggestion', action_id: ACTION.openRole }, async ({ options, ack }) => {
    const started = performance.now();
    let found: ReturnType<typeof roleOptions> = [];
    try {
      // Slack always sends what was typed; a payload without it gets nothing rather than a guess.
      const typed: unknown = options.value;
      if (typeof typed === 'string') found = roleOptions(bot.complete(typed.slice(0, MAX_ROLE_QUERY), SLACK_LIMITS.suggestedOptions));
    } catch (error) {
      logger.error({ event: 'slack.role_search_failed', user: options.user?.id, err: describeError(error) }, 'role search failed');
    }
    await ack({ options: found });
    logger.debug(
      { event: 'slack.role_search', options: found.length, ms: Number((performance.now() - started).toFixed(2)) },
      'role menu options served',
    );
  });

  // The "what was wrong?" form: its control travels in private_metadata; the answer replaces the form.
  // The ack carries the view that replaces the form, so the bot layer's answer is awaited up to the ack deadline;
  // past it (a store timing out) the form simply closes.
  app.view<ViewSubmitAction>(ACTION.comment, async ({ ack, body, view }) => {
    const actor = actorOf(body.team?.id ?? body.user.team_id, 'modal', body.user.id);
    let text: string | undefined;
    await guard('comment', actor, undefined, async () => {
      const value = view.state.values[COMMENT_INPUT.block]?.[COMMENT_INPUT.element]?.value;
      const work = bot.handle({ kind: 'comment', actor, control: view.private_metadata, text: value ?? '' });
      const outcome = await within(work, deps.ackDeadlineMs);
      if (!outcome)
        void work.catch((error: unknown) =>
          logger.warn({ event: 'slack.comment_failed', err: describeError(error) }, 'comment failed after the ack'),
        );
      const reply = outcome?.replies[0];
      text = reply?.kind === 'notice' ? reply.text : undefined;
    });
    await (text === undefined ? ack() : ack({ response_action: 'update', view: commentThanksView(text) }));
  });

  // -------------------------------------------------------------------------------------------------------------
  // Message shortcut: a moderator has the bot answer a member's message publicly, in its thread.

  app.shortcut({ callback_id: ACTION.answerMessage, type: 'message_action' }, async ({ ack, shortcut, client }) => {
    await ack();
    const actor = actorOf(shortcut.team?.id ?? shortcut.user.team_id, shortcut.channel.id, shortcut.user.id);
    const privately = viaResponseUrl(shortcut.response_url);
    await guard(
      'answer_message',
      actor,
      (m) => privately(m, false),
      async () => {
        const message = shortcut.message as { user?: string; text?: string; ts: string; thread_ts?: string; bot_id?: string };
        const author = message.bot_id === undefined ? message.user : undefined;
        const outcome = await bot.handle({
          kind: 'answer-message',
          actor,
          author,
          text: slackText(message.text ?? ''),
          isModerator: moderatorCheck(actor.user, client),
        });
        await deliver(outcome, {
          privately,
          publicly: poster(
            client,
            { channel: actor.channel, thread_ts: message.thread_ts ?? message.ts },
            (m) => privately(m, false),
            actor.user,
          ),
        });
      },
    );
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
