/** What main.ts hands every platform adapter, and what it gets back. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics/index.ts';
import type { Bot } from '../bot/interactions.ts';
import type { Logger } from '../core/types.ts';
import type { Health } from './shared/health.ts';

export interface AdapterDeps {
  /** The bot layer (share policy, votes, rate limits, de-duplication, context, gaps), shared by every adapter. */
  bot: Bot;
  logger: Logger;
  health: Health;
  /** Where gateway state, API errors and end-to-end latency are reported. Default: nowhere. */
  metrics?: Metrics;
}

/** An HTTP handler: handles the request and returns true, or returns false when it is not its path. */
export type Route = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A route on the shared PORT server (`/metrics`, `POST /discord/interactions`), mountable on Bolt's receiver too. */
export interface MountedRoute {
  path: string;
  methods: string[];
  handle: Route;
}

export interface RunningAdapter {
  readonly name: string;
  start(): Promise<void>;
  /** Stops taking new work, finishes what is in flight where it can, and closes connections. */
  stop(): Promise<void>;
  /** Routes this adapter serves on the shared PORT server (e.g. `POST /discord/interactions`). */
  readonly routes?: readonly MountedRoute[];
}
