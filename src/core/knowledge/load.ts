import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KnowledgeError, type KnowledgeProblem } from '../errors.ts';
import { trainIntentModel } from '../nlu/model.ts';
import { silentLogger, type Knowledge, type Logger } from '../types.ts';
import { readSnapshot, writeSnapshot } from './cache.ts';
import { buildIntents } from './intents.ts';
import { compareText } from '../collate.ts';

/** Bump when the parsed shape changes, so old snapshots are ignored. */
const SNAPSHOT_VERSION = 8;
const PARSER_FILES = [
  './build.ts', './parse.ts', './schema.ts', './figures.ts', './intents.ts', './cache.ts', '../types.ts', '../topics.ts',
  // The intent model is trained here and kept in the snapshot: its trainer is part of the key too.
  '../nlu/classifier.ts', '../nlu/model.ts', '../nlu/vocabulary.ts', '../nlu/normalize.ts',
];
/** The folder of the knowledge directory that holds the classifier's training questions. */
export const INTENTS_DIR = 'intents';

export interface LoadOptions {
  /**
   * A per-install folder owned by this process where parsed snapshots are kept, keyed by a hash of the parser and of
   * every file's name and content, so an unchanged knowledge base starts without parsing Markdown again. Snapshots are
   * signed with a key kept in the same folder and checked on read (see cache.ts); a bad one is ignored with a warning.
   * Default `false`: no cache (the caller passes `config.knowledgeCacheDir`).
   */
  cacheDir?: string | false;
  /** Largest file accepted, in bytes. Default {@link defaultMaxFileBytes}. */
  maxFileBytes?: number;
  /** Where cache warnings go. Default: nowhere. */
  logger?: Logger;
}

/** The default knowledge directory, relative to the working directory. */
export const defaultKnowledgeDir = './knowledge';
/** 256 KB: the longest hand-written profile is about 12 KB. */
export const defaultMaxFileBytes = 256 * 1024;

/**
 * Reads every `*.md` file of `dir` (except README.md), parses and validates it, and checks the rules that span files:
 * unique slugs, one owner per alias, existing related slugs; and the training questions of `intents/*.md` (see
 * `intents.ts`), from which it trains the intent classifier. Throws a {@link KnowledgeError} listing every problem,
 * each naming its file. This (with cache.ts) is the only place the core touches the file system.
 */
export async function loadKnowledge(dir: string = defaultKnowledgeDir, options: LoadOptions = {}): Promise<Knowledge> {
  const logger = options.logger ?? silentLogger;
  const maxBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const files = await readSources(dir, maxBytes);
  const intentFiles = await readIntentFiles(dir, maxBytes);
  const cacheDir = options.cacheDir ?? false;
  let key: string | undefined;
  if (cacheDir) {
    const hash = createHash('sha256').update(String(SNAPSHOT_VERSION));
    // The parser's own code is part of the key: a change to the rules re-validates every file.
    hash.update(await parserFingerprint());
    for (const f of [...files, ...intentFiles]) hash.update(`\0${f.file}\0`).update(f.bytes);
    key = hash.digest('hex');
    const cached = await readSnapshot(cacheDir, key, logger);
    if (cached) return cached;
  }
  // The Markdown and YAML parsers load only when a file changed since the last snapshot.
  const { buildKnowledge } = await import('./build.ts');
  let knowledge: Knowledge | undefined;
  const problems: KnowledgeProblem[] = [];
  try {
    knowledge = buildKnowledge(decoded(files));
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    problems.push(...error.problems);
  }
  const intents = buildIntents(decoded(intentFiles));
  problems.push(...intents.problems);
  if (problems.length > 0 || !knowledge) throw new KnowledgeError(problems.sort((a, b) => compareText(a.file, b.file) || a.line - b.line));
  knowledge.intents = intents.intents;
  const model = trainIntentModel(knowledge);
  if (model) knowledge.intentModel = model;
  if (cacheDir && key) await writeSnapshot(cacheDir, key, knowledge, logger);
  return knowledge;
}

/**
 * Reads the role files (see {@link readTextFiles} for the checks), after checking the directory itself.
 */
async function readSources(dir: string, maxBytes: number): Promise<TextFile[]> {
  const problem = (file: string, message: string, line = 0): KnowledgeProblem => ({ file, line, message });
  try {
    const info = statSync(dir);
    if (!info.isDirectory()) throw new KnowledgeError([problem(dir, 'the knowledge directory (KNOWLEDGE_DIR) is a file, not a directory')]);
  } catch (error) {
    if (error instanceof KnowledgeError) throw error;
    throw new KnowledgeError([problem(dir, `cannot read the knowledge directory (KNOWLEDGE_DIR): ${describeFsError(error)}`)]);
  }
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch (error) {
    throw new KnowledgeError([problem(dir, `cannot read the knowledge directory (KNOWLEDGE_DIR): ${describeFsError(error)}`)]);
  }
  if (names.length === 0) throw new KnowledgeError([problem(dir, 'no role files (*.md) found')]);

  return readTextFiles(dir, names, maxBytes);
}

/** The training questions' files (`intents/*.md`), named relative to the knowledge directory; none if no folder. */
async function readIntentFiles(dir: string, maxBytes: number): Promise<TextFile[]> {
  let names: string[];
  try {
    names = readdirSync(join(dir, INTENTS_DIR)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch {
    return [];
  }
  return readTextFiles(dir, names.map((n) => `${INTENTS_DIR}/${n}`), maxBytes);
}

/** A knowledge file as read: its bytes, checked to be UTF-8 text, decoded only when the files are parsed. */
interface TextFile {
  file: string;
  bytes: Buffer;
}

/** The files' text (`TextDecoder`, which drops a byte-order mark), for the parsers: a start from the snapshot only hashes the bytes. */
function decoded(files: readonly TextFile[]): Array<{ file: string; source: string }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return files.map((f) => ({ file: f.file, source: decoder.decode(f.bytes) }));
}

/**
 * Reads files of `dir` by their relative names, checking each: a regular file (not a directory, FIFO or symlink
 * loop), within the size cap, text without NUL bytes, valid UTF-8. Every problem is collected, so one pass reports
 * them all.
 */
async function readTextFiles(dir: string, names: readonly string[], maxBytes: number): Promise<TextFile[]> {
  const problem = (file: string, message: string, line = 0): KnowledgeProblem => ({ file, line, message });
  const problems: KnowledgeProblem[] = [];
  const files: TextFile[] = [];
  const capKb = Math.round(maxBytes / 1024);
  // Read synchronously, one after the other: for a few dozen small files that is less work than a promise, a file
  // handle and a thread-pool round trip per call (a one-shot `ask` reads them all before its answer).
  names.forEach((name) => {
      const path = join(dir, name);
      let bytes: Buffer;
      try {
        // stat follows symlinks: a loop fails here with ELOOP, and a FIFO is caught before a read that would never end.
        const info = statSync(path);
        if (info.isDirectory()) return void problems.push(problem(name, 'is a directory, not a file'));
        if (!info.isFile()) return void problems.push(problem(name, 'is not a regular file (a FIFO, socket or device?)'));
        if (info.size > maxBytes) return void problems.push(problem(name, `is ${Math.ceil(info.size / 1024)} KB, over the ${capKb} KB limit per file (KNOWLEDGE_MAX_FILE_KB)`));
        bytes = readFileSync(path);
      } catch (error) {
        return void problems.push(problem(name, `cannot be read: ${describeFsError(error)}`));
      }
      if (bytes.length > maxBytes) return void problems.push(problem(name, `is over the ${capKb} KB limit per file (KNOWLEDGE_MAX_FILE_KB)`));
      const nul = bytes.indexOf(0);
      if (nul >= 0) return void problems.push(problem(name, 'contains NUL bytes: a binary file, not Markdown text', lineAt(bytes, nul)));
      if (isUtf8(bytes)) files.push({ file: name, bytes });
      else problems.push(problem(name, 'is not valid UTF-8 text (save it as UTF-8)', lineAt(bytes, firstInvalidUtf8(bytes))));
  });
  if (problems.length > 0) throw new KnowledgeError(problems.sort((a, b) => compareText(a.file, b.file) || a.line - b.line));
  return files.sort((a, b) => compareText(a.file, b.file));
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (or is a symbolic link to nothing)';
    case 'ELOOP':
      return 'it is a symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'it is a directory, not a file';
    default:
      return code ? `${code}: ${(error as Error).message}` : String(error);
  }
}

/** 1-based line of a byte offset. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that breaks UTF-8, found by decoding growing prefixes line by line. */
function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    end = end < 0 ? bytes.length : end + 1;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return start;
    }
    start = end;
  }
  return 0;
}

let fingerprint: Promise<string> | undefined;

/**
 * The file `scripts/build.mjs` writes beside the bundle's chunks: their hash, taken as {@link parserFingerprint} takes
 * it, so a start reads 64 characters instead of reading and hashing every chunk (~1 MB in ~45 files).
 */
const FINGERPRINT_FILE = 'fingerprint.txt';

/**
 * The parser's source files when running from TypeScript, or the bundle's chunks when running from dist/ (hashed at
 * build time into {@link FINGERPRINT_FILE}; hashed here when that file is missing).
 */
function parserFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const here = new URL('.', import.meta.url);
    if (!import.meta.url.endsWith('.ts')) {
      const built = readTextOr(new URL(FINGERPRINT_FILE, here), '').trim();
      if (/^[0-9a-f]{64}$/.test(built)) return built;
    }
    const sources = import.meta.url.endsWith('.ts')
      ? PARSER_FILES.map((f) => new URL(f, import.meta.url))
      : readdirSync(here).filter((f) => f.endsWith('.mjs')).sort().map((f) => new URL(f, here));
    const texts = sources.map((u) => readTextOr(u, u.href));
    return createHash('sha256').update(texts.join('\0')).digest('hex');
  })();
  return fingerprint;
}

/** A file's text, or `fallback` when it cannot be read. */
function readTextOr(url: URL, fallback: string): string {
  try {
    return readFileSync(url, 'utf8');
  } catch {
    return fallback;
  }
}

/** Counts for `knowledge:check` and logs. */
export function summarizeKnowledge(knowledge: Knowledge): { roles: number; profiles: number; briefs: number; sections: number; salaryRows: number; intents: number; examples: number } {
  let sections = 0;
  let salaryRows = 0;
  for (const role of knowledge.roles) {
    sections += Object.keys(role.sections).length;
    salaryRows += role.salary.length;
  }
  const profiles = knowledge.roles.filter((r) => r.kind === 'profile').length;
  const intents = knowledge.intents ?? [];
  const examples = intents.reduce((n, i) => n + i.examples.length, 0);
  return { roles: knowledge.roles.length, profiles, briefs: knowledge.roles.length - profiles, sections, salaryRows, intents: intents.length, examples };
}
