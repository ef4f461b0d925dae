/**
 * The console adapter (hubot's Shell): the same answers in a terminal, no tokens needed. `runChat` is the
 * interactive chat `npm start` opens; `answerOnce` prints one answer; `runJsonBatch` is the `ask --json` contract.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Actor, Outcome, PlatformBot } from '../../bot/interactions.ts';
import { moderatorCommandOf } from '../../bot/interactions.ts';
import type { Advisor } from '../../core/advisor.ts';
import { renderText, stripInlineMarkdown } from '../../core/answer/render.ts';
import type { Answer, Request } from '../../core/types.ts';

const QUIT = /^(quit|exit|bye|:q)$/i;

function request(text: string, conversationId: string): Request {
  return { text, conversationId, user: { id: 'console', name: 'you', isModerator: true }, platform: 'console' };
}

export interface ChatIO {
  input: Readable;
  output: Writable;
}

export interface ChatOptions {
  /**
   * The bot layer: questions go through it (context and gaps in the store, rate limits) and `gaps` / `feedback`
   * list what the store holds. Without it, the chat asks the advisor directly and keeps nothing.
   */
  bot?: PlatformBot;
}

/** Interactive chat: one conversation with follow-up context, `help`, `quit` (or Ctrl-D) to leave. */
export async function runChat(advisor: Advisor, io: ChatIO, options: ChatOptions = {}): Promise<void> {
  const interactive = (io.input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: io.input, output: interactive ? io.output : undefined, terminal: interactive, historySize: 100 });
  const write = (text: string) => io.output.write(`${text}\n`);
  const conversationId = `console:${process.pid}`;
  if (interactive) {
    write(`Career Advisor — ask about ${advisor.knowledge.roles.length} ML and AI careers. Type "help" for examples, "gaps" for the questions it could not answer, "feedback" for votes on answers, "quit" to leave.\n`);
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.test(text)) break;
    if (options.bot && (text !== '' || interactive)) {
      const turn = await botTurn(options.bot, text, String(process.pid));
      write(`\n${'answer' in turn ? renderText(turn.answer) : turn.text}\n`);
    } else if (text !== '' || interactive) write(`\n${renderText(advisor.handle(request(text, conversationId)))}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
  if (interactive) write('Bye!');
}

/**
 * One line of the chat through the bot layer: `gaps`, `feedback` (also `:gaps`) are the moderators' lists — the
 * terminal's user runs the bot, so they are its moderator — and anything else is a question in the session's
 * conversation (`console:<session>`). Gives the answer to render, or the text of a notice or list.
 */
export async function botTurn(bot: PlatformBot, text: string, session: string): Promise<{ answer: Answer } | { text: string }> {
  const actor: Actor = { platform: 'console', channel: 'terminal', user: session };
  const moderation = moderatorCommandOf(text.replace(/^:/, ''));
  const outcome = await bot.handle(moderation ? { kind: moderation, actor, isModerator: async () => true } : { kind: 'ask', actor, text, via: 'dm' });
  const answer = outcome.replies.find((r) => r.kind === 'answer');
  if (answer?.kind === 'answer') return { answer: answer.answer };
  return { text: outcomeText(outcome) };
}

/** Notices and lists as terminal text. */
function outcomeText(outcome: Outcome): string {
  return outcome.replies
    .flatMap((reply) => (reply.kind === 'notice' ? [reply.text] : reply.kind === 'report' ? [reply.title, reply.intro, ...reply.lines] : []))
    .map((line) => stripInlineMarkdown(line))
    .join('\n');
}

/** One question, one answer, as text. */
export function answerOnce(advisor: Advisor, question: string): string {
  return renderText(advisor.handle(request(question, `console:once:${process.pid}`)));
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
 * object per input line, in order.
 */
export async function runJsonBatch(advisor: Advisor, io: ChatIO): Promise<number> {
  const rl = createInterface({ input: io.input, crlfDelay: Infinity, terminal: false });
  let n = 0;
  for await (const line of rl) {
    n += 1;
    const { text, conversation } = parseBatchLine(line);
    const answer = advisor.handle(request(text, conversation !== null ? `console:batch:${conversation}` : `console:line:${n}`));
    const result: BatchResult = {
      intent: answer.intent,
      roles: answer.roles,
      topic: answer.topic ?? null,
      title: answer.title,
      text: renderText(answer, { followUps: false }),
      confidence: answer.confidence,
      suggestions: answer.suggestions,
      followUps: answer.followUps.map((f) => f.command),
      conversation,
    };
    io.output.write(`${JSON.stringify(result)}\n`);
  }
  return n;
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
