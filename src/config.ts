/**
 * The only reader of `process.env` (and of `.env`, through dotenv). Everything else receives the parsed {@link Config}.
 * Invalid values stop startup with one message that lists every problem by variable name.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type * as Dotenv from 'dotenv';
import type { LoadOptions } from './core/knowledge/load.ts';
import type { Logger } from './core/types.ts';
import type { StoreConfig } from './store/index.ts';

/**
 * The package's own `knowledge/`, found from this module (src/config.ts, or the bundle in dist/: both one level below
 * the package root), so a linked or installed `career-advisor` works from any folder. A relative `KNOWLEDGE_DIR` is
 * still read against the current folder.
 */
const packageKnowledgeDir = fileURLToPath(new URL('../knowledge', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional());
const idList = (pattern: RegExp, what: string) =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(pattern, `each entry must be ${what}`)));
// Decimal digits only: Number() would also take `0x50`, `1e3`, `0b1` or `  12  ` and start on a port nobody asked for.
const optionalInt = (min: number, max: number) =>
  optionalString
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number in decimal digits (such as 3000)').optional())
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).optional());
const intInRange = (min: number, max: number, fallback: number) => optionalInt(min, max).transform((v) => v ?? fallback);

const envSchema = z.object({
  NODE_ENV: optionalString,
  LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS).optional().default('info')),
  LOG_FORMAT: optionalString.pipe(z.enum(['auto', 'json', 'pretty']).optional().default('auto')),
  KNOWLEDGE_DIR: optionalString.transform((v) => v ?? packageKnowledgeDir),
  // Knowledge limits and the process lifecycle (see src/core/knowledge/load.ts and src/lifecycle.ts).
  KNOWLEDGE_MAX_FILE_KB: intInRange(1, 64 * 1024, 256),
  KNOWLEDGE_CACHE_DIR: optionalString,
  SHUTDOWN_TIMEOUT_MS: intInRange(1, 10 * 60_000, 10_000),
  PORT: optionalInt(0, 65535),
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional()),
  SLACK_API_URL: optionalUrl,
  SLACK_MODERATOR_IDS: idList(/^[UW][A-Z0-9]+$/, 'a Slack user id such as U0123ABCD'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{15,21}$/, 'must be a Discord snowflake (digits)')
      .optional(),
  ),
  DISCORD_GUILD_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{15,21}$/, 'must be a Discord snowflake (digits)')
      .optional(),
  ),
  DISCORD_API_URL: optionalUrl,
  DISCORD_MODERATOR_ROLE_IDS: idList(/^\d{15,21}$/, 'a Discord role id (digits)'),
  DISCORD_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64-hex-character public key from the developer portal')
      .optional(),
  ),
  DISCORD_GATEWAY: optionalString.pipe(z.enum(['on', 'off']).optional()),
  DISCORD_SHARDS: optionalString.pipe(
    z
      .union([z.literal('auto'), z.string().regex(/^\d{1,4}$/, "must be 'auto' or a whole number of shards from 1")])
      .refine((v) => v === 'auto' || Number(v) >= 1, "must be 'auto' or a whole number of shards from 1")
      .optional(),
  ),
  SHARE_POLICY: optionalString.pipe(z.enum(['moderators', 'everyone']).optional().default('moderators')),
  RATE_LIMIT_PER_MINUTE: intInRange(1, 10_000, 10),
  CONTEXT_TTL_MINUTES: intInRange(1, 24 * 60, 30),
  STORE: optionalString.pipe(z.enum(['memory', 'sqlite', 'redis'], { error: 'must be memory, sqlite or redis' }).optional()),
  DATA_DIR: optionalString.transform((v) => v ?? './data'),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  REDIS_KEY_PREFIX: optionalString.pipe(z.string().max(100, 'must be at most 100 characters').optional().default('career-advisor:')),
  // Terminal colour conventions (no-color.org, FORCE_COLOR as Node and most CLIs read it).
  NO_COLOR: optionalString,
  FORCE_COLOR: optionalString,
});

export type SharePolicy = 'moderators' | 'everyone';
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SlackConfig {
  botToken: string;
  /** Set for the HTTP receiver; absent in Socket Mode. */
  signingSecret?: string;
  /** Set for Socket Mode. */
  appToken?: string;
  mode: 'http' | 'socket';
  /** Web API base URL override (proxies, tests), e.g. `http://127.0.0.1:9000/api/`. */
  apiUrl?: string;
  moderatorIds: string[];
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Register commands in this guild (instant) instead of globally. */
  guildId?: string;
  /** REST base override, e.g. `http://127.0.0.1:8080/api`. */
  apiUrl?: string;
  moderatorRoleIds: string[];
  /** Ed25519 public key (64 hex chars): when set, `POST /discord/interactions` on PORT answers interactions over HTTP. */
  publicKey?: string;
  /** Whether to open the gateway connection (needed for mentions and DMs only). Default on. */
  gateway?: boolean;
  /** Gateway shards in this process: `auto` asks Discord (`/gateway/bot`), a number fixes the total. Default `auto`. */
  shards?: 'auto' | number;
}

export interface Config {
  nodeEnv: string;
  logLevel: LogLevel;
  logFormat: 'auto' | 'json' | 'pretty';
  knowledgeDir: string;
  /** Largest knowledge file accepted, in bytes. Default 256 KB (`KNOWLEDGE_MAX_FILE_KB`). */
  knowledgeMaxFileBytes: number;
  /** Where parsed-knowledge snapshots are kept (per install); `false` when `KNOWLEDGE_CACHE_DIR=off`. */
  knowledgeCacheDir: string | false;
  /** How long shutdown waits for in-flight work before it forces the exit (code 1). Default 10 s. */
  shutdownTimeoutMs: number;
  /** HTTP port for the Slack receiver and the health routes; `undefined` when not set. */
  port?: number;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  sharePolicy: SharePolicy;
  rateLimitPerMinute: number;
  contextTtlMs: number;
  /** Where state lives: `STORE`, or Redis when `REDIS_URL` is set, else the embedded database under `DATA_DIR`. */
  store: StoreConfig;
  /** Terminal colour: `forceColor` from FORCE_COLOR (`0`/`false` → off, anything else → on), `noColor` from NO_COLOR. */
  color: { forceColor?: boolean; noColor: boolean };
  /** Every secret value, so the logger can scrub them from any line. */
  secrets: string[];
}

/** The per-install cache folder: `node_modules/.cache/career-advisor` of this package (src/ and dist/ are both one level down). */
export const defaultKnowledgeCacheDir = fileURLToPath(new URL('../node_modules/.cache/career-advisor', import.meta.url));

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `config: invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * The set variables as trimmed strings, standing in for the parsed values when parsing failed: the pairing rules only
 * ask whether a variable is set (or equals a literal), which a raw value answers as well.
 */
function rawValues(env: Record<string, string | undefined>): z.infer<typeof envSchema> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v?.trim() || undefined])) as unknown as z.infer<typeof envSchema>;
}

/** Parses an environment object. Pure: tests call it with a literal object. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  const problems: string[] = result.success
    ? []
    : result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  // Pairing rules run even when a value is malformed (on the raw values), so one pass reports format and pairing alike.
  const e = result.success ? result.data : rawValues(env);

  if (e.SLACK_SIGNING_SECRET && !e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set');
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN is set (Socket Mode)');
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN) {
    problems.push('SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) problems.push('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
  if (e.DISCORD_PUBLIC_KEY && !e.DISCORD_TOKEN)
    problems.push('DISCORD_TOKEN: required when DISCORD_PUBLIC_KEY is set (answers posted in channels use it)');
  if (e.DISCORD_GATEWAY === 'off' && !e.DISCORD_PUBLIC_KEY)
    problems.push('DISCORD_PUBLIC_KEY: required when DISCORD_GATEWAY is off (otherwise nothing reaches the bot from Discord)');
  if (e.STORE === 'redis' && !e.REDIS_URL) problems.push('REDIS_URL: required when STORE=redis');
  if (problems.length > 0) throw new ConfigError(problems);

  const slack: SlackConfig | undefined = e.SLACK_BOT_TOKEN
    ? {
        botToken: e.SLACK_BOT_TOKEN,
        mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
        moderatorIds: e.SLACK_MODERATOR_IDS,
        ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
        ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
        ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
      }
    : undefined;
  const discord: DiscordConfig | undefined =
    e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          moderatorRoleIds: e.DISCORD_MODERATOR_ROLE_IDS,
          gateway: e.DISCORD_GATEWAY !== 'off',
          shards: e.DISCORD_SHARDS === undefined || e.DISCORD_SHARDS === 'auto' ? 'auto' : Number(e.DISCORD_SHARDS),
          ...(e.DISCORD_PUBLIC_KEY ? { publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase() } : {}),
          ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
          ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
        }
      : undefined;

  return {
    nodeEnv: e.NODE_ENV ?? 'development',
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    knowledgeDir: e.KNOWLEDGE_DIR,
    knowledgeMaxFileBytes: e.KNOWLEDGE_MAX_FILE_KB * 1024,
    knowledgeCacheDir:
      e.KNOWLEDGE_CACHE_DIR === undefined
        ? defaultKnowledgeCacheDir
        : /^(off|false|none|0)$/i.test(e.KNOWLEDGE_CACHE_DIR)
          ? false
          : e.KNOWLEDGE_CACHE_DIR,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    ...(e.PORT !== undefined ? { port: e.PORT } : {}),
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    sharePolicy: e.SHARE_POLICY,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    contextTtlMs: e.CONTEXT_TTL_MINUTES * 60_000,
    store: storeConfig(e.STORE ?? (e.REDIS_URL ? 'redis' : 'sqlite'), e.DATA_DIR, e.REDIS_URL, e.REDIS_KEY_PREFIX),
    color: {
      noColor: e.NO_COLOR !== undefined,
      ...(e.FORCE_COLOR !== undefined ? { forceColor: !/^(0|false)$/i.test(e.FORCE_COLOR) } : {}),
    },
    secrets: [e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, e.DISCORD_TOKEN, ...redisSecrets(e.REDIS_URL)].filter(
      (s): s is string => typeof s === 'string' && s.length >= 6,
    ),
  };
}

function storeConfig(kind: StoreConfig['kind'], dataDir: string, redisUrl: string | undefined, redisKeyPrefix: string): StoreConfig {
  if (kind === 'memory') return { kind };
  if (kind === 'redis' && redisUrl) return { kind, redisUrl, redisKeyPrefix };
  return { kind: 'sqlite', dataDir };
}

/** The Redis password in every form it may appear in (as written in the URL, decoded), and the whole URL. */
function redisSecrets(url: string | undefined): string[] {
  if (!url) return [];
  const { password, username } = new URL(url);
  if (!password && !username) return [];
  const decoded = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return [url, password, decoded(password), ...(password ? [] : [username, decoded(username)])];
}

/** Loads `.env` (if present; real environment variables win) and parses `process.env`. */
export function loadConfig(): Config {
  // dotenv is loaded only when it has something to read (`.env` in the working folder, where it looks, or a
  // DOTENV_KEY for its encrypted `.env.vault`): otherwise it would do nothing, and importing it costs a start ~10 ms.
  if (existsSync(resolve(process.cwd(), '.env')) || process.env['DOTENV_KEY']) {
    const dotenv = createRequire(import.meta.url)('dotenv') as typeof Dotenv;
    dotenv.config({ quiet: true });
  }
  return parseConfig(process.env);
}

/** The knowledge options every entry point uses: the per-install cache, the file size cap, cache warnings in the log. */
export function knowledgeOptions(config: Config, logger: Logger): LoadOptions {
  return { cacheDir: config.knowledgeCacheDir, maxFileBytes: config.knowledgeMaxFileBytes, logger };
}
