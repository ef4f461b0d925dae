import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { it } from 'vitest';
import { createAdvisor, type Advisor, type AdvisorOptions } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import type { Answer, Knowledge, Logger } from '../src/core/types.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const knowledgeDir = fileURLToPath(new URL('../knowledge', import.meta.url));

/**
 * The command line of `career-advisor <args>` run from the TypeScript sources through tsx: tests exercise the code
 * as it is in the working tree, never a dist/ bundle that may be older (only the bin test runs the bundle).
 * `start` runs src/main.ts, like bin/career-advisor.js runs dist/main.mjs.
 */
export function sourceCommand(args: readonly string[]): { command: string; args: string[] } {
  const [first, ...rest] = args;
  const entry = first === 'start' ? [join(repoRoot, 'src', 'main.ts'), ...rest] : [join(repoRoot, 'src', 'cli.ts'), ...args];
  // Absolute paths, so the command also works from another folder (cwd).
  return {
    command: process.execPath,
    args: ['--import', pathToFileURL(join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, ...entry],
  };
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
    if (!seedSkipNoted) process.stderr.write(`seed-text tests skipped: no seed texts at ${seedsDir} (the shared folder beside the checkout); CI=true makes them fail instead\n`);
    seedSkipNoted = true;
    it.skip(`${name} [skipped: no seed texts at ../shared/seeds beside the checkout]`, body);
  }
}

let cached: Promise<Knowledge> | undefined;
/** The real knowledge base, parsed once per test file (no snapshot cache: tests exercise the parser). */
export function realKnowledge(): Promise<Knowledge> {
  cached ??= loadKnowledge(knowledgeDir, { cacheDir: false });
  return cached;
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
  const at = (level: string) => (obj: object, msg?: string) => void records.push({ level, obj: obj as Record<string, unknown>, ...(msg ? { msg } : {}) });
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
