#!/usr/bin/env node
// Bundles the TypeScript entry points into dist/ with esbuild (already installed with tsx), so the installed
// command starts in a fraction of the time tsx needs to transform and hook every module. Runs on `npm ci` through
// the `prepare` script. Dependencies stay external, and dynamic imports stay separate chunks, so the console never
// loads Slack or Discord code.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await rm(`${root}dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', main: 'src/main.ts', 'knowledge-worker': 'src/core/knowledge/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});
