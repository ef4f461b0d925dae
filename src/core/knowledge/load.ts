import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeError, type KnowledgeProblem } from '../errors.ts';
import type { IntentExamples, IntentModel, Knowledge, Role } from '../types.ts';
import { trainIntentModel } from '../nlu/model.ts';
import { buildIntents } from './intents.ts';

/** Bump when the parsed shape changes, so old snapshots are ignored. */
const SNAPSHOT_VERSION = 4;
const PARSER_FILES = [
  './build.ts', './parse.ts', './schema.ts', './figures.ts', './intents.ts', '../types.ts', '../topics.ts',
  // The intent model is trained here and kept in the snapshot: its trainer is part of the key too.
  '../nlu/classifier.ts', '../nlu/model.ts', '../nlu/vocabulary.ts', '../nlu/normalize.ts',
];
/** The folder of the knowledge directory that holds the classifier's training questions. */
export const INTENTS_DIR = 'intents';

export interface LoadOptions {
  /**
   * Where to keep parsed snapshots, keyed by a hash of every file's name and content, so an unchanged knowledge base
   * starts without parsing Markdown again (the parser dominates cold start). `false` turns it off.
   * Default: `<os tmpdir>/career-advisor`.
   */
  cacheDir?: string | false;
}

/** The default knowledge directory, relative to the working directory. */
export const defaultKnowledgeDir = './knowledge';

/**
 * Reads every `*.md` file of `dir` (except README.md), parses and validates it, and checks the rules that span files:
 * unique slugs, one owner per alias, existing related slugs; and the training questions of `intents/*.md` (see
 * `intents.ts`). Throws a {@link KnowledgeError} listing every problem.
 * This is the only place the core touches the file system.
 */
export async function loadKnowledge(dir: string = defaultKnowledgeDir, options: LoadOptions = {}): Promise<Knowledge> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch (error) {
    throw new KnowledgeError([{ file: dir, line: 0, message: `cannot read the knowledge directory: ${(error as Error).message}` }]);
  }
  if (names.length === 0) throw new KnowledgeError([{ file: dir, line: 0, message: 'no role files (*.md) found' }]);
  const files = await Promise.all(
    names.map(async (name) => ({ file: name, source: await readFile(join(dir, name), 'utf8') })),
  );
  const intentFiles = await readIntentFiles(dir);
  const cacheDir = options.cacheDir === undefined ? join(tmpdir(), 'career-advisor') : options.cacheDir;
  const hash = createHash('sha256').update(String(SNAPSHOT_VERSION));
  // The parser's own code is part of the key: a change to the rules re-validates every file.
  hash.update(await parserFingerprint());
  for (const f of [...files, ...intentFiles]) hash.update(`\0${f.file}\0${f.source}`);
  const snapshot = cacheDir ? join(cacheDir, `knowledge-${hash.digest('hex').slice(0, 32)}.json`) : undefined;
  if (snapshot) {
    try {
      return fromSnapshot(JSON.parse(await readFile(snapshot, 'utf8')) as Snapshot);
    } catch {
      // No snapshot yet (or an unreadable one): parse below.
    }
  }
  // The Markdown and YAML parsers load only when a file changed since the last snapshot.
  const { buildKnowledge } = await import('./build.ts');
  let knowledge: Knowledge | undefined;
  const problems: KnowledgeProblem[] = [];
  try {
    knowledge = buildKnowledge(files);
  } catch (error) {
    if (!(error instanceof KnowledgeError)) throw error;
    problems.push(...error.problems);
  }
  const intents = buildIntents(intentFiles);
  problems.push(...intents.problems);
  if (problems.length > 0 || !knowledge) throw new KnowledgeError(problems);
  knowledge.intents = intents.intents;
  const model = trainIntentModel(knowledge);
  if (model) knowledge.intentModel = model;
  if (snapshot && cacheDir) {
    try {
      await mkdir(cacheDir, { recursive: true });
      const temp = `${snapshot}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify({ roles: knowledge.roles, intents: knowledge.intents, intentModel: knowledge.intentModel } satisfies Snapshot));
      await rename(temp, snapshot);
    } catch {
      // A read-only disk only costs the next start a parse.
    }
  }
  return knowledge;
}

let fingerprint: Promise<string> | undefined;

/** The parser's source files when running from TypeScript, or the bundle's chunks when running from dist/. */
function parserFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const here = new URL('.', import.meta.url);
    const sources = import.meta.url.endsWith('.ts')
      ? PARSER_FILES.map((f) => new URL(f, import.meta.url))
      : (await readdir(here)).filter((f) => f.endsWith('.mjs')).sort().map((f) => new URL(f, here));
    const texts = await Promise.all(sources.map((u) => readFile(u, 'utf8').catch(() => u.href)));
    return createHash('sha256').update(texts.join('\0')).digest('hex');
  })();
  return fingerprint;
}

interface Snapshot {
  roles: Role[];
  intents?: IntentExamples[];
  intentModel?: IntentModel | undefined;
}

function fromSnapshot({ roles, intents, intentModel }: Snapshot): Knowledge {
  if (!Array.isArray(roles) || roles.length === 0) throw new Error('empty snapshot');
  return { roles, bySlug: new Map(roles.map((r) => [r.slug, r])), intents: intents ?? [], ...(intentModel ? { intentModel } : {}) };
}

/** The training questions' files (`intents/*.md`), named relative to the knowledge directory; none if no folder. */
async function readIntentFiles(dir: string): Promise<Array<{ file: string; source: string }>> {
  let names: string[];
  try {
    names = (await readdir(join(dir, INTENTS_DIR))).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md').sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (name) => ({ file: `${INTENTS_DIR}/${name}`, source: await readFile(join(dir, INTENTS_DIR, name), 'utf8') })));
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
