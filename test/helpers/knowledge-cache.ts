/**
 * The knowledge snapshots that vitest's global setup (test/setup/build.ts) writes once per run, so a test that only
 * needs the shipped knowledge neither parses its Markdown nor trains the intent classifier again (about 1.5 s of CPU
 * each time, in every file and every process). The parser and the cache themselves are tested where that is the
 * point (knowledge*.test.ts, process-startup.test.ts), and knowledge.test.ts checks that a snapshot gives exactly
 * what a parse gives.
 *
 * Two folders, because a snapshot's key covers the parser's code: `source` for the TypeScript sources (tests in
 * process), `dist` for the bundle (tests that start bin/career-advisor.js). The global setup passes them in the
 * environment; outside vitest (the load test and the bench reuse the fakes) there are none and every start parses.
 * No vitest import here, for the same reason.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SnapshotKind = 'source' | 'dist';

/** The environment variables the global setup sets, one per kind. */
export const SNAPSHOT_ENV: Record<SnapshotKind, string> = {
  source: 'CAREER_ADVISOR_TEST_SOURCE_SNAPSHOT',
  dist: 'CAREER_ADVISOR_TEST_DIST_SNAPSHOT',
};

/**
 * The shared snapshot folder of `kind`, or undefined outside vitest. Only for the shipped knowledge/ (a folder with
 * other content would replace the shared snapshot: the cache keeps the latest one only), and never to be damaged:
 * a test that edits a snapshot takes a {@link privateSnapshotCopy}.
 */
export function sharedSnapshotDir(kind: SnapshotKind): string | undefined {
  const dir = process.env[SNAPSHOT_ENV[kind]];
  return dir === undefined || dir === '' ? undefined : dir;
}

/**
 * A fresh cache folder of this test's own, holding a copy of the shared snapshot of `kind` (and the key that signs
 * it), or empty outside vitest: what a second start of an install finds.
 */
export function privateSnapshotCopy(kind: SnapshotKind): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'ca-snapshot-')), 'cache');
  const shared = sharedSnapshotDir(kind);
  if (shared) cpSync(shared, dir, { recursive: true });
  return dir;
}

/** `KNOWLEDGE_CACHE_DIR` for a process that reads the shipped knowledge: the shared dist snapshot, when there is one. */
export function distSnapshotEnv(): { KNOWLEDGE_CACHE_DIR?: string } {
  const dir = sharedSnapshotDir('dist');
  return dir ? { KNOWLEDGE_CACHE_DIR: dir } : {};
}
