#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): bundles the TypeScript entry points into dist/ with esbuild,
// which bin/career-advisor.js runs. `npm run dev` (`--watch`) rebuilds on every save. Dependencies stay external
// (except BUNDLED, below) and dynamic imports stay separate chunks, so the console never loads Slack or Discord code.
//
// Files are written one by one through a temporary name and renamed into place (chunks before the entry points that
// import them), then stale files are removed: a process starting during a rebuild sees the old set or the new one.
import { context } from 'esbuild';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');
const watch = process.argv.includes('--watch');
const ENTRIES = new Set(['cli.mjs', 'main.mjs', 'knowledge-worker.mjs']);
/**
 * Dependencies bundled into dist/ instead of loaded from node_modules. zod is 95 ESM files (and its locales) that
 * every mode imports for the config: as one chunk, a cold `ask` resolves and links one module instead of 95 (CPU
 * median 340 -> 310 ms, 15 interleaved runs at load 14-16), for ~1.5 MB more peak RSS in a 20,000-answer `ask --json`
 * (106.1 -> 107.6 MB median of 7 runs each). docs/DESIGN.md, "Fifth pass: cold start". config.ts and the knowledge
 * schema import it as a namespace (`import * as z`), which esbuild tree-shakes to what they use: 183 KB instead of
 * 755 KB (zod's 64 locales and its JSON-schema code were all in the chunk through the `z` object). picocolors (2.6 KB,
 * CommonJS, no require of its own) is the only CommonJS module the one-shot `ask` imports: bundled, node does not
 * load and run its CommonJS export lexer for it. "Sixth pass".
 */
const BUNDLED = ['zod', 'picocolors'];
/**
 * The hash of the bundle's chunks (every .mjs, in file-name order, joined by NUL), which the knowledge loader puts in
 * its snapshot key: written here once instead of hashed at every start (src/core/knowledge/load.ts,
 * parserFingerprint). Written last, so a process starting during a rebuild reads the old hash with new chunks (a
 * needless parse), never a new hash with old chunks.
 */
const FINGERPRINT_FILE = 'fingerprint.txt';

async function writeOutputs(files) {
  await mkdir(outdir, { recursive: true });
  const ordered = [...files].sort((a, b) => Number(ENTRIES.has(basename(a.path))) - Number(ENTRIES.has(basename(b.path))));
  for (const file of ordered) {
    const temp = `${file.path}.${process.pid}.tmp`;
    await writeFile(temp, file.contents);
    await rename(temp, file.path);
  }
  const chunks = files.filter((f) => f.path.endsWith('.mjs')).sort((a, b) => (basename(a.path) < basename(b.path) ? -1 : 1));
  const fingerprint = createHash('sha256')
    .update(chunks.map((f) => Buffer.from(f.contents).toString('utf8')).join('\0'))
    .digest('hex');
  const temp = join(outdir, `${FINGERPRINT_FILE}.${process.pid}.tmp`);
  await writeFile(temp, `${fingerprint}\n`);
  await rename(temp, join(outdir, FINGERPRINT_FILE));
  const keep = new Set([...files.map((f) => basename(f.path)), FINGERPRINT_FILE]);
  for (const name of await readdir(outdir)) if (!keep.has(name)) await rm(join(outdir, name), { force: true });
}

let started = 0;
const ctx = await context({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts', main: 'src/main.ts', 'knowledge-worker': 'src/core/knowledge/worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay external (node_modules), except zod: see BUNDLED.
  external: Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies)
    .filter((name) => !BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]),
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  write: false,
  plugins: [
    {
      name: 'write-in-place',
      setup(build) {
        build.onStart(() => void (started = performance.now()));
        build.onEnd(async (result) => {
          if (result.errors.length > 0) {
            if (!watch) process.exitCode = 1;
            return;
          }
          await writeOutputs(result.outputFiles ?? []);
          if (watch) process.stdout.write(`dist/ rebuilt in ${Math.round(performance.now() - started)} ms\n`);
        });
      },
    },
  ],
});

if (watch) {
  await ctx.watch();
  process.stdout.write('watching src/ for changes (Ctrl-C to stop); career-advisor, npm start and npm run cli run the new build\n');
} else {
  try {
    await ctx.rebuild();
  } catch {
    process.exitCode = 1; // esbuild has printed the errors
  }
  await ctx.dispose();
}
