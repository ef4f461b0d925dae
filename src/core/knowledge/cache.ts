/**
 * The parsed-knowledge cache: one snapshot file per install, in a folder this process owns (mode 0700), never a shared
 * temp folder. A snapshot is trusted only when every check passes, otherwise it is ignored with a warning and the
 * sources are parsed (a cache can cost a parse, never an answer):
 * - the file is a regular file owned by this user and writable by nobody else;
 * - its header names the version and the content key (a hash of the parser and of every source file);
 * - its body carries an HMAC made with a random key kept beside it (`.key`, mode 0600): a file planted or edited by
 *   anyone who cannot read that key (a forged salary figure, a truncated write) does not verify;
 * - the body parses and has the shape of the parsed knowledge (zod).
 * After a write, every other snapshot is removed: the folder holds the latest one only.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { INTENTS, TOPICS } from '../topics.ts';
import type { IntentExamples, IntentModel, Knowledge, Logger, Role } from '../types.ts';

const FORMAT = 'career-advisor-knowledge';
const PREFIX = 'knowledge-';
const KEY_FILE = '.key';

const blockSchema = z.looseObject({ type: z.enum(['heading', 'paragraph', 'bullets', 'table', 'fields', 'source']) });
const sectionSchema = z.looseObject({ id: z.string(), role: z.string(), topic: z.enum(TOPICS), markdown: z.string(), text: z.string(), blocks: z.array(blockSchema), line: z.number() });
const salaryRowSchema = z.looseObject({ measure: z.string(), figure: z.string(), basis: z.string(), subject: z.string(), self: z.boolean(), scope: z.string(), amounts: z.array(z.number()) });
const roleSchema = z.looseObject({
  slug: z.string().min(1),
  title: z.string(),
  kind: z.enum(['profile', 'brief']),
  summary: z.string(),
  aliases: z.array(z.string()),
  related: z.array(z.string()),
  asOf: z.string(),
  scope: z.string(),
  file: z.string(),
  sections: z.record(z.string(), sectionSchema),
  salary: z.array(salaryRowSchema),
});
const intentsSchema = z.looseObject({
  intent: z.enum(INTENTS),
  description: z.string(),
  file: z.string(),
  examples: z.array(z.looseObject({ text: z.string(), line: z.number() })),
});
const modelSchema = z.looseObject({
  key: z.string(),
  classifier: z.looseObject({
    intents: z.array(z.enum(INTENTS)),
    features: z.string(),
    idf: z.string(),
    weights: z.string(),
    bias: z.array(z.number()),
    minGram: z.number(),
    maxGram: z.number(),
  }),
});
const bodySchema = z.strictObject({ roles: z.array(roleSchema).min(1), intents: z.array(intentsSchema), intentModel: modelSchema.optional() });
const headerSchema = z.strictObject({ format: z.literal(FORMAT), key: z.string(), mac: z.string().regex(/^[0-9a-f]{64}$/) });

function snapshotPath(dir: string, key: string): string {
  return join(dir, `${PREFIX}${key.slice(0, 32)}.json`);
}

/** Returns the cached knowledge for `key`, or undefined (after a warning when a snapshot was there but untrusted). */
export async function readSnapshot(dir: string, key: string, logger: Logger): Promise<Knowledge | undefined> {
  const file = snapshotPath(dir, key);
  const ignore = (reason: string): undefined => {
    logger.warn({ event: 'knowledge.cache_ignored', file, reason }, `ignoring the knowledge cache ${file}: ${reason}; parsing the knowledge files instead`);
    return undefined;
  };
  try {
    const info = await lstat(file);
    const problem = ownershipProblem(info);
    if (problem) return ignore(problem);
  } catch {
    return undefined; // No snapshot yet.
  }
  const secret = await readKey(dir);
  if (typeof secret === 'string') return ignore(secret);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return ignore(`cannot read it (${(error as Error).message})`);
  }
  const newline = text.indexOf('\n');
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(newline < 0 ? text : text.slice(0, newline)));
  } catch {
    return ignore('its header is malformed');
  }
  const body = text.slice(newline + 1);
  if (header.key !== key) return ignore('it was made from other knowledge files');
  const expected = createHmac('sha256', secret).update(`${key}\n${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(header.mac, 'hex'))) return ignore('its signature does not match (edited or planted)');
  let parsed: { roles: Role[]; intents: IntentExamples[]; intentModel?: IntentModel };
  try {
    parsed = bodySchema.parse(JSON.parse(body)) as unknown as typeof parsed;
  } catch {
    return ignore('its content does not have the shape of parsed knowledge');
  }
  const { roles, intents, intentModel } = parsed;
  return { roles, bySlug: new Map(roles.map((r) => [r.slug, r])), intents, ...(intentModel ? { intentModel } : {}) };
}

/** Writes the snapshot for `key` atomically, then removes every other snapshot. Failures only cost the next start a parse. */
export async function writeSnapshot(dir: string, key: string, knowledge: Knowledge, logger: Logger): Promise<void> {
  const file = snapshotPath(dir, key);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const secret = await readKey(dir, { create: true });
    if (typeof secret === 'string') throw new Error(secret);
    const body = JSON.stringify({ roles: knowledge.roles, intents: knowledge.intents ?? [], ...(knowledge.intentModel ? { intentModel: knowledge.intentModel } : {}) });
    const mac = createHmac('sha256', secret).update(`${key}\n${body}`).digest('hex');
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify({ format: FORMAT, key, mac })}\n${body}`, { mode: 0o600 });
    await rename(temp, file);
    await prune(dir, file);
  } catch (error) {
    logger.warn({ event: 'knowledge.cache_write_failed', dir, reason: (error as Error).message }, `could not write the knowledge cache in ${dir}: ${(error as Error).message}`);
  }
}

async function prune(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (path !== keep && name.startsWith(PREFIX)) await unlink(path).catch(() => undefined);
  }
}

/** The signing key, or a sentence saying why it cannot be trusted. */
async function readKey(dir: string, options: { create?: boolean } = {}): Promise<Buffer | string> {
  const path = join(dir, KEY_FILE);
  try {
    const info = await lstat(path);
    const problem = ownershipProblem(info);
    if (problem) return `its key file ${path} ${problem.replace(/^it /, '')}`;
    const key = await readFile(path);
    return key.length >= 32 ? key : `its key file ${path} is too short`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot read its key file (${(error as Error).message})`;
    if (!options.create) return 'it has no key file to check it with';
  }
  const handle = await open(path, 'wx', 0o600).catch(() => undefined);
  if (handle) {
    await handle.writeFile(randomBytes(32));
    await handle.close();
  }
  // Another process may have won the race: read what is there.
  return readKey(dir);
}

/** Why a cache file must not be trusted, or undefined: it must be a plain file of ours that nobody else can write. */
function ownershipProblem(info: { isFile(): boolean; uid: number; mode: number }): string | undefined {
  if (!info.isFile()) return 'it is not a regular file';
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && info.uid !== uid) return `it belongs to another user (uid ${info.uid})`;
  if ((info.mode & 0o022) !== 0) return 'it is writable by other users';
  return undefined;
}
