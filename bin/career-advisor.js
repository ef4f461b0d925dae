#!/usr/bin/env node
// Entry point of `career-advisor`, `npm start` and `npm run cli`. Runs the esbuild bundle in dist/ (built by
// `npm ci` through the prepare script) when it is newer than every source file, and the TypeScript sources through
// tsx otherwise, so an edit to src/ takes effect without a build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [first, ...rest] = process.argv.slice(2);
const entry = first === 'start' ? 'main' : 'cli';
if (first === 'start') process.argv.splice(2, 1);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const bundle = `${root}dist/${entry}.mjs`;
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(`${root}src`)) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(`${root}src/${entry}.ts`);
}
void rest;
