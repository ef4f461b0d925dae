/**
 * Global setup, once per run (and again before a watch-mode rerun):
 * - builds `dist/` from the current sources, so tests that start a real process (`bin/career-advisor.js`, as an
 *   installed copy and the Docker image run it) run the code under test, never a bundle older than the working tree;
 * - writes one knowledge snapshot for the TypeScript sources and one for that bundle (see test/helpers/knowledge-cache.ts),
 *   so tests and processes that need the shipped knowledge read it instead of parsing it and training the classifier
 *   again. The dist snapshot is written by the bundle itself, as an install's first start writes it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { SNAPSHOT_ENV, type SnapshotKind } from '../helpers/knowledge-cache.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function build(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`test setup: npm run build failed:\n${result.stderr}${result.stdout}`);
}

/** Runs the bundle once with `cacheDir` as its cache, which makes it write its snapshot there. */
function writeDistSnapshot(cacheDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/career-advisor.js', 'ask', 'roles'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', STORE: 'memory', LOG_LEVEL: 'warn', KNOWLEDGE_CACHE_DIR: cacheDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`test setup: career-advisor ask exited ${code}:\n${stderr}`))));
  });
}

async function writeSnapshots(dirs: Record<SnapshotKind, string>): Promise<void> {
  await Promise.all([loadKnowledge(join(root, 'knowledge'), { cacheDir: dirs.source }), writeDistSnapshot(dirs.dist)]);
  for (const [kind, dir] of Object.entries(dirs))
    if (!readdirSync(dir).some((f) => f.startsWith('knowledge-')))
      throw new Error(`test setup: no ${kind} knowledge snapshot was written in ${dir}`);
}

export default async function setup(project: TestProject): Promise<() => void> {
  build();
  const base = mkdtempSync(join(tmpdir(), 'ca-test-snapshots-'));
  const dirs: Record<SnapshotKind, string> = { source: join(base, 'source'), dist: join(base, 'dist') };
  await writeSnapshots(dirs);
  // Test workers start after this and inherit the environment.
  for (const kind of ['source', 'dist'] as const) process.env[SNAPSHOT_ENV[kind]] = dirs[kind];
  project.onTestsRerun(async () => {
    build();
    await writeSnapshots(dirs);
  });
  return () => rmSync(base, { recursive: true, force: true });
}
