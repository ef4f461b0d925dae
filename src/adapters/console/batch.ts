/**
 * `ask --json`: one question per input line, one JSON object per answer. Kept apart from the interactive chat so the
 * batch mode loads neither the terminal view (string-width, wrap-ansi, colours), readline nor the bot layer.
 */
import type { Advisor } from '../../core/advisor.ts';
import { neutralizeMentions } from '../../bot/mentions.ts';
import { blockPlainText, fieldText, isSharedBlock, isSharedPart } from '../../core/answer/render.ts';
import type { Answer, Block, FollowUp, Request } from '../../core/types.ts';
import type { ChatIO } from './chat.ts';
import { backpressuredWriter, readLineBatches } from './lines.ts';

/** A console request: the person at the terminal is its moderator. */
export function request(text: string, conversationId: string): Request {
  return { text, conversationId, user: { id: 'console', name: 'you', isModerator: true }, platform: 'console' };
}

/** The JSON shape `ask --json` writes for every input line. */
export interface BatchResult {
  intent: Answer['intent'];
  roles: string[];
  topic: Answer['topic'] | null;
  title: string;
  text: string;
  confidence: number;
  suggestions: string[];
  followUps: string[];
  conversation: string | null;
}

/**
 * Reads one question per line. A line that is a JSON object `{"text": "...", "conversation": "id"}` shares context
 * with the other lines of that conversation id; any other line is an independent question. Writes exactly one JSON
 * object per input line, in order. Lines end at `\n` or `\r\n` only; input is read only as fast as the output
 * drains; when the reader goes away (EPIPE) it stops quietly and returns the number of lines answered.
 */
export async function runJsonBatch(advisor: Advisor, io: ChatIO): Promise<number> {
  const out = backpressuredWriter(io.output);
  let n = 0;
  // The lines that arrived together are answered together and written in pieces of up to 64 kB: one write() per
  // piece instead of per line, each waiting for the reader when its buffer is full. A question typed on its own
  // arrives in its own chunk, so an interactive caller still gets each answer at once.
  for await (const lines of readLineBatches(io.input)) {
    let piece = '';
    let inPiece = 0;
    for (const line of lines) {
      n += 1;
      const { text, conversation } = parseBatchLine(line);
      const answer = advisor.handle(request(text, conversation !== null ? `console:batch:${conversation}` : `console:line:${n}`));
      piece += batchLine(answer, conversation);
      inPiece += 1;
      if (piece.length >= BATCH_BYTES) {
        if (!(await out.write(piece))) return n - inPiece;
        piece = '';
        inPiece = 0;
      }
    }
    if (piece !== '' && !(await out.write(piece))) return n - inPiece;
  }
  return n;
}

/** Characters of output gathered before one write (UTF-16 units: about 64 kB of mostly ASCII JSON). */
const BATCH_BYTES = 65_536;

/** The inside of a JSON string literal: `JSON.stringify` of the text without its quotes. */
function jsonInner(text: string): string {
  const quoted = JSON.stringify(text);
  return quoted.slice(1, quoted.length - 1);
}

/**
 * A knowledge block's part of the batch line's `text`: `\n\n` and its plain text, mentions broken, escaped for JSON;
 * empty for `more`. Shared blocks never change, so each is escaped once, not once per answer.
 */
const escapedBlocks = new WeakMap<Block, string>();
/** The command of each follow-up of the knowledge (`isSharedPart`) as a JSON string. */
const escapedCommands = new WeakMap<FollowUp, string>();
/** The same for a field of the knowledge in a block built per answer (a comparison's role, see `isSharedPart`). */
const escapedFields = new WeakMap<object, string>();

/**
 * `JSON.stringify(neutralizeMentions(renderText(answer, { followUps: false })))` without its quotes, built from
 * pieces: the title and the answer's own blocks escaped in runs, the knowledge's blocks from {@link escapedBlocks}.
 * The same bytes: the text joins its pieces with a blank line, which neither a mention pattern (`@here`, `<@`) nor
 * a JSON escape (a surrogate pair) can span.
 */
function escapedText(answer: Answer): string {
  let out = '';
  let run = answer.title.toUpperCase();
  for (const block of answer.blocks) {
    // (one lookup for a shared block already escaped, the usual case; a block built for this answer is never in it)
    let escaped = escapedBlocks.get(block);
    if (escaped === undefined && isSharedBlock(block)) {
      const text = blockPlainText(block);
      escaped = text === undefined ? '' : jsonInner(neutralizeMentions(`\n\n${text}`));
      escapedBlocks.set(block, escaped);
    }
    if (escaped !== undefined) {
      if (escaped !== '') {
        if (run !== '') {
          out += jsonInner(neutralizeMentions(run));
          run = '';
        }
        out += escaped;
      }
    } else if (block.type === 'fields' && block.fields.length > 0 && block.fields.every(isSharedPart)) {
      // A comparison's fields block: built per answer, but each role's field is the knowledge's (its text is the
      // block's fields joined by a blank line, so each field's `\n\n` and text is escaped once, like a block).
      if (run !== '') {
        out += jsonInner(neutralizeMentions(run));
        run = '';
      }
      for (const field of block.fields) {
        let escaped = escapedFields.get(field);
        if (escaped === undefined) {
          escaped = jsonInner(neutralizeMentions(`\n\n${fieldText(field)}`));
          escapedFields.set(field, escaped);
        }
        out += escaped;
      }
    } else {
      const text = blockPlainText(block);
      if (text !== undefined) run += `\n\n${text}`;
    }
  }
  return run !== '' ? out + jsonInner(neutralizeMentions(run)) : out;
}

/**
 * One answer as the `ask --json` line ({@link BatchResult}), newline included: the bytes `JSON.stringify` writes for
 * that object (its fields in that order), put together by hand: strings and arrays of strings go through
 * `JSON.stringify` one by one (the text in pieces, see {@link escapedText}), the confidence as JSON writes a number
 * (`null` when not finite). No result object and no second copy of the line (`test/console/batch-line.test.ts`
 * checks it against `JSON.stringify` of the result).
 */
export function batchLine(answer: Answer, conversation: string | null): string {
  const { topic, confidence } = answer;
  let followUps = '';
  for (const f of answer.followUps) {
    let command = escapedCommands.get(f);
    if (command === undefined) {
      command = JSON.stringify(f.command);
      if (isSharedPart(f)) escapedCommands.set(f, command);
    }
    followUps = followUps === '' ? command : `${followUps},${command}`;
  }
  return (
    `{"intent":${JSON.stringify(answer.intent)},"roles":${JSON.stringify(answer.roles)},"topic":${topic === undefined ? 'null' : JSON.stringify(topic)}` +
    `,"title":${JSON.stringify(neutralizeMentions(answer.title))},"text":"${escapedText(answer)}","confidence":${Number.isFinite(confidence) ? String(confidence) : 'null'}` +
    `,"suggestions":${JSON.stringify(answer.suggestions)},"followUps":[${followUps}],"conversation":${conversation === null ? 'null' : JSON.stringify(conversation)}}\n`
  );
}

export function parseBatchLine(line: string): { text: string; conversation: string | null } {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        const text = typeof record['text'] === 'string' ? record['text'] : '';
        const conv = record['conversation'];
        const conversation = typeof conv === 'string' || typeof conv === 'number' ? String(conv) : null;
        return { text, conversation };
      }
    } catch {
      // Not JSON after all: an ordinary question that happens to start with "{".
    }
  }
  return { text: line, conversation: null };
}
