#!/usr/bin/env node
// `npm run lint` part two: fails on an exported value that nothing imports (types are allowed: they document a
// surface). Deliberate ones are listed in scripts/unused-exports.allow as `path name`: entry points, exports used
// through a dynamic import (the tool cannot see `(await import(...)).name`), and documented `default*` constants.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeTsConfig } from 'ts-unused-exports';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowFile = fileURLToPath(new URL('unused-exports.allow', import.meta.url));
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
const unexpected = found.filter((f) => !allowed.has(f.key));
const stale = [...allowed].filter((key) => !found.some((f) => f.key === key));
if (stale.length > 0)
  process.stderr.write(`unused-exports: now used or gone, remove from scripts/unused-exports.allow: ${stale.join(', ')}\n`);
if (unexpected.length > 0) {
  process.stderr.write(
    `unused-exports: ${unexpected.length} exported value(s) nothing imports; drop the export, or list it in scripts/unused-exports.allow with the reason:\n` +
      unexpected.map((f) => `  ${f.at}  ${f.key.split(' ')[1]}`).join('\n') +
      '\n',
  );
  process.exit(1);
}
