/**
 * Renders an Answer to Markdown (Discord-style, also fine for GitHub) and to plain text (terminals, notifications).
 * Platform-neutral: breaking the mention syntax of Slack and Discord is each adapter's view's job, with the one
 * shared helper in src/bot/mentions.ts.
 */
import type { Answer, Block, FollowUp } from '../types.ts';

/** Any character the passes below look for: without one, there is nothing to strip. */
const INLINE_MARK = /[[*_`]/;

/** Markdown of inline text without formatting: for plain text and fallbacks. */
export function stripInlineMarkdown(text: string): string {
  // Most paragraphs, bullets and cells carry no markup: one scan instead of five regex passes.
  if (!INLINE_MARK.test(text)) return text;
  // Each pass only where its mark is still present (none of them adds a mark a later pass looks for), so a text whose
  // only markup is bold skips the emphasis pass once the bold is gone.
  let out = text;
  if (out.includes('[')) out = out.replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)');
  if (out.includes('**')) out = out.replace(/\*\*([^*]+)\*\*/g, '$1');
  if (out.includes('__')) out = out.replace(/__([^_]+)__/g, '$1');
  if (out.includes('*') || out.includes('_')) out = out.replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2');
  if (out.includes('`')) out = out.replace(/`([^`]+)`/g, '$1');
  return out;
}

function bulletLines(block: Extract<Block, { type: 'bullets' }>, style: 'md' | 'text'): string[] {
  let n = 0;
  return block.items.map((item) => {
    const nested = item.startsWith('  ');
    const body = style === 'md' ? item.trim() : stripInlineMarkdown(item.trim());
    if (nested) return `   ${style === 'md' ? '-' : '◦'} ${body}`;
    n += 1;
    return block.ordered ? `${n}. ${body}` : `${style === 'md' ? '-' : '•'} ${body}`;
  });
}

function textTable(columns: string[], rows: string[][]): string[] {
  const cells = [strippedCells(columns), ...rows.map(strippedCells)];
  const widths = columns.map((_, i) => Math.min(40, Math.max(...cells.map((r) => (r[i] ?? '').length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

/** Markdown: `**bold**` headings, `-` lists, GFM tables. */
export function renderMarkdown(answer: Answer): string {
  const out: string[] = [`**${answer.title}**`];
  for (const block of answer.blocks) {
    switch (block.type) {
      case 'heading':
        out.push(`**${block.text}**`);
        break;
      case 'paragraph':
        out.push(block.text);
        break;
      case 'bullets':
        out.push(bulletLines(block, 'md').join('\n'));
        break;
      case 'table':
        out.push(
          [
            `| ${block.columns.join(' | ')} |`,
            `|${block.columns.map(() => '---').join('|')}|`,
            ...block.rows.map((r) => `| ${r.join(' | ')} |`),
          ].join('\n'),
        );
        break;
      case 'fields':
        out.push(block.fields.map((f) => `**${f.label}**\n${f.value}`).join('\n\n'));
        break;
      case 'source':
        out.push(`_${block.text}_`);
        break;
    }
  }
  return out.join('\n\n');
}

/**
 * Blocks that belong to a knowledge version: its sections' blocks and their chat form (`compose.ts` registers them
 * with {@link shareBlocks}). They never change (nothing changes a block once built) and make most of an answer's
 * text, so the plain text of each is worked out once and kept beside it; a block built for one answer is rendered
 * afresh (remembering it would only add an entry for the collector per answer).
 */
const shared = new WeakSet<Block>();
const plainText = new WeakMap<Block, string>();

/** Marks blocks as part of the knowledge (see {@link shared}): the composer calls it once per section. */
export function shareBlocks(blocks: readonly Block[]): void {
  for (const block of blocks) shared.add(block);
}

/** The plain text of one block; undefined for `more`, which the text form leaves out. */
function blockText(block: Block): string | undefined {
  if (!shared.has(block)) return renderBlockText(block);
  let text = plainText.get(block);
  if (text === undefined) {
    text = renderBlockText(block);
    if (text !== undefined) plainText.set(block, text);
  }
  return text;
}

/**
 * Parts of answers that belong to a knowledge version though the block or answer around them does not: a role's
 * field and its row of the pay table in a comparison (the comparison is built per answer, each role's part of it
 * once), and the follow-ups the composer builds once per role and topic. Their text is kept like a shared block's.
 */
const sharedParts = new WeakSet<object>();
const partText = new WeakMap<object, string>();
const partCells = new WeakMap<object, string[]>();

type Field = Extract<Block, { type: 'fields' }>['fields'][number];

/** Marks fields and table rows as part of the knowledge (see {@link sharedParts}). */
export function shareParts(parts: ReadonlyArray<Field | readonly string[] | FollowUp>): void {
  for (const part of parts) sharedParts.add(part);
}

/** Whether a field or row is part of the knowledge ({@link sharedParts}): a view may keep what it derives from it. */
export function isSharedPart(part: Field | readonly string[] | FollowUp): boolean {
  return sharedParts.has(part);
}

/** A field's plain text as a fields block writes it: its label, a newline, its value. */
export function fieldText(field: Field): string {
  if (!sharedParts.has(field)) return `${stripInlineMarkdown(field.label)}\n${stripInlineMarkdown(field.value)}`;
  let text = partText.get(field);
  if (text === undefined) {
    text = `${stripInlineMarkdown(field.label)}\n${stripInlineMarkdown(field.value)}`;
    partText.set(field, text);
  }
  return text;
}

function strippedCells(row: readonly string[]): string[] {
  if (!sharedParts.has(row)) return row.map((c) => stripInlineMarkdown(c));
  let cells = partCells.get(row);
  if (cells === undefined) {
    cells = row.map((c) => stripInlineMarkdown(c));
    partCells.set(row, cells);
  }
  return cells;
}

/** Whether a block is part of the knowledge ({@link shared}): never changes, so a view may keep what it derives from it. */
export function isSharedBlock(block: Block): boolean {
  return shared.has(block);
}

/** The plain text of one block as {@link renderText} writes it; undefined for `more`. */
export function blockPlainText(block: Block): string | undefined {
  return blockText(block);
}

function renderBlockText(block: Block): string | undefined {
  switch (block.type) {
    case 'heading':
      return `${stripInlineMarkdown(block.text)}:`;
    case 'paragraph':
      return stripInlineMarkdown(block.text);
    case 'bullets':
      return bulletLines(block, 'text').join('\n');
    case 'table':
      return textTable(block.columns, block.rows).join('\n');
    case 'fields':
      return block.fields.map(fieldText).join('\n\n');
    case 'source':
      return stripInlineMarkdown(block.text);
    default:
      return undefined;
  }
}

/** Plain text for terminals: no Markdown marks, aligned tables, follow-ups as commands to type. */
export function renderText(answer: Answer, options: { followUps?: boolean } = {}): string {
  let out = answer.title.toUpperCase();
  for (const block of answer.blocks) {
    const text = blockText(block);
    if (text !== undefined) out += `\n\n${text}`;
  }
  if (options.followUps !== false && answer.followUps.length > 0) {
    out += `\n\nMore: ${answer.followUps.map((f) => f.command).join(' | ')}`;
  }
  return out;
}
