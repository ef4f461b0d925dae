import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { createAdvisor, type Advisor, type AdvisorOptions } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import type { Answer, Knowledge, Logger } from '../src/core/types.ts';
import { distSnapshotEnv, sharedSnapshotDir } from './helpers/knowledge-cache.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const knowledgeDir = fileURLToPath(new URL('../knowledge', import.meta.url));

/**
 * The command line of `career-advisor <args>` as an install runs it: `bin/career-advisor.js` on the dist/ bundle,
 * which vitest's global setup (test/setup/build.ts) builds from the working tree before any test runs, so a process
 * runs the code under test. Absolute paths, so the command also works from another folder (cwd).
 */
export function cliCommand(args: readonly string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: [join(repoRoot, 'bin', 'career-advisor.js'), ...args] };
}

/** The former name (it ran src/ through tsx), for tests written against it: runs the bundle like {@link cliCommand}. */
export const sourceCommand = cliCommand;

/**
 * The environment of such a process: PATH, the shared knowledge snapshot of the bundle (a second start of an install
 * finds one; the first start's parse is tested in process-startup.test.ts), then `extra`.
 */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '', ...distSnapshotEnv(), ...extra };
}

/**
 * The seed texts the knowledge was written from. They are not part of the repository: they sit in `shared/seeds`
 * beside the checkout (a developer's workspace and CI lay them there).
 */
export const seedsDir = fileURLToPath(new URL('../../shared/seeds', import.meta.url));

let seedSkipNoted = false;

/**
 * A test that compares the knowledge with the seed texts. Without that folder ({@link seedsDir}) it is reported as skipped with
 * the reason in its name; under `CI=true` it runs and fails with that reason, since CI always has the seeds.
 */
export function seedTest(name: string, body: () => void): void {
  if (existsSync(seedsDir)) it(name, body);
  else if (process.env['CI'] === 'true') {
    it(name, () => {
      throw new Error(`seed texts missing: expected ${seedsDir} (the shared folder beside the checkout)`);
    });
  } else {
    if (!seedSkipNoted)
      process.stderr.write(
        `seed-text tests skipped: no seed texts at ${seedsDir} (the shared folder beside the checkout); CI=true makes them fail instead\n`,
      );
    seedSkipNoted = true;
    it.skip(`${name} [skipped: no seed texts at ../shared/seeds beside the checkout]`, body);
  }
}

let cached: Promise<Knowledge> | undefined;
/**
 * The real knowledge base, read once per test file from the snapshot the global setup wrote (parsing it again in
 * every file cost about 1.5 s of CPU each). Outside vitest's setup, it parses. knowledge.test.ts parses on
 * purpose and checks that both give the same knowledge.
 */
export function realKnowledge(): Promise<Knowledge> {
  cached ??= loadKnowledge(knowledgeDir, { cacheDir: sharedSnapshotDir('source') ?? false }).then(deepFreeze);
  return cached;
}

/**
 * Files share one worker process (vitest.config.ts: `isolate: false`), so the knowledge they share is frozen: a test
 * or a code path that changed it would throw instead of changing what the next file sees.
 */
function deepFreeze<T>(value: T): T {
  // Typed arrays cannot be frozen (their elements stay writable).
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  if (value instanceof Map) {
    for (const method of ['set', 'delete', 'clear'])
      Object.defineProperty(value, method, {
        value: () => {
          throw new TypeError(`the shared test knowledge is read-only (Map.${method})`);
        },
      });
    for (const [k, v] of value) {
      deepFreeze(k);
      deepFreeze(v);
    }
  }
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}

export async function realAdvisor(options: Partial<AdvisorOptions> = {}): Promise<Advisor> {
  return createAdvisor({ knowledge: await realKnowledge(), ...options });
}

export function ask(advisor: Advisor, text: string, conversationId = `test:${Math.random()}`): Answer {
  return advisor.handle({ text, conversationId, user: { id: 'U1', isModerator: false }, platform: 'test' });
}

/** A Logger that keeps every call, for asserting on structured events. */
export function recordingLogger(): Logger & { records: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> } {
  const records: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    void records.push({ level, obj: obj as Record<string, unknown>, ...(msg ? { msg } : {}) });
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
