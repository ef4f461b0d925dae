#!/usr/bin/env node
// Entry point of `career-advisor`, `npm start` and `npm run cli`. Runs the esbuild bundle in dist/, which `npm ci`
// builds through the prepare script (`npm run build` by hand, `npm run dev` rebuilds it on every save). There is one
// build path: nothing compiles TypeScript at run time, so an installed copy needs neither src/ nor tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const start = process.argv[2] === 'start';
if (start) process.argv.splice(2, 1);
const bundle = fileURLToPath(new URL(`../dist/${start ? 'main' : 'cli'}.mjs`, import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`career-advisor: the built bundle ${bundle} is missing. Run \`npm run build\` (npm ci runs it for you).\n`);
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
