#!/usr/bin/env node
// Entry point of `career-advisor`, `npm start` and `npm run cli`. Runs the esbuild bundle in dist/, which `npm ci`
// builds through the prepare script (`npm run build` by hand, `npm run dev` rebuilds it on every save). There is one
// build path: nothing compiles TypeScript at run time, so an installed copy needs neither src/ nor tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const start = process.argv[2] === 'start';
if (start) process.argv.splice(2, 1);
// The command, past any `--width N` (cli.ts reads the arguments properly; this only picks the heap).
const args = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--width') && !(all[i - 1] === '--width'));
const command = args[0] ?? 'chat';
if (!start && (command === 'chat' || (command === 'ask' && args[1] === '--json'))) {
  // The long-running console modes (chat, ask --json) run with a small heap, set before anything is loaded. V8's
  // defaults are sized for servers: the young generation grows to 2 × 16 MB and an old generation may reach up to 4×
  // what it held after its last collection, so `ask --json` over 20,000 questions peaked at ~160 MB for ~20 MB of
  // live data. Keeping the young generation at its initial 2 × 1 MB and letting the old one grow 25% between
  // collections: ~115 MB, CPU within noise (docs/DESIGN.md, Performance). V8 reads both flags at every resize, so
  // setting them here (not on node's command line) takes effect. `start` and the one-shot commands keep the defaults
  // (a short run spends more in the extra collections than it could save).
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=25');
} else if (!start) {
  // A one-shot command (`ask "…"`, reports) allocates most of what it will ever allocate while the knowledge loads:
  // letting the young generation grow 8× a step (V8's default is 2×) takes it to its usual 16 MB in two steps, so a
  // cold `ask` runs 7 scavenges instead of 11 (docs/DESIGN.md, Memory and start).
  setFlagsFromString('--semi-space-growth-factor=8');
}
const bundle = fileURLToPath(new URL(`../dist/${start ? 'main' : 'cli'}.mjs`, import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`career-advisor: the built bundle ${bundle} is missing. Run \`npm run build\` (npm ci runs it for you).\n`);
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
