/**
 * The pino root logger: JSON lines in production, readable lines in a terminal. Secrets are removed twice: known
 * secret-bearing keys are redacted by path, and every output line is scrubbed of the configured secret values and of
 * anything shaped like a Slack or Discord token, so a token inside an error message or URL never reaches the log.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import type { Config } from './config.ts';

export type RootLogger = PinoLogger;

/** Keys whose values are always secret, wherever they appear (up to two levels deep). */
const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'secret', 'password', 'authorization', 'cookie'];
const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
];

/** Token shapes: Slack (xoxb-, xoxp-, xapp-…), Discord bot tokens, and Authorization header values. */
const TOKEN_PATTERNS = [
  /\bxox[abposr]-[A-Za-z0-9-]{8,}/g,
  /\bxapp-[A-Za-z0-9-]{8,}/g,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}\b/g,
  /\b(Bot|Bearer) [A-Za-z0-9._-]{8,}/g,
];

export const REDACTED = '[REDACTED]';

/** Replaces every secret value and token-shaped string in a line. */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret) out = out.split(secret).join(REDACTED);
  for (const pattern of TOKEN_PATTERNS)
    out = out.replace(pattern, (match) => (/^(Bot|Bearer) /.test(match) ? `${match.split(' ')[0]} ${REDACTED}` : REDACTED));
  return out;
}

export interface LoggerOptions {
  level: Config['logLevel'];
  format: Config['logFormat'];
  secrets: readonly string[];
  /** Where lines go; standard output by default (tests pass a recorder). */
  destination?: { write(line: string): unknown };
  /** Whether the destination is a terminal, for `format: auto`. */
  isTTY?: boolean;
}

export function createLogger(options: LoggerOptions): RootLogger {
  const target = options.destination ?? process.stdout;
  const usePretty = options.format === 'pretty' || (options.format === 'auto' && (options.isTTY ?? process.stdout.isTTY === true));
  const sink: { write(line: string): unknown } = usePretty
    ? loadPretty()({
        colorize: options.isTTY ?? process.stdout.isTTY === true,
        destination: asWritable(target),
        sync: true,
        ignore: 'pid,hostname,app',
      })
    : target;
  const scrubbing: DestinationStream = { write: (line: string) => void sink.write(scrubSecrets(line, options.secrets)) };
  return pino(
    {
      level: options.level,
      base: { app: 'career-advisor' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    scrubbing,
  );
}

/** pino-pretty needs a real stream; a test recorder is a bare `{ write }`. */
function asWritable(target: { write(line: string): unknown }): NodeJS.WritableStream {
  if (target instanceof Writable) return target;
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      target.write(chunk.toString());
      callback();
    },
  });
}

type PrettyFactory = (options: Record<string, unknown>) => NodeJS.WritableStream;

/** pino-pretty loads only when used: it is the heaviest import on the console's cold-start path. */
function loadPretty(): PrettyFactory {
  const mod = createRequire(import.meta.url)('pino-pretty') as PrettyFactory | { default: PrettyFactory };
  return typeof mod === 'function' ? mod : mod.default;
}
