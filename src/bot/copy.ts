/**
 * Every sentence the bot says that is not an answer from the knowledge, written once for every platform. Text is the
 * core's inline Markdown (`**bold**`, `` `code` ``); each adapter converts it to its dialect and escapes it. Where a
 * sentence names a user or a channel, the adapter passes the mention or link already formatted for its platform
 * (Slack `<@U1>`, Discord `<@123>`): those are the only markup a sentence ever carries.
 */
import type { Platform } from './keys.ts';

/** Who counts as a moderator, in the words a member of that platform knows. */
const MODERATORS: Record<Platform, string> = {
  slack: 'workspace admins, owners and the moderators this app was set up with',
  discord: 'members with Manage Messages or a moderator role',
  console: 'whoever runs the terminal',
};

/** The command that gives a private answer, as that platform spells it. */
const PRIVATE_COMMAND: Record<Platform, string> = {
  slack: '`/career`',
  discord: '`/ask`',
  console: 'the chat',
};

/** The moderator commands, as each platform spells them. */
const MODERATOR_COMMANDS: Record<Platform, { gaps: string; feedback: string }> = {
  slack: { gaps: '`/role gaps`', feedback: '`/role feedback`' },
  discord: { gaps: '`/moderate gaps`', feedback: '`/moderate feedback`' },
  console: { gaps: '`gaps`', feedback: '`feedback`' },
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const copy = {
  // --- refusals -------------------------------------------------------------------------------------------------
  rateLimited: (perMinute: number, retryAfterMs: number) =>
    `You're asking faster than I can keep up with (${perMinute} questions a minute each). Please try again in ${plural(Math.max(1, Math.ceil(retryAfterMs / 1000)), 'second')}.`,
  shareRefused: (platform: Platform) =>
    `Only moderators (${MODERATORS[platform]}) can share answers into the channel here. The answer above is still yours to read.`,
  shareOutsideChannel: 'Sharing works in channels; this answer is already yours.',
  answerMessageRefused: (platform: Platform) =>
    `Only moderators (${MODERATORS[platform]}) can have me answer a message publicly. Use ${PRIVATE_COMMAND[platform]} to get a private answer.`,
  moderatorOnly: (platform: Platform) => `Only moderators (${MODERATORS[platform]}) can see the unanswered questions and the feedback.`,
  noQuestionInMessage: 'There is no question from a member in that message for me to answer (I only read its text).',
  staleControl: 'That button is out of date. Please ask again for a fresh answer.',
  unknownRole:
    'That role is not in my list (any more): the roles may have changed since the menu was made. Ask for the roles again to pick from the current list.',
  unknownCommand: "I don't know that command yet. Try `help`.",

  // --- feedback --------------------------------------------------------------------------------------------------
  thanksUp: 'Thanks for the feedback! Glad it helped. 👍',
  thanksDown: 'Thanks for the feedback: the people who keep my knowledge up to date will see it.',
  alreadyVoted: 'You already gave feedback on this answer; it is recorded, and your first vote stands.',
  voteUnavailable: "I couldn't record your feedback just now. Please try again in a while.",
  commentTitle: 'What was wrong?',
  commentLabel: 'What was wrong or missing in this answer?',
  commentPlaceholder: 'e.g. the salary range looks out of date, or it answered about the wrong role',
  commentSubmit: 'Send',
  commentThanks: 'Thanks: your comment is with the moderators now.',
  commentIgnored: 'I could not attach that comment: give 👎 on an answer first, then tell me what was wrong.',
  commentEmpty: 'That comment was empty, so there was nothing to record.',

  // --- sharing and answering for others -------------------------------------------------------------------------
  sharedBy: (userMention: string) => `📣 Shared by ${userMention}`,
  sharedIn: (channelLink: string) => `✅ You shared this answer in ${channelLink}.`,
  answeredFor: (userMention: string) => `💬 ${userMention}, a moderator asked me to answer your question.`,
  answeredMessage: 'Done: I answered that message in its thread.',

  // --- failures --------------------------------------------------------------------------------------------------
  somethingWentWrong: 'Sorry, something went wrong on my side while answering. Please try again.',

  // --- the moderators' loop --------------------------------------------------------------------------------------
  gapsTitle: 'Unanswered questions',
  gapsIntro: (shown: number) =>
    `The ${plural(shown, 'question')} members asked most that I could not answer well (count, question, last seen, what I answered):`,
  gapsEmpty: 'No unanswered questions recorded yet. 🎉',
  gapLine: (count: number, text: string, lastSeen: string, answered: string) =>
    `**${count}×** “${text}” · last ${lastSeen} · I answered: ${answered}`,
  feedbackTitle: 'Feedback on answers',
  feedbackIntro: (shown: number) =>
    `${plural(shown, 'answer')} with feedback, most 👎 first (votes, the command that gives the answer, latest comments):`,
  feedbackEmpty: 'No feedback recorded yet.',
  feedbackLine: (down: number, up: number, command: string) => `👎 **${down}** · 👍 **${up}** · \`${command}\``,
  feedbackComment: (text: string, when: string) => `  “${text}” (${when})`,
  moderationHelp: (platform: Platform) =>
    `Moderators: ${MODERATOR_COMMANDS[platform].gaps} lists what members asked that I could not answer; ${MODERATOR_COMMANDS[platform].feedback} lists answers by 👎 and 👍 with comments.`,
  storeUnavailable: 'The store that keeps unanswered questions and feedback is unreachable right now. Please try again in a minute.',
} as const;
