/**
 * Global setup: builds `dist/` from the current sources once before any test file runs. Tests that start a real
 * process (`bin/career-advisor.js`, as an installed copy and the Docker image run it) then run the code under test,
 * never a bundle older than the working tree.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`test setup: npm run build failed:\n${build.stderr}${build.stdout}`);
}
