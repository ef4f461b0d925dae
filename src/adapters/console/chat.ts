/**
 * The console adapter (hubot's Shell): the same answers in a terminal, no tokens needed. `runChat` is the
 * interactive chat `npm start` opens; `answerOnce` prints one answer; `runJsonBatch` is the `ask --json` contract.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Advisor } from '../../core/advisor.ts';
import { renderText } from '../../core/answer/render.ts';
import type { Answer, Request } from '../../core/types.ts';

const QUIT = /^(quit|exit|bye|:q)$/i;

function request(text: string, conversationId: string): Request {
  return { text, conversationId, user: { id: 'console', name: 'you', isModerator: true }, platform: 'console' };
}

export interface ChatIO {
  input: Readable;
  output: Writable;
}

/** Interactive chat: one conversation with follow-up context, `help`, `quit` (or Ctrl-D) to leave. */
export async function runChat(advisor: Advisor, io: ChatIO): Promise<void> {
  const interactive = (io.input as { isTTY?: boolean }).isTTY === true;
  const rl = createInterface({ input: io.input, output: interactive ? io.output : undefined, terminal: interactive, historySize: 100 });
  const write = (text: string) => io.output.write(`${text}\n`);
  const conversationId = `console:${process.pid}`;
  if (interactive) {
    write(`Career Advisor — ask about ${advisor.knowledge.roles.length} ML and AI careers. Type "help" for examples, ":gaps" for the questions it could not answer, "quit" to leave.\n`);
    rl.setPrompt('you> ');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.test(text)) break;
    if (text === ':gaps') {
      write(formatGaps(advisor));
      if (interactive) rl.prompt();
      continue;
    }
    if (text !== '' || interactive) write(`\n${renderText(advisor.handle(request(text, conversationId)))}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
  if (interactive) write('Bye!');
}

/** The most frequent unanswered or low-confidence questions of this session: what the knowledge is missing. */
export function formatGaps(advisor: Advisor, limit = 20): string {
  const gaps = advisor.gaps(limit);
  if (gaps.length === 0) return 'No unanswered questions so far.';
  return ['Unanswered or low-confidence questions (count, intent, question):', ...gaps.map((g) => `${String(g.count).padStart(4)}  ${g.intent.padEnd(16)} ${g.text}`)].join('\n');
}

/** One question, one answer, as text; with `explain`, followed by how the question was understood. */
export function answerOnce(advisor: Advisor, question: string, options: { explain?: boolean } = {}): string {
  const answer = advisor.handle(request(question, `console:once:${process.pid}`));
  const text = renderText(answer);
  if (!options.explain) return text;
  const how = [`intent ${answer.intent}, roles [${answer.roles.join(', ')}], confidence ${answer.confidence}`, ...(answer.reasons ?? [])];
  return `${text}\n\nUnderstood as:\n${how.map((r) => `  - ${r}`).join('\n')}`;
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
