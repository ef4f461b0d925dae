/** What main.ts hands every platform adapter, and what it gets back. */
import type { Bot } from '../bot/interactions.ts';
import type { Logger } from '../core/types.ts';
import type { Health } from './shared/health.ts';

export interface AdapterDeps {
  /** The bot layer (share policy, votes, rate limits, de-duplication, context, gaps), shared by every adapter. */
  bot: Bot;
  logger: Logger;
  health: Health;
}

export interface RunningAdapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new work, finishes what is in flight where it can, and closes connections. */
  stop(): Promise<void>;
}
