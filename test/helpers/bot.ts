/** A bot layer for tests: the real advisor and policy on a memory store (or any store a test passes). */
import { inlineControl, validControl, type Control } from '../../src/bot/controls.ts';
import { createBot, type AnswerControls, type Bot } from '../../src/bot/interactions.ts';
import type { SharePolicy } from '../../src/config.ts';
import type { Advisor } from '../../src/core/advisor.ts';
import { answerParts } from '../../src/core/answer/parts.ts';
import { silentLogger, type Answer, type Logger } from '../../src/core/types.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';

export interface TestBotOptions {
  store?: Store;
  logger?: Logger;
  sharePolicy?: SharePolicy;
  ratePerMinute?: number;
  contextTtlMs?: number;
  now?: () => number;
}

export function testBot(advisor: Advisor, options: TestBotOptions = {}): Bot {
  return createBot({
    advisor,
    store: options.store ?? new MemoryStore({ ...(options.now ? { now: options.now } : {}), sweepIntervalMs: 0 }),
    logger: options.logger ?? silentLogger,
    sharePolicy: options.sharePolicy ?? 'moderators',
    ratePerMinute: options.ratePerMinute ?? 1000,
    contextTtlMs: options.contextTtlMs ?? 30 * 60_000,
    ...(options.now ? { now: options.now } : {}),
  });
}

/**
 * The controls the bot layer would give an answer, built synchronously for renderer tests: inline when they fit
 * `maxLength`, else a stored-reference id of the codec's shape (as Discord's long buttons get); invalid ones left out.
 */
export function controlsOf(answer: Answer, maxLength = 2000): AnswerControls {
  const replay = answer.replay;
  let n = 0;
  const encode = (control: Control): string | undefined => {
    if (!validControl(control)) return undefined;
    const inline = inlineControl(control);
    if (inline.length <= maxLength) return inline;
    n += 1;
    return `${inline.slice(0, inline.indexOf(':', 3))}~${String(n).padStart(16, 'x')}`;
  };
  const [share, up, down] = replay
    ? [encode({ action: 'share', command: replay }), encode({ action: 'up', command: replay }), encode({ action: 'down', command: replay })]
    : [];
  // "More" from the short answer to its next part, as the bot layer gives it when the answer has one.
  const more = replay && answerParts(answer).length > 1 ? encode({ action: 'more', command: replay, offset: 1 }) : undefined;
  return {
    ...(more ? { more } : {}),
    followUps: answer.followUps.flatMap((followUp) => {
      const control = encode({ action: 'run', command: followUp.command });
      return control ? [{ followUp, control }] : [];
    }),
    ...(share ? { share } : {}),
    ...(up ? { up } : {}),
    ...(down ? { down } : {}),
  };
}
