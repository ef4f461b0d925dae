/**
 * The parsed-knowledge cache: one snapshot file per install, in a folder this process owns (mode 0700), never a shared
 * temp folder. A snapshot is trusted only when every check passes, otherwise it is ignored with a warning and the
 * sources are parsed (a cache can cost a parse, never an answer):
 * - the file is a regular file owned by this user and writable by nobody else;
 * - its header names the version and the content key (a hash of the parser and of every source file);
 * - its body carries an HMAC made with a random key kept beside it (`.key`, mode 0600): a file planted or edited by
 *   anyone who cannot read that key (a forged salary figure, a truncated write) does not verify;
 * - the body parses (it is not validated again: a verified body was written by this code version, whose parser the
 *   key covers, and a forged or corrupt one fails the MAC before it is decoded).
 * After a write, every other snapshot is removed: the folder holds the latest one only.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
// Reads are synchronous (a start reads two small files and one of ~3 MB before it can answer); node:fs/promises, for
// writing, loads only when a snapshot is written.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withModelArrays } from '../nlu/model.ts';
import { adoptVocabulary, knowledgeVocabulary } from '../nlu/vocabulary.ts';
import type { IntentExamples, IntentModel, Knowledge, Logger, Role } from '../types.ts';

const FORMAT = 'career-advisor-knowledge';
const PREFIX = 'knowledge-';
const KEY_FILE = '.key';
const NEWLINE = 0x0a;
/** The classifier's typed arrays, in the order their bytes follow the body (see {@link writeSnapshot}). */
const MODEL_ARRAYS = ['features', 'idf', 'weights'] as const;

/**
 * The body as written: the intent model's arrays are not in the JSON but their byte lengths are; the training
 * questions are a line of their own after it.
 */
interface SnapshotBody {
  roles: Role[];
  intentModel?: PackedModel['meta'];
  /** The resolver's vocabulary of these roles ({@link knowledgeVocabulary}), so a start does not tokenise every section. */
  vocabulary: string[];
}
/** The serialized classifier without its arrays. */
type ModelMeta = Omit<IntentModel['classifier'], (typeof MODEL_ARRAYS)[number]>;

/** An intent model as plain data plus its arrays' bytes (features, idf, weights, one after the other). */
export interface PackedModel {
  meta: { key: string; classifier: ModelMeta; bytes: number[] };
  data: Uint8Array;
}

/** Splits a model into its JSON part and its arrays' raw bytes (for the snapshot and the reload worker's reply). */
export function packModel(model: IntentModel): PackedModel {
  const { features, idf, weights, ...classifier } = model.classifier;
  const arrays = [features, idf, weights].map((text) => Buffer.from(text, 'base64'));
  return { meta: { key: model.key, classifier, bytes: arrays.map((a) => a.length) }, data: Buffer.concat(arrays) };
}

/**
 * The model back from {@link packModel}, or undefined when the bytes do not fit the lengths. The classifier is built
 * from typed arrays over the bytes (noted with {@link withModelArrays}); the serialized form's base64 fields are
 * getters over the same bytes, made only if something asks (a reload's worker, a test), not kept as ~2.9 MB of
 * strings for as long as the knowledge. `data` must not be shared with anything else that lives on (the caller copies).
 */
export function unpackModel({ meta, data }: PackedModel): IntentModel | undefined {
  const { bytes, key, classifier } = meta;
  const [features = 0, idf = 0, weights = 0] = bytes;
  if (bytes.length !== MODEL_ARRAYS.length || features + idf + weights !== data.byteLength) return undefined;
  if (features % 4 !== 0 || idf % 4 !== 0 || weights % 4 !== 0) return undefined;
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const base64 = (from: number, length: number) => view.toString('base64', from, from + length);
  // The classifier reads the arrays from the bytes themselves (views where they are 4-byte aligned, else copies).
  const floats = (from: number, length: number) =>
    (view.byteOffset + from) % 4 === 0
      ? new Float32Array(view.buffer, view.byteOffset + from, length / 4)
      : new Float32Array(view.buffer.slice(view.byteOffset + from, view.byteOffset + from + length));
  const featureBytes = floats(0, features);
  const arrays = {
    features: new Uint32Array(featureBytes.buffer, featureBytes.byteOffset, featureBytes.length),
    idf: floats(features, idf),
    weights: floats(features + idf, weights),
  };
  return {
    key,
    classifier: withModelArrays({
      ...classifier,
      get features() {
        return base64(0, features);
      },
      get idf() {
        return base64(features, idf);
      },
      get weights() {
        return base64(features + idf, weights);
      },
    }, arrays),
  };
}

function snapshotPath(dir: string, key: string): string {
  return join(dir, `${PREFIX}${key.slice(0, 32)}.json`);
}

/** The header line's key and MAC, or undefined when it is not exactly `{ format, key, mac }` with a hex MAC. */
function headerOf(text: string): { key: string; mac: string } | undefined {
  const header: unknown = JSON.parse(text);
  if (typeof header !== 'object' || header === null || Array.isArray(header) || Object.keys(header).length !== 3) return undefined;
  const { format, key, mac } = header as Record<string, unknown>;
  if (format !== FORMAT || typeof key !== 'string' || typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return undefined;
  return { key, mac };
}

/**
 * Returns the cached knowledge for `key`, or undefined (after a warning when a snapshot was there but untrusted).
 * The file is read as bytes and its MAC checked over them before anything is decoded; only a verified body is parsed,
 * and it is not validated again: it was written by this code version (the key covers the parser) with this key.
 */
export async function readSnapshot(dir: string, key: string, logger: Logger): Promise<Knowledge | undefined> {
  const file = snapshotPath(dir, key);
  const ignore = (reason: string): undefined => {
    logger.warn({ event: 'knowledge.cache_ignored', file, reason }, `ignoring the knowledge cache ${file}: ${reason}; parsing the knowledge files instead`);
    return undefined;
  };
  try {
    const info = lstatSync(file);
    const problem = ownershipProblem(info);
    if (problem) return ignore(problem);
  } catch {
    return undefined; // No snapshot yet.
  }
  const secret = await readKey(dir);
  if (typeof secret === 'string') return ignore(secret);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return ignore(`cannot read it (${(error as Error).message})`);
  }
  const headerEnd = bytes.indexOf(NEWLINE);
  let header: { key: string; mac: string } | undefined;
  try {
    header = headerOf(bytes.toString('utf8', 0, headerEnd < 0 ? bytes.length : headerEnd));
  } catch {
    header = undefined;
  }
  if (!header) return ignore('its header is malformed');
  if (header.key !== key) return ignore('it was made from other knowledge files');
  const payload = bytes.subarray(headerEnd + 1);
  const expected = createHmac('sha256', secret).update(`${key}\n`).update(payload).digest();
  if (!timingSafeEqual(expected, Buffer.from(header.mac, 'hex'))) return ignore('its signature does not match (edited or planted)');
  // The body and the training questions are a line of JSON each (JSON.stringify escapes every newline); the model's
  // bytes follow them.
  const bodyEnd = payload.indexOf(NEWLINE);
  const intentsEnd = bodyEnd < 0 ? -1 : payload.indexOf(NEWLINE, bodyEnd + 1);
  if (intentsEnd < 0) return ignore('its content does not have the shape of parsed knowledge');
  let body: SnapshotBody;
  try {
    body = JSON.parse(payload.toString('utf8', 0, bodyEnd)) as SnapshotBody;
    if (!Array.isArray(body.roles) || body.roles.length === 0) throw new Error('no roles');
  } catch {
    return ignore('its content does not have the shape of parsed knowledge');
  }
  let intentModel: IntentModel | undefined;
  if (body.intentModel) {
    // A copy of the tail, so the file's buffer is not kept.
    intentModel = unpackModel({ meta: body.intentModel, data: Buffer.from(payload.subarray(intentsEnd + 1)) });
    if (!intentModel) return ignore('its content does not have the shape of parsed knowledge');
  }
  const { roles } = body;
  if (Array.isArray(body.vocabulary)) adoptVocabulary(roles, body.vocabulary);
  const knowledge: Knowledge = { roles, bySlug: new Map(roles.map((r) => [r.slug, r])), ...(intentModel ? { intentModel } : {}) };
  return withLazyIntents(knowledge, Buffer.from(payload.subarray(bodyEnd + 1, intentsEnd)));
}

/**
 * Gives `knowledge` its training questions, decoded from `json` the first time they are read. A start from the
 * snapshot needs only the model trained from them (13,000 questions, ~1 MB of JSON: ~8 ms of parsing and as many
 * small objects kept alive for nothing); they are read to train again or to summarise (`knowledge:check`).
 */
function withLazyIntents(knowledge: Knowledge, json: Buffer): Knowledge {
  let intents: IntentExamples[] | undefined;
  Object.defineProperty(knowledge, 'intents', {
    enumerable: true,
    configurable: true,
    get: () => (intents ??= JSON.parse(json.toString('utf8')) as IntentExamples[]),
    set: (value: IntentExamples[]) => void (intents = value),
  });
  return knowledge;
}

/**
 * Writes the snapshot for `key` atomically, then removes every other snapshot. Failures only cost the next start a parse.
 * Layout: a header line `{ format, key, mac }`, the body (roles, the model's plain fields, the resolver's vocabulary) as one line of JSON, the training questions as another, then
 * the intent model's arrays as raw bytes (features, idf, weights; their lengths are in the body). The MAC covers the key and everything after the header.
 */
export async function writeSnapshot(dir: string, key: string, knowledge: Knowledge, logger: Logger): Promise<void> {
  const file = snapshotPath(dir, key);
  try {
    const { mkdir, rename, writeFile } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const secret = await readKey(dir, { create: true });
    if (typeof secret === 'string') throw new Error(secret);
    const model = knowledge.intentModel ? packModel(knowledge.intentModel) : undefined;
    const body: SnapshotBody = {
      roles: knowledge.roles,
      ...(model ? { intentModel: model.meta } : {}),
      vocabulary: [...knowledgeVocabulary(knowledge.roles)],
    };
    const payload = Buffer.concat([
      Buffer.from(`${JSON.stringify(body)}\n${JSON.stringify(knowledge.intents ?? [])}\n`),
      ...(model ? [model.data] : []),
    ]);
    const mac = createHmac('sha256', secret).update(`${key}\n`).update(payload).digest('hex');
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, Buffer.concat([Buffer.from(`${JSON.stringify({ format: FORMAT, key, mac })}\n`), payload]), { mode: 0o600 });
    await rename(temp, file);
    await prune(dir, file);
  } catch (error) {
    logger.warn({ event: 'knowledge.cache_write_failed', dir, reason: (error as Error).message }, `could not write the knowledge cache in ${dir}: ${(error as Error).message}`);
  }
}

async function prune(dir: string, keep: string): Promise<void> {
  const { readdir, unlink } = await import('node:fs/promises');
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (path !== keep && name.startsWith(PREFIX)) await unlink(path).catch(() => undefined);
  }
}

/** The signing key, or a sentence saying why it cannot be trusted. */
async function readKey(dir: string, options: { create?: boolean } = {}): Promise<Buffer | string> {
  const path = join(dir, KEY_FILE);
  try {
    const info = lstatSync(path);
    const problem = ownershipProblem(info);
    if (problem) return `its key file ${path} ${problem.replace(/^it /, '')}`;
    const key = readFileSync(path);
    return key.length >= 32 ? key : `its key file ${path} is too short`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot read its key file (${(error as Error).message})`;
    if (!options.create) return 'it has no key file to check it with';
  }
  const { open } = await import('node:fs/promises');
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
