/**
 * The knowledge snapshot's key covers the code that parsed it: from dist/, the hash of every chunk. `npm run build`
 * writes that hash into dist/fingerprint.txt so a start does not hash the chunks again; it must be the hash the
 * loader would take itself (every .mjs of dist/ in file-name order, joined by NUL), or a rebuild could keep serving a
 * snapshot parsed by older code.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';

describe('dist/fingerprint.txt', () => {
  it('is the hash of the built chunks, as the loader takes it', () => {
    const dist = join(repoRoot, 'dist');
    const chunks = readdirSync(dist)
      .filter((f) => f.endsWith('.mjs'))
      .sort();
    const hash = createHash('sha256')
      .update(chunks.map((f) => readFileSync(join(dist, f), 'utf8')).join('\0'))
      .digest('hex');
    expect(readFileSync(join(dist, 'fingerprint.txt'), 'utf8').trim()).toBe(hash);
  });
});
