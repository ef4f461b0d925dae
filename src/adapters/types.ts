/** What main.ts hands every platform adapter, and what it gets back. */
import type { SharePolicy } from '../config.ts';
import type { Advisor } from '../core/advisor.ts';
import type { Logger } from '../core/types.ts';
import type { Health } from './shared/health.ts';

export interface AdapterDeps {
  advisor: Advisor;
  logger: Logger;
  health: Health;
  sharePolicy: SharePolicy;
  /** Questions one user may ask per minute before getting a "slow down" reply. */
  rateLimitPerMinute: number;
}

export interface RunningAdapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new work, finishes what is in flight where it can, and closes connections. */
  stop(): Promise<void>;
}
