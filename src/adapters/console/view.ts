/**
 * The terminal view of an answer: text wrapped to the terminal's width (measured with string-width, so wide
 * characters and emoji count as two columns), tables that fit or turn into aligned key–value lines, bold headings
 * and dim source lines when colour is on, and follow-ups as a numbered list (the chat runs `2` as the second one).
 * No line is ever wider than {@link ViewOptions.width}.
 */
import pc from 'picocolors';
import { neutralizeMentions } from '../../bot/mentions.ts';
import { stripInlineMarkdown } from '../../core/answer/render.ts';
import { answerParts } from '../../core/answer/parts.ts';
import type { Answer, Block, FollowUp } from '../../core/types.ts';

export interface ViewOptions {
  /** Columns available. Default {@link defaultWidth}; values below {@link minWidth} are raised to it. */
  width: number;
  /** ANSI bold and dim. Default false: decide with {@link colorEnabled}. */
  color: boolean;
  /** Show the numbered follow-up list. Default true. */
  followUps?: boolean;
  /** Every part of the answer at once (`ask --full`); default only the short answer, before its `more` marker. */
  full?: boolean;
  /**
   * Show each follow-up's command beside its label. Default true (for `ask`, where it is what to type next); the
   * chat turns it off, since there typing the number is enough.
   */
  followUpCommands?: boolean;
}

/** Width when the output is not a terminal (a pipe, a file, a test). */
const defaultWidth = 80;
/** Narrowest width the view lays out for. */
const minWidth = 20;

/** Space between table columns. */
const GAP = 2;
/** Narrowest table column; a column never wraps inside a word of up to {@link MAX_UNBROKEN_WORD} characters. */
const MIN_COLUMN = 6;
const MAX_UNBROKEN_WORD = 16;
/** A wrapped table whose rows would grow taller than this reads worse than key–value lines. */
const MAX_ROW_LINES = 2;

/**
 * Whether to colour output: `FORCE_COLOR` (any value but `0`/`false`) forces it on, `NO_COLOR` (non-empty) off, and
 * otherwise it is on for a terminal only. The caller passes the two settings from config.
 */
export function colorEnabled(stream: { isTTY?: boolean }, settings: { forceColor?: boolean; noColor?: boolean } = {}): boolean {
  if (settings.forceColor !== undefined) return settings.forceColor;
  if (settings.noColor) return false;
  return stream.isTTY === true;
}

/** The width to lay out for: `--width` when given, else the terminal's columns, else {@link defaultWidth}. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, requested?: number): number {
  const width = requested ?? (stream.isTTY === true && stream.columns ? stream.columns : defaultWidth);
  return Math.max(minWidth, Math.floor(width));
}

interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

/**
 * Inline Markdown to terminal text: `**bold**` becomes bold (when colour is on), every other mark is dropped. The
 * bold spans are held in private-use characters while the marks are stripped.
 */
function inline(text: string, style: Style): string {
  const bolded = text.replace(/\*\*([^*]+)\*\*/g, (_, inner: string) => `\ue000${inner}\ue001`);
  return stripInlineMarkdown(neutralizeMentions(bolded)).replace(/\ue000([^\ue001]*)\ue001/g, (_, inner: string) => style.bold(inner));
}

/**
 * Characters string-width counts as one column, each its own grapheme, that Unicode normalisation leaves as they are
 * and that are not white space but the plain space: printable ASCII, Latin-1 and Latin Extended-A letters and signs,
 * and the dashes, quotes, bullets, arrow and box line the answers use. Text made only of them (no colour, no emoji,
 * no tab or line break) is as wide as it is long and wraps like wrap-ansi without string-width's grapheme segmenter
 * and emoji regexes, whose first use cost a one-shot `ask` 20–45 ms. test/console/view-narrow.test.ts holds both
 * claims against string-width and wrap-ansi.
 */
const NARROW = /^[ -~\u00a1-\u00ac\u00ae-\u017f\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2192\u20ac\u2500\u25e6]*$/;

/**
 * string-width and wrap-ansi, for text that is not {@link NARROW}: loaded by {@link loadWideText}, not at import, so a
 * one-shot `ask` whose answer is all narrow text never compiles them (~30 ms of its start). The chat loads them when
 * it starts; {@link renderOnce} loads them when an answer needs them.
 */
let wide:
  | {
      stringWidth: (text: string) => number;
      wrapAnsi: (text: string, columns: number, options: { hard: boolean; trim: boolean }) => string;
    }
  | undefined;

export async function loadWideText(): Promise<void> {
  if (wide) return;
  const [{ default: stringWidth }, { default: wrapAnsi }] = await Promise.all([import('string-width'), import('wrap-ansi')]);
  wide = { stringWidth, wrapAnsi };
}

/** Thrown by a measure that needs string-width before {@link loadWideText} ran (caught by {@link renderOnce}). */
class WideTextNotLoaded extends Error {
  constructor() {
    super('the terminal view needs string-width for this text: await loadWideText() first');
  }
}

const wideText = () => {
  if (!wide) throw new WideTextNotLoaded();
  return wide;
};

/** Terminal columns of a text. */
export function textWidth(text: string): number {
  return NARROW.test(text) ? text.length : wideText().stringWidth(text);
}

/** One line wrapped to `columns` as `wrapAnsi(text, columns, { hard: true, trim })` wraps it. */
export function wrapLine(text: string, columns: number, trim: boolean): string {
  return NARROW.test(text) ? wrapNarrow(text, columns, trim) : wideText().wrapAnsi(text, columns, { hard: true, trim });
}

/**
 * Renders with the narrow measures alone, and when the text turns out to need string-width, loads it and renders
 * again (rendering has no side effects): the same output either way.
 */
export async function renderOnce(render: () => string): Promise<string> {
  try {
    return render();
  } catch (error) {
    if (!(error instanceof WideTextNotLoaded)) throw error;
    await loadWideText();
    return render();
  }
}

/**
 * wrap-ansi's hard wrap (its `exec`, v10) for text of {@link NARROW} characters on one line: words split at spaces,
 * a word wider than the row broken at the column, rows trimmed when `trim`. Every width is a length here.
 */
function wrapNarrow(text: string, columns: number, trim: boolean): string {
  if (trim && text.trim() === '') return '';
  let rows = [''];
  let rowLength = 0;
  let trimmedRow = -1;
  let first = true;
  for (const word of text.split(' ')) {
    const last = rows.length - 1;
    if (trim && trimmedRow !== last) {
      const row = rows[last] as string;
      const trimmed = row.trimStart();
      if (trimmed.length !== row.length) {
        rows[last] = trimmed;
        rowLength = trimmed.length;
      }
      if (trimmed.length > 0) trimmedRow = last;
    }
    if (first) first = false;
    else {
      if (rowLength >= columns && !trim) {
        rows.push('');
        rowLength = 0;
      }
      if (rowLength > 0 || !trim) {
        rows[rows.length - 1] += ' ';
        rowLength++;
      }
    }
    if (word.length > columns) {
      const breaksStartingThisLine = 1 + Math.floor((word.length - (columns - rowLength) - 1) / columns);
      const breaksStartingNextLine = Math.floor((word.length - 1) / columns);
      if (breaksStartingNextLine < breaksStartingThisLine) {
        rows.push('');
        rowLength = 0;
      }
      rowLength = breakWord(rows, word, columns, rowLength);
      continue;
    }
    if (rowLength + word.length > columns && rowLength > 0 && word.length > 0) {
      rows.push('');
      rowLength = 0;
    }
    rows[rows.length - 1] += word;
    rowLength += word.length;
  }
  if (trim) rows = rows.map((row) => row.replace(/ +$/, ''));
  return rows.join('\n');
}

/** wrap-ansi's `wrapWord` for {@link NARROW} text: the word across rows, one column per character. */
function breakWord(rows: string[], word: string, columns: number, rowWidth: number): number {
  let visible = rowWidth;
  for (let i = 0; i < word.length; i++) {
    if (visible > 0 && visible + 1 > columns) {
      rows.push('');
      visible = 0;
    }
    rows[rows.length - 1] += word[i] as string;
    visible += 1;
    if (visible === columns && i < word.length - 1) {
      rows.push('');
      visible = 0;
    }
  }
  if (!visible && (rows[rows.length - 1] as string).length > 0 && rows.length > 1) rows[rows.length - 2] += rows.pop() as string;
  return (rows[rows.length - 1] as string).length;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - textWidth(text)));

/** Wraps to `width`, breaking overlong words, with `first` before the first line and `rest` before the others. */
function wrap(text: string, width: number, first = '', rest = first): string[] {
  const indent = Math.max(textWidth(first), textWidth(rest));
  const room = Math.max(1, width - indent);
  return text
    .split('\n')
    .flatMap((paragraph) => wrapLine(paragraph, room, true).split('\n'))
    .map((line, i) => `${i === 0 ? first : rest}${line}`);
}

function bullets(block: Extract<Block, { type: 'bullets' }>, width: number, style: Style): string[] {
  let n = 0;
  return block.items.flatMap((item) => {
    const text = inline(item.trim(), style);
    if (item.startsWith('  ')) return wrap(text, width, '   ◦ ', '     ');
    n += 1;
    const marker = block.ordered ? `${n}. ` : '• ';
    return wrap(text, width, marker, ' '.repeat(marker.length));
  });
}

/**
 * Column widths that fit `width`: the natural ones when they fit, else the widest column shrunk first, one column at
 * a time, but never below its longest word (up to {@link MAX_UNBROKEN_WORD}). Undefined when even that does not fit.
 */
function fitColumns(natural: number[], minimum: number[], width: number): number[] | undefined {
  const widths = [...natural];
  const floor = natural.map((w, i) => Math.min(w, Math.max(MIN_COLUMN, minimum[i] ?? 0)));
  let excess = widths.reduce((a, b) => a + b, 0) + GAP * (natural.length - 1) - width;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if ((widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) return undefined;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return widths;
}

function table(block: Extract<Block, { type: 'table' }>, width: number, style: Style): string[] {
  const columns = block.columns.map((c) => inline(c, style));
  const rows = block.rows.map((r) => columns.map((_, i) => inline(r[i] ?? '', style)));
  const natural = columns.map((c, i) => Math.max(textWidth(c), ...rows.map((r) => textWidth(r[i] ?? ''))));
  const longestWord = columns.map((c, i) =>
    Math.min(
      MAX_UNBROKEN_WORD,
      Math.max(...[c, ...rows.map((r) => r[i] ?? '')].flatMap((cell) => cell.split(/\s+/).map((w) => textWidth(w)))),
    ),
  );
  const widths = columns.length > 1 ? fitColumns(natural, longestWord, width) : undefined;
  const out: string[] = block.caption ? wrap(inline(block.caption, style), width) : [];
  const cellLines = (cells: string[]) => cells.map((c, i) => wrap(c, widths?.[i] ?? MIN_COLUMN));
  if (!widths || [columns, ...rows].some((r) => cellLines(r).some((w) => w.length > MAX_ROW_LINES))) {
    return [...out, ...keyValues(columns, rows, width, style)];
  }
  const line = (cells: string[], emphasis = false) => {
    const wrapped = cellLines(cells);
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, k) =>
      wrapped
        .map((w, i) => {
          const text = w[k] ?? '';
          return pad(emphasis ? style.bold(text) : text, widths[i] ?? 0);
        })
        .join(' '.repeat(GAP))
        .trimEnd(),
    );
  };
  return [...out, ...line(columns, true), widths.map((w) => '─'.repeat(w)).join(' '.repeat(GAP)), ...rows.flatMap((r) => line(r))];
}

/** A table too wide for the terminal: one group per row, its first cell as a heading, then `Column: value` lines. */
function keyValues(columns: string[], rows: string[][], width: number, style: Style): string[] {
  const labels = columns.slice(1).map((c) => `${c}:`);
  const labelWidth = Math.max(0, ...labels.map((l) => textWidth(l)));
  const aligned = labelWidth + 3 <= Math.floor(width / 2);
  return rows.flatMap((row, r) => {
    const lines = [...(r > 0 ? [''] : []), ...wrap(style.bold(row[0] ?? ''), width)];
    row.slice(1).forEach((value, i) => {
      if (value.trim() === '') return;
      const label = labels[i] ?? '';
      if (aligned) lines.push(...wrap(value, width, `  ${pad(label, labelWidth)} `, ' '.repeat(labelWidth + 3)));
      else lines.push(...wrap(label, width, '  '), ...wrap(value, width, '    '));
    });
    return lines;
  });
}

function followUpList(followUps: FollowUp[], width: number, style: Style, commands: boolean): string[] {
  const digits = String(followUps.length).length;
  return [
    style.bold(commands ? 'Next:' : 'Next — type a number:'),
    ...followUps.flatMap((f, i) => {
      const marker = `  ${String(i + 1).padStart(digits)}. `;
      const text = commands ? `${inline(f.label, style)}: ${style.dim(neutralizeMentions(f.command))}` : inline(f.label, style);
      return wrap(text, width, marker, ' '.repeat(marker.length));
    }),
  ];
}

function blockLines(block: Block, width: number, style: Style): string[] {
  switch (block.type) {
    case 'heading':
      return wrap(style.bold(inline(block.text, style)), width);
    case 'paragraph':
      return wrap(inline(block.text, style), width);
    case 'bullets':
      return bullets(block, width, style);
    case 'table':
      return table(block, width, style);
    case 'fields':
      return block.fields.flatMap((f, i) => [
        ...(i > 0 ? [''] : []),
        ...wrap(style.bold(inline(f.label, style)), width),
        ...wrap(inline(f.value, style), width, '  '),
      ]);
    case 'source':
      return wrap(style.dim(inline(block.text, style)), width);
    case 'more':
      return [];
  }
}

/** Groups of lines, a blank line between them, none between a heading and what it heads; every line ≤ width. */
function joinGroups(head: string[], blocks: readonly Block[], tail: string[][], width: number, style: Style): string[] {
  const groups = [head, ...blocks.map((b) => blockLines(b, width, style)), ...tail];
  const headed = new Set(blocks.map((b, i) => (b.type === 'heading' ? i + 2 : -1)));
  const lines = groups.flatMap((g, i) => (g.length === 0 ? [] : i > 0 && !headed.has(i) ? ['', ...g] : g));
  return lines.flatMap((line) => (textWidth(line) <= width ? [line] : wrapLine(line, width, false).split('\n')));
}

function styleOf(options: Partial<ViewOptions>): Style {
  return options.color ? pc.createColors(true) : { bold: (t) => t, dim: (t) => t };
}

/**
 * The answer as terminal lines, blocks separated by a blank line: the short answer (the blocks before the first
 * `more` marker) and the follow-ups, or with {@link ViewOptions.full} every part. Every line is at most `width`
 * columns wide (a last hard wrap guarantees it even for text no rule above foresaw).
 */
export function renderAnswerLines(answer: Answer, options: Partial<ViewOptions> = {}): string[] {
  const width = Math.max(minWidth, Math.floor(options.width ?? defaultWidth));
  const style = styleOf(options);
  const parts = answerParts(answer);
  const blocks = options.full ? parts.flat() : (parts[0] ?? []);
  const tail =
    options.followUps !== false && answer.followUps.length > 0
      ? [followUpList(answer.followUps, width, style, options.followUpCommands !== false)]
      : [];
  return joinGroups(wrap(style.bold(neutralizeMentions(answer.title.toUpperCase())), width), blocks, tail, width, style);
}

/** What waits behind `more`: every part after the short answer, under the title marked "more"; empty when none. */
export function renderMoreLines(answer: Answer, options: Partial<ViewOptions> = {}): string[] {
  const width = Math.max(minWidth, Math.floor(options.width ?? defaultWidth));
  const style = styleOf(options);
  const rest = answerParts(answer).slice(1).flat();
  if (rest.length === 0) return [];
  return joinGroups(wrap(style.bold(neutralizeMentions(`${answer.title.toUpperCase()} — MORE`)), width), rest, [], width, style);
}

/** Whether an answer has detail behind `more`. */
export function hasMore(answer: Answer): boolean {
  return answerParts(answer).length > 1;
}

/** {@link renderAnswerLines} joined into one string. */
export function renderAnswer(answer: Answer, options: Partial<ViewOptions> = {}): string {
  return renderAnswerLines(answer, options).join('\n');
}

/** Plain text wrapped to `width` (for the chat's own lines: welcome, hints). */
export function wrapText(text: string, width: number): string {
  return wrap(neutralizeMentions(text), Math.max(minWidth, width)).join('\n');
}

/** The line that ends a page when more of the answer is waiting behind `more`. */
export function moreHint(remaining: number, options: Partial<ViewOptions> = {}): string {
  const text = `… ${remaining} more line${remaining === 1 ? '' : 's'}: type "more"`;
  return options.color ? pc.createColors(true).dim(text) : text;
}
