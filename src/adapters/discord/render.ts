/**
 * Renders a core Answer as Discord embeds and buttons, within every Discord limit by construction: a long answer is
 * split across embeds at line breaks, and what would still not fit is shortened with a note in the footer — Discord
 * never gets a request it would reject. All text goes through neutralizeMentions (src/bot/mentions.ts), and every message carries
 * `allowed_mentions.parse: []`, so nothing in an answer can ping anyone.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type MessageMentionOptions,
} from 'discord.js';
import { answerPart } from '../../core/answer/parts.ts';
import { neutralizeMentions } from '../../bot/mentions.ts';
import type { Answer, Block, FollowUp } from '../../core/types.ts';
import type { AnswerControls, Note, ReportReply } from '../../bot/interactions.ts';
import { copy } from '../../bot/copy.ts';

/** Discord's documented message limits (API reference: message, embed and component limits). */
export const DISCORD_LIMITS = {
  content: 2_000,
  embeds: 10,
  embedTotal: 6_000,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
} as const;

export interface EmbedOptions {
  /** Which part of the answer to show (see `answerParts`): 0, the short answer, unless "More" asked for the next. */
  part?: number;
  /** Accent colour of the embeds. Default {@link defaultEmbedColor}. */
  color?: number;
  /** Characters all embeds of one message may use together; never above Discord's 6,000. Default 6,000. */
  maxTotal?: number;
}

/** How the Share button shows: offered (private answers in a server), already used, or absent (public or DM). */
export type ShareButton = 'offer' | 'done' | 'none';

export interface ComponentOptions {
  /** The encoded controls of the answer's buttons, from the bot layer. */
  controls: AnswerControls;
  share: ShareButton;
  /** Show 👍/👎. Default true. */
  feedback?: boolean;
}

export interface MessageOptions extends ComponentOptions, EmbedOptions {
  /** Text above the embeds (e.g. "Shared by <@id>"); shortened to 2,000 characters. */
  content?: string;
  /** The one user this message may ping (the sharer, or the moderator who asked); nobody else can be. */
  mentionUser?: string;
}

/** Said in the footer when an answer had to be shortened to fit a message. */
export const shortenedNotice = 'Shortened to fit Discord: ask about one topic to see the rest';
export const defaultEmbedColor = 0x5865f2;
/** The title of an answer that has none. */
export const defaultTitle = 'Career Advisor';

const ZERO_WIDTH_NAME = '\u200b';
/** Below this many characters of room, a text is moved to the next embed rather than split. */
const MIN_SPLIT_ROOM = 200;

/** Mentions that nothing we send may trigger, except an explicitly named user. */
export function noPings(user?: string): MessageMentionOptions {
  return user ? { parse: [], users: [user], repliedUser: false } : { parse: [], repliedUser: false };
}

/** The embeds of an answer: title first, then text and figures in the answer's order, source and as-of in the footer. */
export function toEmbeds(whole: Answer, options: EmbedOptions = {}): APIEmbed[] {
  const part = Math.max(0, options.part ?? 0);
  const answer = answerPart(whole, part);
  const maxTotal = Math.min(options.maxTotal ?? DISCORD_LIMITS.embedTotal, DISCORD_LIMITS.embedTotal);
  // Discord rejects an embed with nothing in it: the title is always there, the product name when an answer has none.
  const title = truncate(`${clean(answer.title.trim()) || defaultTitle}${part > 0 ? ' (more)' : ''}`, DISCORD_LIMITS.title);
  const sources = answer.blocks.flatMap((b) => (b.type === 'source' && b.text.trim() !== '' ? [clean(b.text.trim())] : []));
  const footerFor = (shortened: boolean) =>
    truncate([...(shortened ? [shortenedNotice] : []), ...sources].join(' · '), DISCORD_LIMITS.footer);
  // Room is kept for the title and for the longest footer, so the shortened note always fits.
  const writer = new EmbedWriter(Math.max(0, maxTotal - title.length - footerFor(true).length), options.color ?? defaultEmbedColor);
  for (const block of answer.blocks) {
    if (writer.stopped) break;
    writeBlock(writer, block);
  }
  const embeds = writer.finish();
  (embeds[0] as APIEmbed).title = title;
  const footer = footerFor(writer.shortened);
  if (footer) (embeds[embeds.length - 1] as APIEmbed).footer = { text: footer };
  return embeds;
}

function writeBlock(writer: EmbedWriter, block: Block): void {
  switch (block.type) {
    case 'heading':
      writer.text(`**${clean(block.text)}**`);
      return;
    case 'paragraph':
      writer.text(clean(block.text));
      return;
    case 'bullets':
      writer.text(bulletLines(block).join('\n'));
      return;
    case 'table':
      if (block.caption) writer.text(`_${clean(block.caption)}_`);
      for (const field of tableFields(block)) writer.field(field);
      return;
    case 'fields':
      for (const f of block.fields) writer.field({ name: clean(f.label), value: clean(f.value) });
      return;
    case 'source':
      return; // in the footer
    case 'more':
      return; // toEmbeds shows one part at a time
  }
}

function bulletLines(block: Extract<Block, { type: 'bullets' }>): string[] {
  let n = 0;
  return block.items.map((item) => {
    const body = clean(item.trim());
    if (item.startsWith('  ')) return `   - ${body}`;
    n += 1;
    return block.ordered ? `${n}. ${body}` : `- ${body}`;
  });
}

/**
 * A table as one field per row: the first cell names the field, the second (the figure) comes first and bold, and
 * the other cells follow labelled by their column, so salary tables and comparisons read well on a phone too.
 */
function tableFields(block: Extract<Block, { type: 'table' }>): APIEmbedField[] {
  return block.rows.map((row) => {
    const [first = '', ...rest] = row;
    const lines = rest.flatMap((raw, i) => {
      const cell = clean(raw.trim());
      const column = clean(block.columns[i + 1] ?? '');
      if (cell === '' || cell === '—') return [];
      if (i === 0) return [`**${cell}**`];
      return [column === '' || cell.toLowerCase().startsWith(column.toLowerCase()) ? cell : `${column}: ${cell}`];
    });
    return { name: clean(first) || ZERO_WIDTH_NAME, value: lines.join('\n') || '—' };
  });
}

/** Fills embeds in order while keeping every per-embed and per-message limit. */
class EmbedWriter {
  readonly embeds: APIEmbed[] = [];
  shortened = false;
  stopped = false;
  private used = 0;

  constructor(
    private readonly budget: number,
    private readonly color: number,
  ) {
    this.embeds.push({ color });
  }

  private get current(): APIEmbed {
    return this.embeds[this.embeds.length - 1] as APIEmbed;
  }

  /** Starts another embed; when the message already has ten, the rest of the answer is cut. */
  private next(): boolean {
    if (this.embeds.length >= DISCORD_LIMITS.embeds) {
      this.cut();
      return false;
    }
    this.embeds.push({ color: this.color });
    return true;
  }

  private cut(): void {
    this.shortened = true;
    this.stopped = true;
  }

  text(text: string): void {
    let rest = text.trim();
    if (this.stopped || rest === '') return;
    // Discord always shows fields below the description: text that follows fields starts a new embed to keep order.
    if ((this.current.fields?.length ?? 0) > 0 && !this.next()) return;
    while (rest !== '') {
      const description = this.current.description ?? '';
      const separator = description === '' ? 0 : 2;
      const byEmbed = DISCORD_LIMITS.description - description.length - separator;
      const byMessage = this.budget - this.used - separator;
      const room = Math.min(byEmbed, byMessage);
      if (rest.length <= room) {
        this.appendDescription(rest, separator);
        return;
      }
      if (byMessage <= byEmbed) {
        // The message is full: end with as much as fits, cut at a word.
        if (room >= 40) this.appendDescription(truncate(rest, room), separator);
        this.cut();
        return;
      }
      if (room >= MIN_SPLIT_ROOM) {
        const [head, tail] = splitText(rest, room);
        this.appendDescription(head, separator);
        rest = tail;
      }
      if (rest !== '' && !this.next()) return;
    }
  }

  private appendDescription(text: string, separator: number): void {
    this.current.description = separator > 0 ? `${this.current.description ?? ''}\n\n${text}` : text;
    this.used += separator + text.length;
  }

  field(field: APIEmbedField): void {
    if (this.stopped) return;
    const name = truncate(field.name.trim() || ZERO_WIDTH_NAME, DISCORD_LIMITS.fieldName);
    const chunks = splitAll(field.value.trim() || '—', DISCORD_LIMITS.fieldValue);
    for (const [i, chunk] of chunks.entries()) {
      const fieldName = i === 0 ? name : ZERO_WIDTH_NAME;
      if ((this.current.fields?.length ?? 0) >= DISCORD_LIMITS.fields && !this.next()) return;
      const room = this.budget - this.used - fieldName.length;
      if (chunk.length > room) {
        if (room >= 40) this.pushField(fieldName, truncate(chunk, room));
        this.cut();
        return;
      }
      this.pushField(fieldName, chunk);
    }
  }

  private pushField(name: string, value: string): void {
    (this.current.fields ??= []).push({ name, value });
    this.used += name.length + value.length;
  }

  finish(): APIEmbed[] {
    // An embed opened just before the cut may be empty; Discord rejects an empty embed.
    const filled = this.embeds.filter((e, i) => i === 0 || (e.description ?? '') !== '' || (e.fields?.length ?? 0) > 0);
    return filled;
  }
}

/** Splits text at a paragraph or line break (else a space) so the head fits `max`, keeping `**bold**` balanced. */
export function splitText(text: string, max: number): [string, string] {
  if (text.length <= max) return [text, ''];
  const window = text.slice(0, max + 1);
  let at = window.lastIndexOf('\n\n');
  if (at < max / 2) at = window.lastIndexOf('\n');
  if (at < max / 2) at = window.lastIndexOf(' ');
  if (at <= 0) at = max;
  let head = text.slice(0, at).trimEnd();
  let tail = text.slice(at).trimStart();
  if ((head.match(/\*\*/g)?.length ?? 0) % 2 === 1) {
    if (head.length + 2 > max) {
      // No room to close the bold mark: leave it out of both parts rather than show stray asterisks.
      const open = head.lastIndexOf('**');
      head = head.slice(0, open) + head.slice(open + 2);
    } else {
      head = `${head}**`;
      tail = `**${tail}`;
    }
  }
  return [head, tail];
}

function splitAll(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const [head, tail] = splitText(rest, max);
    parts.push(head);
    rest = tail;
  }
  if (rest !== '' || parts.length === 0) parts.push(rest);
  return parts;
}

/** Shortens text to `max` characters at a word boundary, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function clean(text: string): string {
  return neutralizeMentions(text);
}

/**
 * Buttons: a row of topic follow-ups, a row of related roles, then Share and 👍/👎. Each carries its control from the
 * bot layer (src/bot/controls.ts), so a click works without the message. At most 5 rows of 5, labels ≤ 80 characters.
 */
export function toComponents(options: ComponentOptions): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const seen = new Set<string>();
  const distinct = (f: { followUp: FollowUp; control: string }) => (seen.has(f.control) ? false : (seen.add(f.control), true));
  const followUps = options.controls.followUps.filter(distinct);
  const rows: APIButtonComponentWithCustomId[][] = [
    followUps.filter((f) => f.followUp.kind === 'topic'),
    followUps.filter((f) => f.followUp.kind === 'role'),
  ].map((group) =>
    group.slice(0, DISCORD_LIMITS.buttonsPerRow).map((f) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: truncate(neutralizeMentions(f.followUp.label), DISCORD_LIMITS.buttonLabel),
      custom_id: f.control,
    })),
  );
  const actions: APIButtonComponentWithCustomId[] = [];
  const { share, up, down, more } = options.controls;
  // The detail of a short answer is one click away: it comes as a second private message.
  if (more) actions.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'More', custom_id: more });
  if (share && options.share === 'offer') {
    actions.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Share in channel', custom_id: share });
  } else if (share && options.share === 'done') {
    actions.push({ type: ComponentType.Button, style: ButtonStyle.Success, label: 'Shared', custom_id: share, disabled: true });
  }
  if (options.feedback !== false && up && down) {
    actions.push(
      { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: '👍' }, label: 'Helpful', custom_id: up },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: '👎' }, label: 'Not helpful', custom_id: down },
    );
  }
  rows.push(actions);
  return rows
    .filter((row) => row.length > 0)
    .slice(0, DISCORD_LIMITS.rows)
    .map((row) => ({ type: ComponentType.ActionRow, components: row }));
}

/** The line above an answer, and the one user it may ping (the sharer, or the member a moderator answered). */
export function noteContent(note: Note): { content: string; mentionUser?: string } {
  switch (note.kind) {
    case 'shared-by':
      return { content: copy.sharedBy(`<@${note.user}>`), mentionUser: note.user };
    case 'shared-in':
      return { content: copy.sharedIn(`<#${note.channel}>`) };
    case 'answered-for':
      return { content: copy.answeredFor(`<@${note.user}>`), mentionUser: note.user };
  }
}

/** A short private notice: text only, mentions neutralised and locked. */
export function noticeBody(text: string): { content: string; allowedMentions: MessageMentionOptions } {
  return { content: truncate(clean(text), DISCORD_LIMITS.content), allowedMentions: noPings() };
}

/** A moderator listing as one embed: the introduction, then one line per entry, within the description limit. */
export function reportBody(
  report: ReportReply,
  color = defaultEmbedColor,
): { content: string; embeds: APIEmbed[]; allowedMentions: MessageMentionOptions } {
  const lines: string[] = [];
  let used = 0;
  for (const line of report.lines.map((l) => clean(l))) {
    if (used + line.length + 1 > DISCORD_LIMITS.description - 40) break;
    lines.push(line);
    used += line.length + 1;
  }
  const description = lines.length > 0 ? lines.join('\n') : undefined;
  return {
    content: truncate(clean(report.intro), DISCORD_LIMITS.content),
    embeds: [{ color, title: truncate(clean(report.title), DISCORD_LIMITS.title), ...(description ? { description } : {}) }],
    allowedMentions: noPings(),
  };
}

/** A whole message body for an answer: embeds, buttons, optional content, and mentions locked down. */
export function toMessage(
  answer: Answer,
  options: MessageOptions,
): {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  allowedMentions: MessageMentionOptions;
} {
  return {
    ...(options.content !== undefined ? { content: truncate(options.content, DISCORD_LIMITS.content) } : {}),
    embeds: toEmbeds(answer, options),
    components: toComponents(options),
    allowedMentions: noPings(options.mentionUser),
  };
}
