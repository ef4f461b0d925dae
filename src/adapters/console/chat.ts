/**
 * The console adapter (hubot's Shell): the same answers in a terminal, no tokens needed. `runChat` is the
 * interactive chat `npm start` opens; `answerOnce` prints one answer; the `ask --json` contract is in batch.ts.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Actor, Outcome, PlatformBot } from '../../bot/interactions.ts';
import { moderatorCommandOf } from '../../bot/interactions.ts';
import type { Advisor, ReloadResult } from '../../core/advisor.ts';
import { stripInlineMarkdown } from '../../core/answer/render.ts';
import type { Answer } from '../../core/types.ts';
import { request } from './batch.ts';
import {
  hasMore,
  loadWideText,
  moreHint,
  renderAnswer,
  renderAnswerLines,
  renderMoreLines,
  renderOnce,
  terminalWidth,
  wrapText,
  type ViewOptions,
} from './view.ts';

const QUIT = /^(quit|exit|bye|:q)$/i;

export interface ChatIO {
  input: Readable;
  output: Writable;
  /** Terminal layout; every field is optional. */
  view?: ChatView;
}

export interface ChatView {
  /** Columns to wrap to (`--width`); default the terminal's width, or 80 when the output is not a terminal. */
  width?: number;
  /** Bold and dim text; default off (cli.ts decides from the terminal, NO_COLOR and FORCE_COLOR). */
  color?: boolean;
  /** Lines shown before `more` is needed; default the terminal's height, and no paging when it is not a terminal. */
  pageLines?: number;
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
  // Members type emoji and wide characters, and colour adds escapes: the chat always measures with string-width.
  await loadWideText();
  const interactive = (io.input as { isTTY?: boolean }).isTTY === true;
  // A terminal gets readline's line editing and ↑/↓ history (repeated questions kept once).
  const rl = createInterface({
    input: io.input,
    output: interactive ? io.output : undefined,
    terminal: interactive,
    historySize: 100,
    removeHistoryDuplicates: true,
  });
  const write = (text: string) => io.output.write(`${text}\n`);
  const conversationId = `console:${process.pid}`;
  const screen = io.output as Writable & { isTTY?: boolean; columns?: number; rows?: number };
  // Read on every answer, so a resized terminal gets the new width.
  const layout = (): Partial<ViewOptions> => ({
    width: terminalWidth(screen, io.view?.width),
    color: io.view?.color ?? false,
    followUpCommands: false,
  });
  const pageLines = () => io.view?.pageLines ?? (interactive && screen.rows ? Math.max(10, screen.rows - 2) : Infinity);
  let last: Answer | undefined;
  let waiting: string[] = [];
  // A page of the short answer; what does not fit the screen, then the answer's detail, waits behind `more`.
  const show = (lines: string[], detail: string[] = []) => {
    const page = lines.slice(0, pageLines());
    waiting = [...lines.slice(page.length), ...(detail.length > 0 && page.length < lines.length ? [''] : []), ...detail];
    write(`\n${[...page, ...(waiting.length > 0 ? [moreHint(waiting.length, layout())] : [])].join('\n')}\n`);
  };
  const showAnswer = (answer: Answer) => show(renderAnswerLines(answer, layout()), renderMoreLines(answer, layout()));
  if (interactive) {
    write(
      `${wrapText(`Career Advisor — ask about ${advisor.knowledge.roles.length} ML and AI careers. Type "help" for examples, a number to follow a suggestion, "more" for the rest of a long answer, "gaps" for the questions it could not answer, "feedback" for votes on answers, "reload" after editing the knowledge, "quit" to leave. ↑ and ↓ bring back earlier questions.`, layout().width ?? 80)}\n`,
    );
    rl.setPrompt('you> ');
    rl.prompt();
  }
  // SIGHUP reloads the knowledge here too, instead of ending the chat (exit 129).
  const onHangup = () => void advisor.reload().then((result) => interactive && write(`\n${formatReload(result)}`));
  process.on('SIGHUP', onHangup);
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.test(text)) break;
    if (text === 'reload' || text === ':reload') {
      write(formatReload(await advisor.reload()));
      if (interactive) rl.prompt();
      continue;
    }
    if (/^more$/i.test(text) && (waiting.length > 0 || last !== undefined)) {
      if (waiting.length > 0) show(waiting);
      else write('\nThat was the whole answer.\n');
      if (interactive) rl.prompt();
      continue;
    }
    // A number picks one of the last answer's numbered follow-ups.
    const pick = /^\d{1,2}$/.test(text) && last && last.followUps.length > 0 ? Number(text) : undefined;
    const followUp = pick !== undefined ? last?.followUps[pick - 1] : undefined;
    if (pick !== undefined && !followUp) {
      write(`\nPick a follow-up from 1 to ${last?.followUps.length ?? 0}, or ask a question.\n`);
      if (interactive) rl.prompt();
      continue;
    }
    if (text !== '' || interactive) {
      const question = followUp?.command ?? text;
      if (options.bot) {
        const turn = await botTurn(options.bot, question, String(process.pid));
        if ('answer' in turn) {
          last = turn.answer;
          showAnswer(last);
        } else write(`\n${wrapText(turn.text, layout().width ?? 80)}\n`);
      } else {
        last = advisor.handle(request(question, conversationId));
        showAnswer(last);
      }
    }
    if (interactive) rl.prompt();
  }
  process.off('SIGHUP', onHangup);
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
  const outcome = await bot.handle(
    moderation ? { kind: moderation, actor, isModerator: async () => true } : { kind: 'ask', actor, text, via: 'dm' },
  );
  const answer = outcome.replies.find((r) => r.kind === 'answer');
  if (answer?.kind === 'answer') return { answer: answer.answer };
  return { text: outcomeText(outcome) };
}

/** Notices and lists as terminal text. */
function outcomeText(outcome: Outcome): string {
  return outcome.replies
    .flatMap((reply) =>
      reply.kind === 'notice' ? [reply.text] : reply.kind === 'report' ? [reply.title, reply.intro, ...reply.lines] : [],
    )
    .map((line) => stripInlineMarkdown(line))
    .join('\n');
}

/** What `reload` (and SIGHUP) says in the console. */
export function formatReload(result: ReloadResult): string {
  return result.ok
    ? `Knowledge reloaded: ${result.roles} roles.`
    : `Reload failed; still using the previous knowledge (${result.roles} roles):\n${result.error ?? ''}`;
}

/**
 * One question, one answer, as terminal text (80 columns, no colour, unless `view` says otherwise): the short answer
 * and how to see the rest, or with `full` every part; with `explain`, followed by how the question was understood.
 */
export async function answerOnce(
  advisor: Advisor,
  question: string,
  view: Partial<ViewOptions> & { explain?: boolean } = {},
): Promise<string> {
  const { explain, ...layout } = view;
  const answer = advisor.handle(request(question, `console:once:${process.pid}`));
  const more = 'More: add --full to the same ask for the full table and details.';
  return renderOnce(() => {
    const rest = !layout.full && hasMore(answer) ? `\n\n${wrapText(more, layout.width ?? 80)}` : '';
    const text = `${renderAnswer(answer, layout)}${rest}`;
    if (!explain) return text;
    const how = [`intent ${answer.intent}, roles [${answer.roles.join(', ')}], confidence ${answer.confidence}`, ...(answer.reasons ?? [])];
    return `${text}\n\n${wrapText(`Understood as:\n${how.map((r) => `  - ${r}`).join('\n')}`, layout.width ?? 80)}`;
  });
}
