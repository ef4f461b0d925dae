/**
 * Every key the bot builds, in one place: conversation ids (what follow-up context is kept under), the person a rate
 * limit and a vote belong to, and the Store keys of de-duplication, votes, comments, gaps and long buttons. Keys are
 * platform-prefixed strings (`slack:T1:C1:U1`) so they stay readable in logs and never collide across platforms.
 */
import { createHash } from 'node:crypto';

export type Platform = 'slack' | 'discord' | 'console';

/** Who acts, and where. Built by each adapter from a verified platform payload. */
export interface Actor {
  platform: Platform;
  /** Slack workspace (team) id or Discord server (guild) id; absent in a Discord DM and in the console. */
  tenant?: string;
  /** Channel id; for a direct message, the DM channel's id with {@link dm} set. */
  channel: string;
  user: string;
  /** A display name, for logs only. */
  name?: string;
  /** True in a direct message with the bot. */
  dm?: boolean;
}

/**
 * The conversation whose follow-up context requests share: per user and channel (`slack:T1:C1:U1`,
 * `discord:G1:C2:U3`), per user in a DM (`slack:T1:dm:U1`, `discord:dm:U3`), and per session in the console
 * (`console:<session>`, where the session id is the "user").
 */
export function conversationId(actor: Actor): string {
  switch (actor.platform) {
    case 'slack':
      return actor.dm ? `slack:${actor.tenant ?? 'T0'}:dm:${actor.user}` : `slack:${actor.tenant ?? 'T0'}:${actor.channel}:${actor.user}`;
    case 'discord':
      return actor.tenant && !actor.dm ? `discord:${actor.tenant}:${actor.channel}:${actor.user}` : `discord:dm:${actor.user}`;
    case 'console':
      return `console:${actor.user}`;
  }
}

/**
 * The person, whatever channel they act in: rate limits and votes count per person. Slack user ids are per workspace
 * (`slack:T1:U1`); Discord user ids are global (`discord:U3`), so one member's allowance is the same in every server.
 */
export function personKey(actor: Actor): string {
  switch (actor.platform) {
    case 'slack':
      return `slack:${actor.tenant ?? 'T0'}:${actor.user}`;
    case 'discord':
      return `discord:${actor.user}`;
    case 'console':
      return `console:${actor.user}`;
  }
}

/** A short, stable digest of free text (a command, a question) for use inside a key. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** Store keys and sorted-set / list names. Implementations add their own prefix (REDIS_KEY_PREFIX) on top. */
export const storeKeys = {
  context: (conversation: string) => `ctx:${conversation}`,
  /** A platform event already handled (Slack `event_id`). */
  event: (platform: Platform, eventId: string) => `seen:event:${platform}:${eventId}`,
  /** A platform message already answered (Slack `channel:ts`), whichever event type brought it. */
  message: (platform: Platform, channel: string, ts: string) => `seen:msg:${platform}:${channel}:${ts}`,
  /** That a person voted on the answer a command gives. */
  vote: (person: string, command: string) => `vote:${digest(command)}:${person}`,
  /** That a person commented on the answer a command gives. */
  comment: (person: string, command: string) => `comment:${digest(command)}:${person}`,
  /** Sorted counters of votes, members are replay commands. */
  votes: (value: 'up' | 'down') => `votes:${value}`,
  /** Comments on one answer, newest last. */
  comments: (command: string) => `comments:${digest(command)}`,
  /** Sorted counter of unanswered questions, members are normalised question texts. */
  gaps: 'gaps',
  /** What was asked and answered for one gap (the latest time). */
  gap: (member: string) => `gap:${digest(member)}`,
  /** A platform's answer to "is this user a moderator?", cached by the adapter's moderator port. */
  moderator: (platform: Platform, user: string) => `mod:${platform}:${user}`,
  /** A control too long to travel inline (Discord's 100-character custom ids). */
  control: (id: string) => `ctl:${id}`,
} as const;
