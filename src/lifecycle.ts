/**
 * The process around the bot: which components are ready, how the process stops, and how a failed start reads.
 *
 * - A component (the knowledge, each platform, the store, an HTTP server) registers once with {@link Lifecycle.add}:
 *   a readiness check (may be async, may give a reason) and a stop function. `/readyz` is the AND of the checks.
 * - SIGTERM/SIGINT: `/readyz` turns 503 at once, then every component stops in reverse order of registration
 *   (HTTP servers drain first: see adapters/shared/http.ts; the store, added before the adapters, closes last), the
 *   logs are flushed and the process exits 0. If `SHUTDOWN_TIMEOUT_MS` passes first, it says what was still running
 *   and exits 1. A second signal exits 1 at once.
 * - SIGHUP reloads the knowledge (parsed in a worker thread: see core/knowledge/offthread.ts).
 * - A failed start is one sentence on stderr ({@link describeStartupError}); the stack only at `LOG_LEVEL=debug`.
 */
import { AdvisorError, KnowledgeError } from './core/errors.ts';
import type { Logger } from './core/types.ts';
import { Health, type ReadinessCheck } from './adapters/shared/health.ts';
import type { DrainableServer } from './adapters/shared/http.ts';

/** A startup failure whose message is already the one sentence an operator should read. */
export class StartupError extends AdvisorError {
  override readonly name = 'StartupError';
}

export interface Component {
  name: string;
  /** Readiness; omitted for components that are ready once added. */
  ready?: ReadinessCheck;
  /** Stops taking work, finishes or flushes what it holds. Bounded by the shutdown deadline. */
  stop?: () => Promise<unknown>;
}

export interface LifecycleOptions {
  logger: Logger;
  shutdownTimeoutMs: number;
  health?: Health;
  /** Ends the process (tests pass a recorder). Default `process.exit`. */
  exit?: (code: number) => void;
  /** Waits for the log output to be written. Default: drains stdout and stderr. */
  flushLogs?: () => Promise<void>;
}

export class Lifecycle {
  readonly health: Health;
  private readonly logger: Logger;
  private readonly components: Component[] = [];
  private readonly exit: (code: number) => void;
  private readonly flushLogs: () => Promise<void>;
  private readonly timeoutMs: number;
  private stopping: Promise<number> | undefined;

  constructor(options: LifecycleOptions) {
    this.logger = options.logger;
    this.health = options.health ?? new Health();
    this.exit = options.exit ?? ((code) => process.exit(code));
    this.flushLogs = options.flushLogs ?? flushStdio;
    this.timeoutMs = options.shutdownTimeoutMs;
  }

  /** Registers a component: its readiness check under its name, its stop function for shutdown. */
  add(component: Component): void {
    this.components.push(component);
    if (component.ready) this.health.register(component.name, component.ready);
  }

  /** Registers an HTTP server to drain on shutdown (added after the adapters, so it drains before they stop). */
  addServer(name: string, server: DrainableServer): void {
    this.add({
      name: `${name}.http`,
      stop: async () => {
        const result = await server.drain(this.deadline?.signal);
        if (result.unfinished > 0) this.unfinished.push(`${result.unfinished} ${name} HTTP request${result.unfinished === 1 ? '' : 's'}`);
      },
    });
  }

  private deadline: AbortController | undefined;
  private readonly unfinished: string[] = [];

  /** SIGTERM/SIGINT stop the process, SIGHUP calls `onReload`; unhandled rejections are logged, never silent. */
  installSignalHandlers(options: { onReload?: () => unknown } = {}): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        if (this.stopping) {
          this.logger.warn({ event: 'shutdown.forced', signal }, `second ${signal}: exiting now`);
          void this.flushLogs().finally(() => this.exit(1));
          return;
        }
        void this.shutdown(signal);
      });
    }
    if (options.onReload) {
      const reload = options.onReload;
      process.on('SIGHUP', () => void reload());
    }
    process.on('unhandledRejection', (reason) =>
      this.logger.error({ event: 'unhandled_rejection', err: reason }, 'unhandled promise rejection'),
    );
  }

  /** Stops every component (reverse order) within the deadline, flushes the logs, exits 0, or 1 if forced. */
  shutdown(signal: string): Promise<number> {
    this.stopping ??= this.run(signal);
    return this.stopping;
  }

  private async run(signal: string): Promise<number> {
    const started = Date.now();
    // Load balancers see 503 at once and stop sending; requests already on their way are still answered.
    this.health.register('shutdown', () => 'shutting down');
    this.logger.info({ event: 'shutdown', signal, timeoutMs: this.timeoutMs }, `${signal}: shutting down (up to ${this.timeoutMs} ms)`);
    const deadline = new AbortController();
    this.deadline = deadline;
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    const pending = new Set<string>();
    const stopAll = (async () => {
      for (const component of [...this.components].reverse()) {
        if (!component.stop || deadline.signal.aborted) continue;
        pending.add(component.name);
        try {
          await component.stop();
        } catch (error) {
          this.logger.warn(
            { event: 'shutdown.stop_failed', component: component.name, err: error },
            `${component.name} did not stop cleanly: ${(error as Error)?.message ?? String(error)}`,
          );
        }
        pending.delete(component.name);
      }
    })();
    await Promise.race([
      stopAll,
      new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    clearTimeout(timer);
    const forced = deadline.signal.aborted;
    let code = 0;
    if (forced) {
      const what = [...this.unfinished, ...[...pending].filter((p) => !p.endsWith('.http')).map((p) => `${p} still stopping`)];
      this.logger.error(
        { event: 'shutdown.timeout', timeoutMs: this.timeoutMs, unfinished: what },
        `shutdown did not finish within SHUTDOWN_TIMEOUT_MS=${this.timeoutMs} ms (${what.join(', ') || 'work still running'}); forcing exit with code 1`,
      );
      code = 1;
    } else {
      this.logger.info({ event: 'shutdown.done', ms: Date.now() - started }, 'stopped cleanly');
    }
    await this.flushLogs();
    this.exit(code);
    return code;
  }
}

async function flushStdio(): Promise<void> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve()))),
    ),
  );
}

interface MaybeError {
  code?: unknown;
  message?: unknown;
  port?: unknown;
  address?: unknown;
  syscall?: unknown;
  cause?: unknown;
  data?: { error?: unknown };
  original?: unknown;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
const SLACK_AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'no_permission',
  'missing_scope',
]);

/** The network error code somewhere in an error's cause chain (undici nests it under `cause`, web-api under `original`). */
function networkCode(error: unknown): string | undefined {
  let e = error as MaybeError | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
    e = (e.cause ?? e.original) as MaybeError | undefined;
  }
  return undefined;
}

/** Where a component's API lives, for "cannot reach …" sentences. */
export interface StartupContext {
  component?: string;
  apiUrl?: string;
  port?: number;
}

/**
 * One sentence for an error that stopped the start, naming the variable or file to fix. Config and knowledge errors
 * keep their own lists (one problem per line); anything unknown says which component failed and the error message.
 */
export function describeStartupError(error: unknown, context: StartupContext = {}): string {
  if (error instanceof StartupError) return error.message;
  // Config, knowledge and store errors already name the variable, file or address to fix.
  if (error instanceof KnowledgeError || ['ConfigError', 'StoreError'].includes((error as Error)?.name)) return (error as Error).message;
  const e = (error ?? {}) as MaybeError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const where = context.component ? `${context.component}: ` : '';
  if (code === 'EADDRINUSE') {
    const port = typeof e.port === 'number' ? e.port : context.port;
    return `career-advisor: port ${port ?? '(PORT)'} is already in use by another process; stop it or set PORT to a free port.`;
  }
  if (code === 'EACCES' && e.syscall === 'listen') {
    const port = typeof e.port === 'number' ? e.port : context.port;
    return `career-advisor: not allowed to listen on port ${port ?? '(PORT)'} (ports below 1024 need privileges); set PORT to 1024 or above.`;
  }
  if (context.component === 'discord' && (code === 'TokenInvalid' || /invalid token/i.test(String(e.message)))) {
    return 'discord: Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the bot token again from the Developer Portal (Bot → Reset Token).';
  }
  const slackError = typeof e.data?.error === 'string' ? e.data.error : undefined;
  if (context.component === 'slack' && slackError && SLACK_AUTH_ERRORS.has(slackError)) {
    return `slack: Slack rejected SLACK_BOT_TOKEN (${slackError}); check the bot token under OAuth & Permissions and reinstall the app if it was revoked.`;
  }
  if (context.component === 'slack' && slackError) {
    return `slack: Slack refused to start the app (${slackError}); check SLACK_BOT_TOKEN${context.apiUrl ? '' : ' and SLACK_APP_TOKEN'}.`;
  }
  const network = networkCode(error);
  if (network) {
    return `${where}cannot reach the ${platformName(context.component)} API${context.apiUrl ? ` at ${context.apiUrl}` : ''} (${network}); check the network${context.apiUrl ? ' and the API URL setting' : ''}.`;
  }
  const message = typeof e.message === 'string' ? e.message.split('\n')[0] : String(error);
  return `${where}failed to start: ${message}`;
}

function platformName(component: string | undefined): string {
  if (component === 'slack') return 'Slack';
  if (component === 'discord') return 'Discord';
  return component ?? 'remote';
}

/** Prints the sentence (and the stack at debug level) and exits 1. */
export function exitOnStartupError(error: unknown, options: { debug?: boolean; context?: StartupContext } = {}): never {
  process.stderr.write(`${describeStartupError(error, options.context)}\n`);
  if (options.debug && error instanceof Error && error.stack && !(error instanceof KnowledgeError))
    process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
