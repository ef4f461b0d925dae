/**
 * Line-oriented stream helpers for the console modes, `ask --json` above all: lines end at `\n` or `\r\n` only (a
 * lone `\r` stays inside its line, so one input line is always one answer), input is pulled only as fast as the
 * output drains (bounded memory with a slow reader), and a reader that goes away ends the run quietly.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';

/** Longest line kept, in characters; the rest of an overlong line is dropped (the core caps questions far lower). */
export const maxLineLength = 1_048_576;

/**
 * The lines of a stream, pulled on demand: the stream is read only while the consumer asks for the next line, so a
 * consumer that waits (for a slow stdout) makes the input wait too.
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  for await (const lines of readLineBatches(input)) yield* lines;
}

/**
 * The same lines, grouped by the chunk of input that completed them: a batch is everything that arrived together,
 * so a consumer can answer it in one go and write once. Empty chunks (no line end) yield nothing.
 */
export async function* readLineBatches(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let line = '';
  let overlong = false;
  const take = (text: string) => {
    if (overlong) return;
    line += text;
    if (line.length > maxLineLength) {
      line = line.slice(0, maxLineLength);
      overlong = true;
    }
  };
  const finish = () => {
    const done = line.endsWith('\r') ? line.slice(0, -1) : line;
    line = '';
    overlong = false;
    return done;
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    const batch: string[] = [];
    let from = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
      take(text.slice(from, at));
      from = at + 1;
      batch.push(finish());
    }
    take(from === 0 ? text : text.slice(from));
    if (batch.length > 0) yield batch;
  }
  take(decoder.end());
  if (line !== '') yield [finish()];
}

/** True for the errors a write gets once the reader has gone (`… | head -1`): not a failure of ours. */
export function isClosedPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

/**
 * A writer that respects backpressure: `write` resolves once the text is accepted, waiting for `drain` whenever the
 * stream's buffer is full, and resolves `false` (instead of throwing) once the reader has gone away.
 */
export function backpressuredWriter(output: Writable): { write(text: string): Promise<boolean>; readonly closed: boolean } {
  let closed = false;
  let wake: (() => void) | undefined;
  const onError = (error: unknown) => {
    if (!isClosedPipe(error)) throw error;
    closed = true;
    wake?.();
  };
  output.on('error', onError);
  output.once('close', () => {
    closed = true;
    wake?.();
  });
  return {
    get closed() {
      return closed;
    },
    async write(text: string): Promise<boolean> {
      if (closed || output.destroyed || output.writableEnded) return false;
      if (output.write(text)) return true;
      await new Promise<void>((resolve) => {
        const done = () => {
          output.off('drain', done);
          wake = undefined;
          resolve();
        };
        wake = done;
        output.once('drain', done);
      });
      return !closed;
    },
  };
}
