// `node --import ./scripts/bench-loader.mjs …`: runs TypeScript the way the shipped bundle is built (esbuild, the
// target of scripts/build.mjs, no `keepNames`), so `npm run bench` times the code members run. tsx, which the other
// scripts use, keeps every function's name: an `__name(fn, "…")` call each time a closure is created, ~4–5% of an
// answer's profile that dist/ does not have (docs/DESIGN.md, Performance). Imports in src/ and scripts/ name their
// `.ts` files, so node resolves them itself; this only compiles them.
import { readFile } from 'node:fs/promises';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// This file is both the `--import` entry, which registers it, and the hooks module, which node loads again on its
// own loader thread.
if (isMainThread) register(import.meta.url);

let esbuild;
/** The project's compiler options, as esbuild reads them when scripts/build.mjs bundles (class fields, imports). */
const tsconfigRaw = await readFile(new URL('../tsconfig.json', import.meta.url), 'utf8');

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  esbuild ??= await import('esbuild');
  const source = await readFile(new URL(url), 'utf8');
  const { code } = await esbuild.transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    tsconfigRaw,
    sourcefile: new URL(url).pathname,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
