#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` runs it): bundles the TypeScript entry points into dist/ with esbuild,
// which bin/career-advisor.js runs. `npm run dev` (`--watch`) rebuilds on every save. Dynamic imports stay separate
// chunks, so the console never loads Slack or Discord code. Dependencies stay external (node loads them from
// node_modules), except the few pure-ESM ones every start imports, which are bundled in: Node's ESM loader resolves
// and links each file on its own, and zod alone is 95 files (its 64 locales included), ~40 ms of an idle cold start.
//
// Files are written one by one through a temporary name and renamed into place (chunks before the entry points that
// import them), then stale files are removed: a process starting during a rebuild sees the old set or the new one.
import { context } from 'esbuild';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'dist');
const watch = process.argv.includes('--watch');
const ENTRIES = new Set(['cli.mjs', 'main.mjs', 'knowledge-worker.mjs']);
/** Bundled dependencies (with what they import): ESM only, no native code, no file-path or worker tricks (not pino). */
const BUNDLED = new Set(['zod', 'franc-min', 'string-width', 'wrap-ansi']);

/** Keeps every package external except {@link BUNDLED} and the packages those import. */
const bundleSome = {
  name: 'bundle-some-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      const fromBundled = args.importer.includes(`${join('node_modules')}/`);
      return BUNDLED.has(name) || fromBundled ? undefined : { external: true };
    });
  },
};

async function writeOutputs(files) {
  await mkdir(outdir, { recursive: true });
  const ordered = [...files].sort((a, b) => Number(ENTRIES.has(basename(a.path))) - Number(ENTRIES.has(basename(b.path))));
  for (const file of ordered) {
    const temp = `${file.path}.${process.pid}.tmp`;
    await writeFile(temp, file.contents);
    await rename(temp, file.path);
  }
  const keep = new Set(files.map((f) => basename(f.path)));
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
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  write: false,
  plugins: [
    bundleSome,
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
