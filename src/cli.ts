/**
 * `career-advisor` command line (also `npm run cli -- …`):
 *   career-advisor                   interactive chat (same as `npm start` without platform tokens)
 *   career-advisor ask "question"    prints one short answer (`--full` adds the detail behind "more", `--explain`
 *                                    how the question was understood)
 *   --width N (chat and ask)         wrap to N columns instead of the terminal's width (80 off a terminal)
 *   career-advisor ask --json        one question per stdin line → one JSON object per line on stdout
 *   career-advisor knowledge:check   validates knowledge/ and prints a summary; exits 1 on any error
 *   career-advisor discord:register  registers the Discord slash commands (needs DISCORD_TOKEN, DISCORD_APPLICATION_ID)
 *   career-advisor gaps [--json]     the most asked questions the bot could not answer, from the store
 *   career-advisor feedback [--json] answers by 👎 then 👍, with the latest comments, from the store
 * `chat --ephemeral` keeps nothing (a memory store); otherwise the chat keeps context, votes and gaps in the store.
 */
import { setFlagsFromString } from 'node:v8';
import { ConfigError, knowledgeOptions, loadConfig } from './config.ts';
import { createAdvisor } from './core/advisor.ts';
import { KnowledgeError } from './core/errors.ts';
import { loadKnowledge, summarizeKnowledge } from './core/knowledge/load.ts';
import { loadLanguageDetector } from './core/nlu/language.ts';
import type { Logger } from './core/types.ts';
import { isClosedPipe } from './adapters/console/lines.ts';

const USAGE = `usage: career-advisor [chat [--ephemeral] | ask [--explain] [--full] "question" | ask --json | gaps [--json] [--limit N] | feedback [--json] [--limit N] | knowledge:check | discord:register | help] [--width N]`;

/** Takes `--width N` (or `--width=N`) out of the arguments; `error` when its value is not a whole number. */
function takeWidth(argv: string[]): { args: string[]; width?: number; error?: string } {
  const args: string[] = [];
  let width: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const inline = /^--width=(.*)$/.exec(arg);
    if (arg !== '--width' && !inline) {
      args.push(arg);
      continue;
    }
    const value = inline ? inline[1] : argv[++i];
    if (value === undefined || !/^\d{1,4}$/.test(value) || Number(value) < 20)
      return { args, error: `--width needs a whole number of columns, 20 or more (got ${value ?? 'nothing'})` };
    width = Number(value);
  }
  return { args, ...(width !== undefined ? { width } : {}) };
}

async function run(argv: string[]): Promise<number> {
  const options = takeWidth(argv);
  if (options.error) {
    process.stderr.write(`career-advisor: ${options.error}\n${USAGE}\n`);
    return 2;
  }
  const [command = 'chat', ...rest] = options.args;
  const config = loadConfig();
  // Logs go to stderr so stdout carries only answers (and JSON in batch mode).
  const level = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const makeLogger = async () =>
    (await import('./logger.ts')).createLogger({
      level,
      format: config.logFormat,
      secrets: config.secrets,
      destination: process.stderr,
      isTTY: process.stderr.isTTY === true,
    });
  // A one-shot `ask` usually logs nothing (only warnings reach stderr), so it does not load pino (~25 ms of a cold
  // start) unless it has a line to write; every other mode has its logger before it starts.
  const logger = command === 'ask' && rest[0] !== '--json' ? deferredLogger(makeLogger, level) : await makeLogger();

  switch (command) {
    case 'knowledge:check': {
      const knowledge = await loadKnowledge(config.knowledgeDir, { maxFileBytes: config.knowledgeMaxFileBytes });
      const s = summarizeKnowledge(knowledge);
      process.stdout.write(
        `knowledge OK: ${s.roles} roles (${s.profiles} full profiles, ${s.briefs} briefs), ${s.sections} sections, ${s.salaryRows} salary rows, ${s.examples} training questions for ${s.intents} intents in ${config.knowledgeDir}\n`,
      );
      return 0;
    }
    case 'discord:register': {
      if (!config.discord) {
        process.stderr.write('discord:register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see .env.example)\n');
        return 1;
      }
      const { registerCommands } = await import('./adapters/discord/register.ts');
      const result = await registerCommands(config.discord, logger);
      process.stdout.write(`registered ${result.names.length} ${result.scope} commands: ${result.names.join(', ')}\n`);
      return 0;
    }
    case 'gaps':
    case 'feedback': {
      const json = rest.includes('--json');
      const limitAt = rest.indexOf('--limit');
      const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        process.stderr.write(`${command}: --limit takes a whole number from 1 to 10000\n`);
        return 2;
      }
      const { createStore } = await import('./store/index.ts');
      const { Policy } = await import('./bot/policy.ts');
      const { feedbackReport, gapsReport } = await import('./bot/interactions.ts');
      const { stripInlineMarkdown } = await import('./core/answer/render.ts');
      const store = await createStore(config.store, { logger });
      try {
        const policy = new Policy({
          store,
          logger,
          sharePolicy: config.sharePolicy,
          ratePerMinute: config.rateLimitPerMinute,
          contextTtlMs: config.contextTtlMs,
          storeTimeoutMs: 10_000,
        });
        if (command === 'gaps') {
          const gaps = await policy.gaps(limit);
          if (json)
            process.stdout.write(
              `${JSON.stringify(
                gaps.map((g) => ({ ...g, lastSeen: new Date(g.lastSeen).toISOString() })),
                null,
                2,
              )}\n`,
            );
          else process.stdout.write(`${reportText(gapsReport(gaps), stripInlineMarkdown)}\n`);
        } else {
          const records = await policy.feedback(limit, 10);
          if (json)
            process.stdout.write(
              `${JSON.stringify(
                records.map((r) => ({ ...r, comments: r.comments.map((c) => ({ ...c, at: new Date(c.at).toISOString() })) })),
                null,
                2,
              )}\n`,
            );
          else process.stdout.write(`${reportText(feedbackReport(records), stripInlineMarkdown)}\n`);
        }
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'chat':
    case 'ask': {
      const startAdvisor = async () => {
        const knowledge = await loadKnowledge(config.knowledgeDir, knowledgeOptions(config, logger));
        // The modes that answer many messages load the language detector now; a one-shot `ask` only if its message needs it.
        if (command === 'chat' || rest[0] === '--json') loadLanguageDetector();
        return createAdvisor({
          knowledge,
          logger,
          contextTtlMs: config.contextTtlMs,
          // The worker's module (node:worker_threads) loads only for a reload, which a one-shot `ask` never does.
          load: async () => {
            const { loadKnowledgeOffThread } = await import('./core/knowledge/offthread.ts');
            return loadKnowledgeOffThread(config.knowledgeDir, knowledgeOptions(config, logger));
          },
        });
      };
      // Each mode imports only its own modules, read while the knowledge loads: the batch mode needs no terminal view
      // (string-width, wrap-ansi), readline or bot layer.
      if (command === 'ask' && rest[0] === '--json') {
        // A batch answers thousands of questions in one process. TurboFan without inlining compiles each hot function
        // on its own, so its compile zones (malloc'd on V8's worker threads and kept by their arenas) stay small: peak
        // RSS over 20,000 answers about 4 MB lower, total CPU lower, warm p50 about 5% higher (docs/DESIGN.md, "Fifth
        // pass: memory"). Read at each compile, so setting it here, before the knowledge loads, is early enough.
        setFlagsFromString('--no-turbo-inlining');
        const [{ runJsonBatch }, advisor] = await Promise.all([import('./adapters/console/batch.ts'), startAdvisor()]);
        process.on('SIGHUP', () => void advisor.reload()); // reload, not exit 129, in batch mode too
        await runJsonBatch(advisor, { input: process.stdin, output: process.stdout });
        return 0;
      }
      const [console, { colorEnabled, terminalWidth }, advisor] = await Promise.all([
        import('./adapters/console/chat.ts'),
        import('./adapters/console/view.ts'),
        startAdvisor(),
      ]);
      const view = { width: terminalWidth(process.stdout, options.width), color: colorEnabled(process.stdout, config.color) };
      if (command === 'chat') {
        const { createStore } = await import('./store/index.ts');
        const { createBot } = await import('./bot/interactions.ts');
        const store = await createStore(rest.includes('--ephemeral') ? { kind: 'memory' } : config.store, { logger });
        try {
          const bot = createBot({
            advisor,
            store,
            logger,
            sharePolicy: config.sharePolicy,
            ratePerMinute: config.rateLimitPerMinute,
            contextTtlMs: config.contextTtlMs,
          });
          // The chat reads the terminal's width on every answer (it may be resized) unless --width fixes it.
          await console.runChat(
            advisor,
            {
              input: process.stdin,
              output: process.stdout,
              view: { ...(options.width ? { width: options.width } : {}), color: view.color },
            },
            { bot: bot.for('console', { maxControlLength: Number.MAX_SAFE_INTEGER, commentForm: false }) },
          );
        } finally {
          await store.close();
        }
        return 0;
      }
      const flags = new Set<string>();
      while (rest[0] === '--explain' || rest[0] === '--full') flags.add(rest.shift() as string);
      const explain = flags.has('--explain');
      const question = rest.join(' ').trim();
      if (question === '') {
        process.stderr.write(`${USAGE}\n`);
        return 2;
      }
      process.stdout.write(`${await console.answerOnce(advisor, question, { ...view, explain, full: flags.has('--full') })}\n`);
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    default:
      process.stderr.write(`career-advisor: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

/** Log lines still waiting for a deferred logger; the process awaits them before it exits. */
let pendingLogs: Promise<unknown> = Promise.resolve();

/** pino's numbers of the levels a {@link Logger} logs at, and of the levels a config may set. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * A {@link Logger} that creates the real one on its first line at `level` or above (lines below it are dropped, as
 * the real one would) and hands it every line logged meanwhile, in order (their `time` is when they are written, a
 * few milliseconds late). {@link pendingLogs} waits for them.
 */
function deferredLogger(make: () => Promise<Logger>, level: string): Logger {
  const threshold = LEVELS[level] ?? LEVELS['info'];
  let real: Logger | undefined;
  let loading: Promise<unknown> | undefined;
  const queue: Array<[level: keyof Logger, obj: object, msg: string | undefined]> = [];
  const line = (level: keyof Logger) => (obj: object, msg?: string) => {
    if (real) return real[level](obj, msg);
    if ((LEVELS[level] as number) < (threshold as number)) return;
    queue.push([level, obj, msg]);
    loading ??= make().then(
      (logger) => {
        real = logger;
        for (const [l, o, m] of queue.splice(0)) logger[l](o, m);
      },
      (error: unknown) => void process.stderr.write(`career-advisor: cannot log (${String(error)}): ${JSON.stringify(queue)}\n`),
    );
    pendingLogs = loading;
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/** A moderator report as terminal text. */
function reportText(report: { title: string; intro: string; lines: string[] }, plain: (markdown: string) => string): string {
  return [report.title, report.intro, ...report.lines].map((line) => plain(line)).join('\n');
}

// A reader that goes away early (`career-advisor ask --json < questions | head -1`) is not an error: exit 0 quietly.
process.stdout.on('error', (error) => {
  if (isClosedPipe(error)) process.exit(0);
  throw error;
});

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || error instanceof KnowledgeError || (error instanceof Error && error.name === 'StoreError'))
    process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`career-advisor: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  await pendingLogs;
}
