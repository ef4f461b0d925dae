/**
 * Action ids (and the shortcut's and modal's callback ids) the adapter registers. What a button does travels in its
 * `value`, encoded by the bot layer's control codec (src/bot/controls.ts), so a click on an ephemeral message that
 * arrives without the message still works; the action id only has to be unique within a message.
 */
export const ACTION = {
  /** Prefix: `followup:0`, `followup:1`… (ids must be unique within a message). */
  followUp: 'followup:',
  openRole: 'open_role',
  share: 'share',
  feedbackUp: 'feedback:up',
  feedbackDown: 'feedback:down',
  more: 'more',
  /** callback_id of the message shortcut "Answer with Career Advisor". */
  answerMessage: 'answer_message',
  /** callback_id of the "what was wrong?" modal opened after 👎. */
  comment: 'feedback_comment',
} as const;

/** Every action id whose value is a control: one handler serves them all. */
export const CONTROL_ACTION = /^(?:followup:\d+|open_role|share|feedback:up|feedback:down|more)$/;

/** The block and element ids of the comment modal's text input. */
export const COMMENT_INPUT = { block: 'comment', element: 'text' } as const;
