/**
 * Block Kit rendering of an {@link Answer}: a header, mrkdwn sections, tables as fields, a context line for the source,
 * follow-up buttons, and the Share / 👍 / 👎 controls. Everything stays inside Slack's limits by construction: long
 * text is split across sections, and what does not fit in one message ends with a "More" button that carries
 * `answer.replay` and where to go on, so the next part never depends on a stored message.
 *
 * Escaping rule: `&`, `<` and `>` are escaped in every piece of text BEFORE Slack's own markup (`<url|text>`, `<@U…>`)
 * is added, so nothing a user or a knowledge file wrote can become a link, a mention or a `<!channel>`.
 */
import type { types as SlackTypes } from '@slack/bolt';
import { answerPart } from '../../core/answer/parts.ts';
import { neutralizeMentions } from '../../bot/mentions.ts';
import { renderText, stripInlineMarkdown } from '../../core/answer/render.ts';
import type { Answer, Block, RoleChoice } from '../../core/types.ts';
import { inlineControl, parseInlineControl } from '../../bot/controls.ts';
import { copy } from '../../bot/copy.ts';
import type { AnswerControls, AnswerReply, CommentFormReply, Note, ReportReply } from '../../bot/interactions.ts';
import { ACTION, COMMENT_INPUT } from './actions.ts';

type KnownBlock = SlackTypes.KnownBlock;
type PlainTextOption = SlackTypes.PlainTextOption;

/** Slack's documented Block Kit limits, and the softer ones this renderer keeps to. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  /** Options in the answer to one `block_suggestion` (an external select's search). */
  suggestedOptions: 100,
  /** `text` is truncated by Slack at 40,000 characters; a fallback is a summary, so keep it short. */
  fallbackText: 3000,
} as const;

/** What the person sees around the answer itself. */
export interface RenderOptions {
  /** The encoded controls of the answer's buttons, from the bot layer. Default: none. */
  controls?: AnswerControls;
  /** Offer "Share in channel" (when its control is there). Default false. */
  share?: boolean;
  /** Index of the first content block to show: what a "More" click asks for. Default 0. */
  offset?: number;
  /**
   * A line of already-safe mrkdwn shown above the answer (e.g. `Shared by <@U1>`). Build it with {@link noteLine}
   * or {@link escapeMrkdwn}: it is not escaped again.
   */
  note?: string;
  /** Every role, offered in an "Open a role…" menu (the role list uses it). */
  roleMenu?: AnswerReply['roleMenu'];
  /**
   * Most characters of answer text in one message before the rest moves behind "More". Default
   * {@link defaultMaxCharsPerMessage}: a chat message is not a document.
   */
  maxCharsPerMessage?: number;
}

/** A message as `chat.postMessage`, `chat.postEphemeral` and `respond()` take it. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

// ---------------------------------------------------------------------------------------------------------------
// Text

/** Escapes the three characters Slack treats as markup. Apply to every piece of text you did not build yourself. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Private-use characters used as placeholders while converting; removed from input so nobody can forge one. */
const PLACEHOLDER = /[\ue000-\ue00f]/g;
const SLOT_OPEN = '\ue000';
const SLOT_CLOSE = '\ue001';
const BOLD = '\ue002';

/** Slack user ids: `U…` or `W…` (enterprise), upper-case letters and digits. */
const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CDG][A-Z0-9]{2,30}$/;

/**
 * `<@U123>` for a user id that came from a verified Slack payload, or `someone` for anything else: the one mention the
 * adapter ever emits, and never from text.
 */
export function userMention(userId: string | undefined): string {
  return userId && USER_ID.test(userId) ? `<@${userId}>` : 'someone';
}

/** `<#C123>` for a channel id from a verified payload, or `this channel`. A channel link never notifies anyone. */
export function channelLink(channelId: string | undefined): string {
  return channelId && CHANNEL_ID.test(channelId) ? `<#${channelId}>` : 'this channel';
}

/** The line above an answer (who shared it, where, for whom), from the bot layer's note. Safe mrkdwn. */
export function noteLine(note: Note): string {
  switch (note.kind) {
    case 'shared-by':
      return escapeAround(copy.sharedBy(MENTION_SLOT), userMention(note.user));
    case 'shared-in':
      return escapeAround(copy.sharedIn(MENTION_SLOT), channelLink(note.channel));
    case 'answered-for':
      return escapeAround(copy.answeredFor(MENTION_SLOT), userMention(note.user));
  }
}

/** Where a sentence from copy.ts takes a mention: plain letters, which escaping and emphasis leave alone. */
const MENTION_SLOT = 'MENTIONSLOT';

/** Escapes a sentence and then puts the (already safe) mention in its slot. */
function escapeAround(sentence: string, mention: string): string {
  return markdownToMrkdwn(sentence).replace(MENTION_SLOT, mention);
}

function safeUrl(url: string): string | undefined {
  if (!/^(?:https?:\/\/|mailto:)[^\s<>|]+$/i.test(url)) return undefined;
  return url.replace(/&/g, '&amp;');
}

/**
 * Converts the core's inline Markdown to Slack mrkdwn: `**bold**` → `*bold*`, `*italic*` / `_italic_` → `_italic_`,
 * `` `code` `` kept, `[text](url)` → `<url|text>`. `&`, `<`, `>` are escaped first, and mass-mention words are broken
 * with a zero-width space, so the result can only contain the markup added here.
 */
export function markdownToMrkdwn(markdown: string): string {
  const slots: string[] = [];
  const hold = (mrkdwn: string) => `${SLOT_OPEN}${slots.push(mrkdwn) - 1}${SLOT_CLOSE}`;
  let text = neutralizeMentions(markdown.replace(PLACEHOLDER, ''));
  // Code first: nothing inside backticks is markup.
  text = text.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`\`${escapeMrkdwn(code)}\``));
  text = text.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => {
    const href = safeUrl(url);
    const shown = emphasis(escapeMrkdwn(label)).replace(/\|/g, '¦');
    return href ? hold(`<${href}|${shown}>`) : hold(`${shown} (${escapeMrkdwn(url)})`);
  });
  text = emphasis(escapeMrkdwn(text));
  return text.replace(new RegExp(`${SLOT_OPEN}(\\d+)${SLOT_CLOSE}`, 'g'), (_, i: string) => slots[Number(i)] ?? '');
}

/** Bold and italic on already-escaped text. */
function emphasis(text: string): string {
  return text
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/__(?=\S)([^\n]*?\S)__/g, `${BOLD}$1${BOLD}`)
    .replace(/(^|[^\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, '$1_$2_')
    .replace(new RegExp(BOLD, 'g'), '*');
}

/**
 * Plain text (header, button labels, options): no markup at all, mentions broken, within `max` characters. Slack does
 * not parse plain_text, but angle brackets become look-alikes anyway, so no payload ever carries raw `<…>` from text.
 */
export function plainText(markdown: string, max: number): string {
  const text = neutralizeMentions(stripInlineMarkdown(markdown.replace(PLACEHOLDER, '')).replace(/\s+/g, ' ').trim());
  return truncate(text.replace(/</g, '‹').replace(/>/g, '›'), max);
}

/** Cuts to `max` characters (code points counted as Slack counts UTF-16 units), ending with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  // Never leave half a surrogate pair.
  if (/[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut -= 1;
  return `${safeCut(text, cut)}…`;
}

/** The longest prefix of `text` within `cut` characters that does not end inside `<…>` markup or an `&…;` entity. */
function safeCut(text: string, cut: number): string {
  let head = text.slice(0, cut);
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && amp > head.length - 6 && !head.slice(amp).includes(';')) head = head.slice(0, amp);
  return head;
}

/**
 * Splits mrkdwn into pieces of at most `max` characters: at a line break if there is one in the second half, else at
 * a space, else hard (never inside `<…>` or an entity).
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = safeCut(rest, max);
    let at = window.lastIndexOf('\n');
    if (at < max / 2) at = window.lastIndexOf(' ');
    if (at < max / 4) at = window.length;
    // A space inside `<url|link text>` is no place to cut either.
    at = safeCut(rest, at).length;
    if (at <= 0) at = window.length > 0 ? window.length : Math.min(max, rest.length);
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).replace(/^[\n ]+/, '');
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Content blocks

type ContentBlock = Extract<KnownBlock, { type: 'section' } | { type: 'context' }>;

function section(mrkdwn: string): ContentBlock[] {
  return splitMrkdwn(mrkdwn, SLACK_LIMITS.sectionText).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

function bulletsMrkdwn(block: Extract<Block, { type: 'bullets' }>): string {
  let n = 0;
  return block.items
    .map((item) => {
      const body = markdownToMrkdwn(item.trim());
      if (item.startsWith('  ')) return `      ◦ ${body}`;
      n += 1;
      return block.ordered ? `${n}. ${body}` : `• ${body}`;
    })
    .join('\n');
}

/** Fields sections of at most ten fields; a field too long for Slack becomes a section of its own instead. */
function fieldsSections(fields: readonly string[], lead?: string): ContentBlock[] {
  const out: ContentBlock[] = [];
  let group: string[] = [];
  let first = true;
  const flush = () => {
    if (group.length === 0) return;
    const text = first && lead ? { text: { type: 'mrkdwn' as const, text: truncate(lead, SLACK_LIMITS.sectionText) } } : {};
    out.push({ type: 'section', ...text, fields: group.map((f) => ({ type: 'mrkdwn' as const, text: f })) });
    first = false;
    group = [];
  };
  for (const field of fields) {
    if (field.length > SLACK_LIMITS.fieldText) {
      flush();
      out.push(...section(field));
      continue;
    }
    group.push(field);
    if (group.length === SLACK_LIMITS.fieldsPerSection) flush();
  }
  flush();
  if (first && lead) out.unshift(...section(lead));
  return out;
}

/** A table as fields: one field per row, the first cell in bold, the others as `Column: value` lines. */
function tableFields(block: Extract<Block, { type: 'table' }>): ContentBlock[] {
  const fields = block.rows.map((row) => {
    const [head, ...rest] = row;
    const lines = rest
      .map((cell, i) => ({ cell: cell.trim(), column: block.columns[i + 1] ?? '' }))
      .filter(({ cell }) => cell !== '' && cell !== '—')
      .map(({ cell, column }) =>
        column ? `_${escapeMrkdwn(plainText(column, 200))}:_ ${markdownToMrkdwn(cell)}` : markdownToMrkdwn(cell),
      );
    return [`*${escapeMrkdwn(plainText(head ?? '', 500))}*`, ...lines].join('\n');
  });
  return fieldsSections(fields, block.caption ? markdownToMrkdwn(block.caption) : undefined);
}

function contextBlock(mrkdwn: string): ContentBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn, SLACK_LIMITS.contextText) }] };
}

/** The answer's own blocks as Slack blocks; a heading is packed with the block under it to save blocks. */
export function contentBlocks(answer: Answer): ContentBlock[] {
  return layout(answer).blocks;
}

/** Slack blocks, and the indexes where a part of the answer behind "More" starts (its `more` markers). */
function layout(answer: Answer): { blocks: ContentBlock[]; breaks: Set<number> } {
  const out: ContentBlock[] = [];
  const breaks = new Set<number>();
  let heading: string | undefined;
  const withHeading = (mrkdwn: string) => {
    const text = heading !== undefined ? `${heading}\n${mrkdwn}` : mrkdwn;
    heading = undefined;
    return text;
  };
  for (const block of answer.blocks) {
    switch (block.type) {
      case 'heading':
        if (heading !== undefined) out.push(...section(heading));
        heading = `*${markdownToMrkdwn(stripInlineMarkdown(block.text))}*`;
        break;
      case 'paragraph':
        out.push(...section(withHeading(markdownToMrkdwn(block.text))));
        break;
      case 'bullets':
        out.push(...section(withHeading(bulletsMrkdwn(block))));
        break;
      case 'table':
        if (heading !== undefined) out.push(...section(withHeading('')));
        out.push(...tableFields(block));
        break;
      case 'fields':
        if (heading !== undefined) out.push(...section(withHeading('')));
        out.push(...fieldsSections(block.fields.map((f) => `*${escapeMrkdwn(plainText(f.label, 500))}*\n${markdownToMrkdwn(f.value)}`)));
        break;
      case 'source':
        if (heading !== undefined) out.push(...section(withHeading('')));
        out.push(contextBlock(markdownToMrkdwn(block.text)));
        break;
      case 'more':
        if (heading !== undefined) out.push(...section(withHeading('')));
        breaks.add(out.length);
        break;
    }
  }
  if (heading !== undefined) out.push(...section(heading));
  return { blocks: out, breaks };
}

function blockChars(block: ContentBlock): number {
  if (block.type === 'context') return block.elements.reduce((n, e) => n + ('text' in e ? e.text.length : 0), 0);
  return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// The message

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: plainText(text, SLACK_LIMITS.buttonText) || 'Open', emoji: true },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/** What the external role menu says before anything is typed. */
const ROLE_SEARCH_PLACEHOLDER = 'Open a role… (type to search)';
/** Slack asks for options from the first character typed (its default is 3: too late for "ML" or "AI"). */
const ROLE_SEARCH_MIN_QUERY = 1;

/**
 * The "Open a role…" menu. Up to Slack's 100 options it is a static select holding every role; past that, an external
 * select whose options the adapter's options handler finds as the person types ({@link roleOptions}), so every role of
 * a catalogue of thousands can be reached. Both carry the same value for a role, and both action ids are the same.
 */
function roleMenu(choices: NonNullable<AnswerReply['roleMenu']>) {
  if (choices.length > SLACK_LIMITS.selectOptions)
    return {
      type: 'external_select' as const,
      action_id: ACTION.openRole,
      placeholder: { type: 'plain_text' as const, text: ROLE_SEARCH_PLACEHOLDER },
      min_query_length: ROLE_SEARCH_MIN_QUERY,
    };
  const options: PlainTextOption[] = choices
    .filter((c) => c.control.length <= SLACK_LIMITS.optionValue)
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((c) => ({ text: { type: 'plain_text', text: plainText(c.role.title, SLACK_LIMITS.optionText) }, value: c.control }));
  return {
    type: 'static_select' as const,
    action_id: ACTION.openRole,
    placeholder: { type: 'plain_text' as const, text: 'Open a role…' },
    options,
  };
}

/** What a role menu option carries: the same run-a-command control the static menu has always carried. */
function roleOptionValue(slug: string): string {
  return inlineControl({ action: 'run', command: `role ${slug}` });
}

/**
 * The slug a selected role menu value names, read back as untrusted input: exactly the form {@link roleOptionValue}
 * makes (`ca:r:role <kebab-case slug>`), else `undefined`. Whether the slug is still in the catalogue is the
 * caller's question.
 */
export function roleSlugOf(value: unknown): string | undefined {
  const control = parseInlineControl(value);
  if (control?.action !== 'run') return undefined;
  return /^role ([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(control.command)?.[1];
}

/**
 * The options of the external role menu for the roles a search found, in their order: at most Slack's 100, each
 * title and summary cut to 75 characters, each value a control within 150 (a role whose value would not fit is left
 * out, as the static menu leaves it out), no value twice.
 */
export function roleOptions(roles: readonly RoleChoice[]): PlainTextOption[] {
  const seen = new Set<string>();
  const options: PlainTextOption[] = [];
  for (const role of roles) {
    if (options.length === SLACK_LIMITS.suggestedOptions) break;
    const value = roleOptionValue(role.slug);
    if (value.length > SLACK_LIMITS.optionValue || seen.has(value)) continue;
    seen.add(value);
    const description = plainText(role.summary, SLACK_LIMITS.optionDescription);
    options.push({
      text: { type: 'plain_text', text: plainText(role.title, SLACK_LIMITS.optionText) || truncate(role.slug, SLACK_LIMITS.optionText) },
      value,
      ...(description ? { description: { type: 'plain_text', text: description } } : {}),
    });
  }
  return options;
}

/**
 * Renders an answer to a Slack message. The result always has a plain `text` fallback and at most
 * {@link SLACK_LIMITS.blocksPerMessage} blocks; content that does not fit ends with a "More" button.
 */
export function renderBlocks(answer: Answer, options: RenderOptions): SlackMessage {
  const replay = answer.replay ?? answer.title;
  const offset = Math.max(0, options.offset ?? 0);
  const { blocks: content, breaks } = layout(answer);
  const head: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: plainText(offset > 0 ? `${answer.title} (continued)` : answer.title, SLACK_LIMITS.headerText) || 'Career Advisor',
        emoji: true,
      },
    },
  ];
  if (options.note) head.unshift(contextBlock(options.note));

  const controlsIn = options.controls ?? { followUps: [] };
  const followUpElements = [
    ...controlsIn.followUps.map((f, i) => button(f.followUp.label, `${ACTION.followUp}${i}`, f.control)),
    ...(options.roleMenu && options.roleMenu.length > 0 ? [roleMenu(options.roleMenu)] : []),
  ];
  const followUpBlocks: KnownBlock[] = [];
  for (let i = 0; i < followUpElements.length; i += SLACK_LIMITS.actionsElements) {
    followUpBlocks.push({
      type: 'actions',
      block_id: `followups:${i / SLACK_LIMITS.actionsElements}`,
      elements: followUpElements.slice(i, i + SLACK_LIMITS.actionsElements),
    });
  }

  const controls = [
    ...(options.share && controlsIn.share ? [button('📣 Share in channel', ACTION.share, controlsIn.share, 'primary')] : []),
    ...(controlsIn.up ? [button('👍 Helpful', ACTION.feedbackUp, controlsIn.up)] : []),
    ...(controlsIn.down ? [button('👎 Not helpful', ACTION.feedbackDown, controlsIn.down)] : []),
  ];

  // What is left of the 50 blocks (and of the character budget) goes to content; one more block for the controls.
  const fixed = head.length + followUpBlocks.length + 1;
  const budget = SLACK_LIMITS.blocksPerMessage - fixed;
  const maxChars = options.maxCharsPerMessage ?? defaultMaxCharsPerMessage;
  const page: ContentBlock[] = [];
  let chars = 0;
  let next = offset;
  while (next < content.length && page.length < budget) {
    const block = content[next] as ContentBlock;
    // The short answer ends at its "More" marker: the detail is one click away, not in the same message.
    if (page.length > 0 && (breaks.has(next) || chars + blockChars(block) > maxChars)) break;
    page.push(block);
    chars += blockChars(block);
    next += 1;
  }
  if (page.length === 0 && content.length > 0) page.push(...section('_That is the whole answer._'));
  // "More" carries the replay and where to go on; commands are short enough to travel inline in a button value.
  const more = inlineControl({ action: 'more', command: replay, offset: next });
  if (next < content.length && more.length <= SLACK_LIMITS.buttonValue)
    controls.push(button(`More (${content.length - next} more)`, ACTION.more, more));

  const blocks: KnownBlock[] = [...head, ...page, ...followUpBlocks];
  if (controls.length > 0) blocks.push({ type: 'actions', block_id: 'controls', elements: controls });
  return { text: fallbackText(offset > 0 ? answer : answerPart(answer, 0), options.note), blocks };
}

/** The plain-text fallback Slack shows in notifications and where blocks cannot be rendered. */
export function fallbackText(answer: Answer, note?: string): string {
  const body = escapeMrkdwn(neutralizeMentions(renderText(answer, { followUps: false }).replace(PLACEHOLDER, '')));
  return truncate(note ? `${note}\n${body}` : body, SLACK_LIMITS.fallbackText);
}

/** A short private notice (refusals, errors, acknowledgements), escaped. */
export function noticeMessage(text: string): SlackMessage {
  const mrkdwn = markdownToMrkdwn(text);
  return { text: escapeMrkdwn(plainText(text, SLACK_LIMITS.fallbackText)), blocks: section(mrkdwn) };
}

/** A moderator listing: a header, the introduction, then the lines (one entry each) in as few sections as fit. */
export function reportMessage(report: ReportReply): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: plainText(report.title, SLACK_LIMITS.headerText), emoji: true } },
    ...section(markdownToMrkdwn(report.intro)),
  ];
  const body = report.lines.map((line) => markdownToMrkdwn(line)).join('\n');
  if (body !== '') blocks.push(...section(body).slice(0, SLACK_LIMITS.blocksPerMessage - blocks.length));
  const text = [report.title, report.intro, ...report.lines].join('\n');
  return { text: escapeMrkdwn(plainText(text.replace(/\n/g, ' · '), SLACK_LIMITS.fallbackText)), blocks };
}

/** The "what was wrong?" modal after 👎; its control rides in `private_metadata` (≤ 3,000 characters). */
export function commentModal(form: CommentFormReply): SlackTypes.ModalView {
  return {
    type: 'modal',
    callback_id: ACTION.comment,
    private_metadata: form.control.slice(0, 3000),
    title: { type: 'plain_text', text: plainText(form.title, 24) },
    submit: { type: 'plain_text', text: plainText(form.submit, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: COMMENT_INPUT.block,
        label: { type: 'plain_text', text: plainText(form.label, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: COMMENT_INPUT.element,
          multiline: true,
          max_length: 1000,
          placeholder: { type: 'plain_text', text: plainText(form.placeholder, 150) },
        },
      },
    ],
  };
}

/** What replaces the comment modal once it was sent. */
export function commentThanksView(text: string): SlackTypes.ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Thanks' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: section(markdownToMrkdwn(text || copy.somethingWentWrong)),
  };
}

/** Characters of answer text per message before "More". */
export const defaultMaxCharsPerMessage = 12_000;
