/**
 * Comments point only inside the repository: a named document (`docs/TESTING.md`, `README.md`) exists, and no
 * comment sends a reader to a folder beside the checkout or to a path on someone's machine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const CODE = /\.(ts|mjs|js)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : files(path);
    return CODE.test(name) ? [path] : [];
  });
}

function commentLines(path: string): Array<{ at: string; text: string }> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, i) => ({ at: `${relative(root, path)}:${i + 1}`, text }))
    .filter(({ text }) => /^\s*(\/\/|\/\*|\*)/.test(text) || /\s\/\/\s/.test(text));
}

const sources = ['src', 'test', 'scripts', 'bin'].flatMap((d) => files(join(root, d)));

describe('comments point inside the repository', () => {
  it('names only documents that exist in the repository', () => {
    const missing: string[] = [];
    for (const path of sources) {
      for (const { at, text } of commentLines(path)) {
        for (const [doc] of text.matchAll(/\b(?:[\w.-]+\/)*[A-Z][A-Z_]+\.md\b/g)) {
          if (![join(root, doc), join(root, 'docs', doc)].some((p) => existsSync(p))) missing.push(`${at}: ${doc}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('sends no reader outside the checkout', () => {
    const outside = sources.flatMap((path) =>
      commentLines(path)
        .filter(({ text }) => /\.\.\/shared\b|(^|\s)shared\/[A-Z]|\/work\/|\/home\/|\/Users\//.test(text))
        .map(({ at, text }) => `${at}: ${text.trim()}`),
    );
    expect(outside).toEqual([]);
  });
});
