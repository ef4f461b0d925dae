/**
 * The interaction layer, once for every platform: an {@link Interaction} goes in (a question, a click, a moderator
 * command, a comment), an {@link Outcome} of {@link Reply} data comes out. Adapters only translate platform events to
 * interactions and replies to Block Kit, embeds or text; nothing here calls a platform.
 *
 * Order of work for a question: de-duplicate the delivery → take one from the person's rate limit (a refused request
 * is refused before any answer is built) → load the conversation's context → `advisor.handle` → save the context it
 * returns (before the reply goes out, so the next message on another process sees it) → record a gap → reply.
 */
import type { Advisor } from '../core/advisor.ts';
import { noMetrics, type Metrics } from '../metrics/index.ts';
import { answerParts } from '../core/answer/parts.ts';
import type { Answer, FollowUp, RoleChoice } from '../core/types.ts';
import type { Store } from '../store/types.ts';
import { ControlCodec, inlineControl, type Control } from './controls.ts';
import { copy } from './copy.ts';
import { conversationId, personKey, storeKeys, type Actor, type Platform } from './keys.ts';
import { Policy, StoreUnavailable, type FeedbackRecord, type GapRecord, type PolicyOptions } from './policy.ts';

export type { Actor, Platform } from './keys.ts';

/** The moderator check: an async port each adapter implements (Slack `users.info`, Discord permissions and roles). */
export type ModeratorCheck = () => Promise<boolean>;

/** Where a platform delivery came from, for de-duplication: every key must be new (Slack `event_id`, `channel:ts`). */
export interface Delivery {
  eventId?: string;
  message?: { channel: string; ts: string };
}

export type Interaction =
  /** A question: a slash command (private answer), a mention (public reply) or a direct message. */
  | { kind: 'ask'; actor: Actor; text: string; via: 'command' | 'mention' | 'dm'; delivery?: Delivery }
  /** A click on a button or menu option the bot made; `onPrivate` when it sat on the actor's own private answer. */
  | { kind: 'control'; actor: Actor; control: unknown; onPrivate: boolean; isModerator: ModeratorCheck }
  /** A moderator has the bot answer a member's message publicly. */
  | { kind: 'answer-message'; actor: Actor; author: string | undefined; text: string; isModerator: ModeratorCheck }
  /** The moderators' loop. */
  | { kind: 'gaps' | 'feedback'; actor: Actor; isModerator: ModeratorCheck }
  /** The "what was wrong?" form after 👎, submitted. */
  | { kind: 'comment'; actor: Actor; control: unknown; text: unknown };

/**
 * Where a reply goes: `replace` the private answer the control was on; a new `private` message to the actor; a
 * public `reply` to the message that asked (a mention's thread, a DM, the member's message a moderator picked); a
 * public post into the `channel` (a share).
 */
export type Placement = 'replace' | 'private' | 'reply' | 'channel';

/** A line above an answer, as data: the adapter formats the mention or channel link for its platform. */
export type Note = { kind: 'shared-by'; user: string } | { kind: 'shared-in'; channel: string } | { kind: 'answered-for'; user: string };

export interface AnswerControls {
  /** One entry per follow-up that could be encoded, in the answer's order. */
  followUps: Array<{ followUp: FollowUp; control: string }>;
  share?: string;
  up?: string;
  down?: string;
  /**
   * "More": the answer again from its next part (see `answerParts`), for renderers that page by part (Discord). Slack
   * pages by its own blocks and encodes its button itself.
   */
  more?: string;
}

export interface AnswerReply {
  kind: 'answer';
  placement: Placement;
  answer: Answer;
  controls: AnswerControls;
  /** Offer "Share in channel", show it as done, or not at all. */
  share: 'offer' | 'done' | 'none';
  note?: Note;
  /**
   * Where "More" asked to go on: the renderer's own position (Slack: its Block Kit content block; Discord and
   * {@link AnswerControls.more}: the part of the answer, see `answerParts`).
   */
  offset?: number;
  /** Every role as a menu (the role list), each option carrying its control. */
  roleMenu?: Array<{ role: RoleChoice; control: string }>;
}

export type RefusalReason = 'rate-limited' | 'not-moderator' | 'stale-control' | 'no-question' | 'outside-channel' | 'store-unavailable';

export interface NoticeReply {
  kind: 'notice';
  placement: 'private' | 'replace';
  /** Inline Markdown from copy.ts. */
  text: string;
  /** Set when the notice refuses what was asked, and why. */
  refused?: RefusalReason;
}

/** A moderator listing: a title, an introduction and one Markdown line per entry. */
export interface ReportReply {
  kind: 'report';
  placement: 'private';
  title: string;
  intro: string;
  lines: string[];
}

/** Ask the actor "what was wrong?" in a form (a Slack modal, a Discord modal) that submits {@link control}. */
export interface CommentFormReply {
  kind: 'comment-form';
  control: string;
  title: string;
  label: string;
  placeholder: string;
  submit: string;
}

export type Reply = AnswerReply | NoticeReply | ReportReply | CommentFormReply;

export interface Outcome {
  /** In the order to send them; when one fails, the adapter tells the actor privately and stops. */
  replies: Reply[];
  /** Set when the delivery was a repeat and nothing was done. */
  duplicate?: boolean;
}

/** The policy's options (store, logger, share policy, rate, context lifetime, clock) and the core. */
export interface BotOptions extends PolicyOptions {
  advisor: Advisor;
  /** Where every answer, rate-limit refusal and vote is counted. Default: nowhere. */
  metrics?: Metrics;
}

export interface SurfaceOptions {
  /** The longest control string the platform carries (Slack button value 2,000; Discord custom id 100). */
  maxControlLength: number;
  /** Whether the platform can show the "what was wrong?" form. Default true. */
  commentForm?: boolean;
}

/** The bot as one platform sees it. */
export interface PlatformBot {
  readonly platform: Platform;
  handle(interaction: Interaction): Promise<Outcome>;
  /** Moderator lists as data (CLI `--json`). */
  gaps(limit?: number): Promise<GapRecord[]>;
  feedback(limit?: number): Promise<FeedbackRecord[]>;
  /** Autocomplete and role lists, straight from the core. */
  complete(input: string, limit?: number): RoleChoice[];
  roles(): RoleChoice[];
}

export interface Bot {
  readonly policy: Policy;
  readonly store: Store;
  for(platform: Platform, surface: SurfaceOptions): PlatformBot;
}

/** `gaps` and `feedback`, as `/role <text>` or the console passes them: the moderator commands of the grammar. */
export function moderatorCommandOf(text: string): 'gaps' | 'feedback' | undefined {
  const match = /^(?:role\s+)?(gaps|feedback)$/i.exec(text.trim());
  return match ? (match[1]?.toLowerCase() as 'gaps' | 'feedback') : undefined;
}

const MAX_COMMENT_CHARS = 1000;
/** Entries a moderator list shows. */
export const reportLimit = 20;

export function createBot(options: BotOptions): Bot {
  const policy = new Policy(options);
  const { advisor, logger } = options;
  const metrics = options.metrics ?? noMetrics;

  return {
    policy,
    store: options.store,
    for(platform: Platform, surface: SurfaceOptions): PlatformBot {
      const codec = new ControlCodec({ store: options.store, maxLength: surface.maxControlLength, logger });
      const notice = (text: string, refused?: RefusalReason, placement: NoticeReply['placement'] = 'private'): Outcome => ({
        replies: [{ kind: 'notice', placement, text, ...(refused ? { refused } : {}) }],
      });

      async function controlsFor(answer: Answer, share: AnswerReply['share'], part: number): Promise<AnswerControls> {
        const followUps = await Promise.all(
          answer.followUps.map(async (followUp) => ({
            followUp,
            control: await codec.encode({ action: 'run', command: followUp.command }),
          })),
        );
        const replay = answer.replay;
        const hasNext = part + 1 < answerParts(answer).length;
        const [shareId, up, down, more] = replay
          ? await Promise.all([
              share === 'none' ? undefined : codec.encode({ action: 'share', command: replay }),
              codec.encode({ action: 'up', command: replay }),
              codec.encode({ action: 'down', command: replay }),
              hasNext ? codec.encode({ action: 'more', command: replay, offset: part + 1 }) : undefined,
            ])
          : [undefined, undefined, undefined, undefined];
        return {
          followUps: followUps.filter((f): f is { followUp: FollowUp; control: string } => f.control !== undefined),
          ...(shareId ? { share: shareId } : {}),
          ...(up ? { up } : {}),
          ...(down ? { down } : {}),
          ...(more ? { more } : {}),
        };
      }

      async function answerReply(
        answer: Answer,
        placement: Placement,
        share: AnswerReply['share'],
        extra: Partial<AnswerReply> = {},
      ): Promise<AnswerReply> {
        const reply: AnswerReply = {
          kind: 'answer',
          placement,
          answer,
          controls: await controlsFor(answer, share, extra.offset ?? 0),
          share,
          ...extra,
        };
        if (answer.intent === 'roles') {
          const menu = advisor.roles().map((role) => ({ role, control: inlineControl({ action: 'run', command: `role ${role.slug}` }) }));
          reply.roleMenu = menu.filter((m) => m.control.length <= surface.maxControlLength);
        }
        return reply;
      }

      /** One call into the core, with the conversation's context loaded before and saved after. */
      async function ask(actor: Actor, text: string, via: string, options: { context?: boolean } = {}): Promise<Answer> {
        const started = performance.now();
        const conversation = conversationId(actor);
        const useContext = options.context !== false;
        const context = useContext ? await policy.loadContext(conversation) : null;
        const coreStarted = performance.now();
        const answer = advisor.handle({
          text,
          conversationId: conversation,
          user: { id: actor.user, ...(actor.name ? { name: actor.name } : {}), isModerator: false },
          platform,
          context,
        });
        const gap = text.trim() !== '' && Policy.isGap(answer, context);
        metrics.answer({ platform, intent: answer.intent, unanswered: gap, coreMs: performance.now() - coreStarted });
        if (useContext) await policy.saveContext(conversation, answer.context);
        if (gap) await policy.recordGap(text, answer, platform);
        logger.info(
          {
            event: 'bot.answer',
            platform,
            via,
            conversation,
            intent: answer.intent,
            replay: answer.replay,
            confidence: answer.confidence,
            ms: Number((performance.now() - started).toFixed(2)),
          },
          'answered',
        );
        return answer;
      }

      async function limited(actor: Actor): Promise<Outcome | undefined> {
        const { allowed, retryAfterMs } = await policy.allow(actor);
        if (allowed) return undefined;
        metrics.rateLimited(platform);
        logger.info({ event: 'bot.rate_limited', platform, person: personKey(actor), retryAfterMs }, 'rate limited');
        return notice(copy.rateLimited(policy.ratePerMinute, retryAfterMs), 'rate-limited');
      }

      async function onAsk(interaction: Extract<Interaction, { kind: 'ask' }>): Promise<Outcome> {
        const { actor, delivery } = interaction;
        if (delivery) {
          const keys = [
            ...(delivery.eventId ? [storeKeys.event(platform, delivery.eventId)] : []),
            ...(delivery.message ? [storeKeys.message(platform, delivery.message.channel, delivery.message.ts)] : []),
          ];
          if (!(await policy.firstDelivery(keys))) {
            logger.info({ event: 'bot.duplicate', platform, ...delivery }, 'dropped a repeated delivery');
            return { replies: [], duplicate: true };
          }
        }
        const refusal = await limited(actor);
        if (refusal) return refusal;
        const answer = await ask(actor, interaction.text, interaction.via);
        if (interaction.via === 'command') return { replies: [await answerReply(answer, 'private', actor.dm ? 'none' : 'offer')] };
        return { replies: [await answerReply(answer, 'reply', 'none')] };
      }

      async function onControl(interaction: Extract<Interaction, { kind: 'control' }>): Promise<Outcome> {
        const { actor } = interaction;
        const control = await codec.decode(interaction.control);
        if (!control || control.action === 'comment') {
          logger.info({ event: 'bot.stale_control', platform, person: personKey(actor) }, 'an invalid or expired control was clicked');
          return notice(copy.staleControl, 'stale-control');
        }
        switch (control.action) {
          case 'run':
          case 'more':
            return onRun(interaction, control);
          case 'share':
            return onShare(interaction, control.command);
          case 'up':
          case 'down':
            return onVote(actor, control.command, control.action);
        }
      }

      async function onRun(interaction: Extract<Interaction, { kind: 'control' }>, control: Control): Promise<Outcome> {
        const refusal = await limited(interaction.actor);
        if (refusal) return refusal;
        const answer = await ask(interaction.actor, control.command, control.action);
        const share = interaction.actor.dm ? 'none' : 'offer';
        // "More" adds the next part below; a topic or role button replaces the private answer it was clicked on.
        if (control.action === 'more') return { replies: [await answerReply(answer, 'private', share, { offset: control.offset ?? 0 })] };
        return { replies: [await answerReply(answer, interaction.onPrivate ? 'replace' : 'private', share)] };
      }

      async function onShare(interaction: Extract<Interaction, { kind: 'control' }>, command: string): Promise<Outcome> {
        const { actor } = interaction;
        if (actor.dm) return notice(copy.shareOutsideChannel, 'outside-channel');
        // Checked here, on the server, at click time: the button is shown to everyone who got the answer.
        if (!(await policy.mayShare(interaction.isModerator))) {
          logger.info(
            { event: 'bot.share_refused', platform, person: personKey(actor), channel: actor.channel },
            'share refused: not a moderator',
          );
          return notice(copy.shareRefused(platform), 'not-moderator');
        }
        const refusal = await limited(actor);
        if (refusal) return refusal;
        const answer = await ask(actor, command, 'share', { context: false });
        logger.info(
          { event: 'bot.share', platform, person: personKey(actor), channel: actor.channel, answer: command },
          'answer shared in channel',
        );
        return {
          replies: [
            await answerReply(answer, 'channel', 'none', { note: { kind: 'shared-by', user: actor.user } }),
            await answerReply(answer, interaction.onPrivate ? 'replace' : 'private', 'done', {
              note: { kind: 'shared-in', channel: actor.channel },
            }),
          ],
        };
      }

      async function onVote(actor: Actor, command: string, value: 'up' | 'down'): Promise<Outcome> {
        const result = await policy.vote(actor, command, value);
        metrics.vote({ platform, value, result });
        logger.info({ event: 'bot.vote', platform, vote: value, answer: command, person: personKey(actor), result }, 'answer feedback');
        if (result === 'already') return notice(copy.alreadyVoted);
        if (result === 'unavailable') return notice(copy.voteUnavailable, 'store-unavailable');
        if (value === 'up') return notice(copy.thanksUp);
        const replies: Reply[] = [];
        if (surface.commentForm !== false) {
          const control = await codec.encode({ action: 'comment', command });
          if (control)
            replies.push({
              kind: 'comment-form',
              control,
              title: copy.commentTitle,
              label: copy.commentLabel,
              placeholder: copy.commentPlaceholder,
              submit: copy.commentSubmit,
            });
        }
        replies.push({ kind: 'notice', placement: 'private', text: copy.thanksDown });
        return { replies };
      }

      async function onComment(interaction: Extract<Interaction, { kind: 'comment' }>): Promise<Outcome> {
        const { actor } = interaction;
        const control = await codec.decode(interaction.control);
        if (!control || control.action !== 'comment') return notice(copy.staleControl, 'stale-control');
        const text = cleanComment(interaction.text);
        if (text === '') return notice(copy.commentEmpty);
        if (!(await policy.votedDown(actor, control.command))) return notice(copy.commentIgnored);
        const recorded = await policy.comment(actor, control.command, text);
        logger.info({ event: 'bot.comment', platform, answer: control.command, person: personKey(actor), recorded }, 'feedback comment');
        return notice(recorded ? copy.commentThanks : copy.alreadyVoted);
      }

      async function onAnswerMessage(interaction: Extract<Interaction, { kind: 'answer-message' }>): Promise<Outcome> {
        const { actor } = interaction;
        if (!(await interaction.isModerator())) {
          logger.info(
            { event: 'bot.answer_message_refused', platform, person: personKey(actor), channel: actor.channel },
            'answer_message refused: not a moderator',
          );
          return notice(copy.answerMessageRefused(platform), 'not-moderator');
        }
        if (!interaction.author || interaction.text.trim() === '') return notice(copy.noQuestionInMessage, 'no-question');
        const refusal = await limited(actor);
        if (refusal) return refusal;
        // Context belongs to the member who asked, in this channel.
        const answer = await ask({ ...actor, user: interaction.author }, interaction.text, 'answer-message');
        logger.info(
          {
            event: 'bot.answer_message',
            platform,
            moderator: actor.user,
            asker: interaction.author,
            channel: actor.channel,
            answer: answer.replay,
          },
          'answered a message on request',
        );
        return {
          replies: [
            await answerReply(answer, 'reply', 'none', { note: { kind: 'answered-for', user: interaction.author } }),
            { kind: 'notice', placement: 'private', text: copy.answeredMessage },
          ],
        };
      }

      async function onModeration(interaction: Extract<Interaction, { kind: 'gaps' | 'feedback' }>): Promise<Outcome> {
        if (!(await interaction.isModerator())) {
          logger.info(
            { event: 'bot.moderation_refused', platform, person: personKey(interaction.actor), command: interaction.kind },
            'moderator command refused',
          );
          return notice(copy.moderatorOnly(platform), 'not-moderator');
        }
        try {
          return {
            replies: [
              interaction.kind === 'gaps' ? gapsReport(await policy.gaps(reportLimit)) : feedbackReport(await policy.feedback(reportLimit)),
            ],
          };
        } catch (error) {
          if (error instanceof StoreUnavailable) return notice(copy.storeUnavailable, 'store-unavailable');
          throw error;
        }
      }

      return {
        platform,
        async handle(interaction: Interaction): Promise<Outcome> {
          switch (interaction.kind) {
            case 'ask':
              return onAsk(interaction);
            case 'control':
              return onControl(interaction);
            case 'comment':
              return onComment(interaction);
            case 'answer-message':
              return onAnswerMessage(interaction);
            case 'gaps':
            case 'feedback':
              return onModeration(interaction);
          }
        },
        gaps: (limit = reportLimit) => policy.gaps(limit),
        feedback: (limit = reportLimit) => policy.feedback(limit),
        complete: (input, limit) => advisor.complete(input, limit),
        roles: () => advisor.roles(),
      };
    },
  };
}

/** User-written text as a moderator list quotes it: one line, no markup characters, bounded. */
export function quoted(text: string, max = 160): string {
  const flat = text
    .replace(/[`*_~|<>[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function cleanComment(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return (
    raw
      // eslint-disable-next-line no-control-regex -- comments are one paragraph of plain text
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, MAX_COMMENT_CHARS)
  );
}

/** `2026-12-01 21:40 UTC`: the same on every platform and in every time zone. */
export function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function report(title: string, intro: string, lines: string[]): ReportReply {
  return { kind: 'report', placement: 'private', title, intro, lines };
}

export function gapsReport(gaps: readonly GapRecord[]): ReportReply {
  if (gaps.length === 0) return report(copy.gapsTitle, copy.gapsEmpty, []);
  return report(
    copy.gapsTitle,
    copy.gapsIntro(gaps.length),
    gaps.map((g) => copy.gapLine(g.count, quoted(g.text), formatTime(g.lastSeen), quoted(g.answered, 80) || 'nothing')),
  );
}

export function feedbackReport(records: readonly FeedbackRecord[]): ReportReply {
  if (records.length === 0) return report(copy.feedbackTitle, copy.feedbackEmpty, []);
  const lines = records.map((r) =>
    [
      copy.feedbackLine(r.down, r.up, quoted(r.command, 120)),
      ...r.comments.map((c) => copy.feedbackComment(quoted(c.text, 200), formatTime(c.at))),
    ].join('\n'),
  );
  return report(copy.feedbackTitle, copy.feedbackIntro(records.length), lines);
}
