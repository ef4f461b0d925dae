#!/usr/bin/env node
// Entry point of `career-advisor`, `npm start` and `npm run cli`. Runs the esbuild bundle in dist/, which `npm ci`
// builds through the prepare script (`npm run build` by hand, `npm run dev` rebuilds it on every save). There is one
// build path: nothing compiles TypeScript at run time, so an installed copy needs neither src/ nor tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const start = process.argv[2] === 'start';
if (start) process.argv.splice(2, 1);
else {
  // The command-line modes (chat, ask, ask --json, reports) run with a small heap, set before anything is loaded.
  // V8's defaults are sized for servers: the young generation grows to 2 × 16 MB and an old generation is allowed to
  // reach up to 4× what it held after its last collection, so an `ask --json` run over 20,000 questions peaked at
  // ~160 MB for ~20 MB of live data. Keeping the young generation at its initial 2 × 1 MB and letting the old one grow
  // 25% between collections: ~115 MB, same CPU within noise (docs/DESIGN.md, Performance). Both flags are read by V8
  // at every resize, so setting them here (not on node's command line) takes effect; `start` keeps the defaults.
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=25');
}
const bundle = fileURLToPath(new URL(`../dist/${start ? 'main' : 'cli'}.mjs`, import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`career-advisor: the built bundle ${bundle} is missing. Run \`npm run build\` (npm ci runs it for you).\n`);
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
