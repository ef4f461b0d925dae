#!/usr/bin/env node
// The unused-export check, part of `npm run lint` and of `npm run check`: fails on an exported value that nothing
// imports (types are allowed: they document a surface). Always allowed: documented `default*` constants. Deliberate
// others are listed in scripts/unused-exports.allow as `path name`: entry points and exports used through a dynamic
// import (the tool cannot see `(await import(...)).name`). `node scripts/unused-exports.mjs --accept` appends the
// current findings to that list (after a merge that brings modules not wired in yet), to be trimmed as they get used.
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeTsConfig } from 'ts-unused-exports';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowFile = fileURLToPath(new URL('unused-exports.allow', import.meta.url));

/**
 * Runs the check. Returns `ok` and what to print on stderr (empty when there is nothing to say). With `accept`, the
 * findings are appended to the allow list instead of failing.
 */
export function checkUnusedExports({ accept = false } = {}) {
  const allowed = new Set(
    readFileSync(allowFile, 'utf8')
      .split('\n')
      .map((line) => line.replace(/#.*/, '').trim().replace(/\s+/g, ' '))
      .filter(Boolean),
  );
  const result = analyzeTsConfig(`${root}tsconfig.json`, ['--allowUnusedTypes']);
  const found = [];
  for (const [file, exports] of Object.entries(result.unusedExports)) {
    const path = relative(root, file).split('\\').join('/');
    for (const e of exports) found.push({ key: `${path} ${e.exportName}`, at: `${path}:${(e.location?.line ?? 0) + 1}` });
  }
  const unexpected = found.filter((f) => !allowed.has(f.key) && !/^default[A-Z]/.test(f.key.split(' ')[1] ?? ''));
  if (accept && unexpected.length > 0) {
    appendFileSync(
      allowFile,
      `\n# Accepted on ${new Date().toISOString().slice(0, 10)}: not used yet; drop the export or this line once wired.\n${unexpected.map((f) => f.key).join('\n')}\n`,
    );
    return { ok: true, report: `unused-exports: added ${unexpected.length} entries to scripts/unused-exports.allow\n` };
  }
  let report = '';
  const stale = [...allowed].filter((key) => !found.some((f) => f.key === key));
  if (stale.length > 0) report += `unused-exports: now used or gone, remove from scripts/unused-exports.allow: ${stale.join(', ')}\n`;
  if (unexpected.length > 0)
    report +=
      `unused-exports: ${unexpected.length} exported value(s) nothing imports; drop the export, or list it in scripts/unused-exports.allow with the reason:\n` +
      unexpected.map((f) => `  ${f.at}  ${f.key.split(' ')[1]}`).join('\n') +
      '\n';
  return { ok: unexpected.length === 0, report };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { ok, report } = checkUnusedExports({ accept: process.argv.includes('--accept') });
  process.stderr.write(report);
  if (!ok) process.exit(1);
}
