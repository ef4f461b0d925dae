/**
 * What the loader does with a broken knowledge folder (every fault named by file, all in one pass) and with a bad
 * cache (ignored with a warning, never served, never fatal).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/core/errors.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { knowledgeDir, recordingLogger } from '../helpers.ts';
import { privateSnapshotCopy } from '../helpers/knowledge-cache.ts';

function copyOfKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ca-faults-'));
  cpSync(knowledgeDir, dir, { recursive: true });
  return dir;
}

async function problemsOf(dir: string, options: Parameters<typeof loadKnowledge>[1] = {}): Promise<string[]> {
  try {
    await loadKnowledge(dir, options);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as KnowledgeError).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  }
  return [];
}

describe('knowledge faults', () => {
  it('names every bad file in one pass: directory, symlink loop, FIFO, NUL bytes, invalid UTF-8, over the size cap', async () => {
    const dir = copyOfKnowledge();
    mkdirSync(join(dir, 'folder.md'));
    symlinkSync('loop-b.md', join(dir, 'loop-a.md'));
    symlinkSync('loop-a.md', join(dir, 'loop-b.md'));
    symlinkSync('nowhere.md', join(dir, 'dangling.md'));
    // Running as root, chmod 000 does not stop a read; a FIFO is the file that cannot be read (a read would never end).
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    writeFileSync(join(dir, 'nul.md'), Buffer.concat([Buffer.from('---\nslug: nul\n'), Buffer.from([0, 1, 2]), Buffer.from('\n---\n')]));
    writeFileSync(
      join(dir, 'latin1.md'),
      Buffer.concat([Buffer.from('---\nslug: latin\n---\n## Overview\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    writeFileSync(join(dir, 'huge.md'), `---\nslug: huge\n---\n${'x'.repeat(300 * 1024)}\n`);
    const found = await problemsOf(dir);
    expect(found).toEqual([
      'dangling.md:0: cannot be read: it does not exist (or is a symbolic link to nothing)',
      'folder.md:0: is a directory, not a file',
      'huge.md:0: is 301 KB, over the 256 KB limit per file (KNOWLEDGE_MAX_FILE_KB)',
      'latin1.md:5: is not valid UTF-8 text (save it as UTF-8)',
      'loop-a.md:0: cannot be read: it is a symbolic link loop',
      'loop-b.md:0: cannot be read: it is a symbolic link loop',
      'nul.md:3: contains NUL bytes: a binary file, not Markdown text',
      'pipe.md:0: is not a regular file (a FIFO, socket or device?)',
    ]);
  });

  it('reports a broken file once, without follow-on errors in the files that link to it', async () => {
    const dir = copyOfKnowledge();
    writeFileSync(join(dir, 'lead-ml-architect.md'), '## Overview\nno front matter\n');
    expect(await problemsOf(dir)).toEqual([
      'lead-ml-architect.md:1: missing front matter: the file must start with a --- block (see docs/KNOWLEDGE.md)',
    ]);
  });

  it("reports an alias that takes another role's title in the file of the alias", async () => {
    const dir = copyOfKnowledge();
    const file = join(dir, 'ai-large-model-platform-engineer.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('aliases:\n', 'aliases:\n  - Staff ML Architect\n'));
    expect(await problemsOf(dir)).toEqual([
      'ai-large-model-platform-engineer.md:7: alias "Staff ML Architect" is already a name of staff-ml-architect (staff-ml-architect.md)',
    ]);
  });

  it('takes the size cap from its options', async () => {
    const found = await problemsOf(knowledgeDir, { maxFileBytes: 4 * 1024 });
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const line of found) expect(line).toMatch(/^[a-z0-9-]+\.md:0: is \d+ KB, over the 4 KB limit per file \(KNOWLEDGE_MAX_FILE_KB\)$/);
  });

  it('says what is wrong with the folder itself: missing, a file, a symlink loop', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ca-dir-'));
    writeFileSync(join(base, 'file'), 'x');
    symlinkSync('loop2', join(base, 'loop1'));
    symlinkSync('loop1', join(base, 'loop2'));
    expect(await problemsOf(join(base, 'missing'))).toEqual([
      `${join(base, 'missing')}:0: cannot read the knowledge directory (KNOWLEDGE_DIR): it does not exist (or is a symbolic link to nothing)`,
    ]);
    expect(await problemsOf(join(base, 'file'))).toEqual([
      `${join(base, 'file')}:0: the knowledge directory (KNOWLEDGE_DIR) is a file, not a directory`,
    ]);
    expect(await problemsOf(join(base, 'loop1'))).toEqual([
      `${join(base, 'loop1')}:0: cannot read the knowledge directory (KNOWLEDGE_DIR): it is a symbolic link loop`,
    ]);
  });
});

// Every case parses the knowledge and trains the intent model at least once (about 1.5 s of CPU each, several times
// that on a busy 2-core machine): more room than the suite's default, never a speed assertion.
describe('knowledge cache', { timeout: 60_000 }, () => {
  const FIGURE = '$190,000 - $200,000';
  const FORGED = '$990,000 - $999,000';
  const staffMedian = (k: Awaited<ReturnType<typeof loadKnowledge>>) =>
    k.bySlug.get('staff-ml-architect')?.salary.find((r) => r.self)?.figure;
  const snapshots = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('knowledge-'));

  it('serves a snapshot it wrote, and ignores an edited one (a forged salary figure) with a warning', async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'ca-cache-')), 'cache');
    const first = await loadKnowledge(knowledgeDir, { cacheDir });
    expect(staffMedian(first)).toBe(FIGURE);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const [name] = snapshots(cacheDir);
    const file = join(cacheDir, name as string);
    expect(readFileSync(file, 'utf8')).toContain(FIGURE);

    const logger = recordingLogger();
    expect(staffMedian(await loadKnowledge(knowledgeDir, { cacheDir, logger }))).toBe(FIGURE);
    expect(logger.records).toEqual([]);

    // Planted: the right name and a well-formed body, with the figure changed.
    writeFileSync(file, readFileSync(file, 'utf8').replace(FIGURE, FORGED), { mode: 0o600 });
    const planted = await loadKnowledge(knowledgeDir, { cacheDir, logger });
    expect(staffMedian(planted)).toBe(FIGURE);
    expect(logger.records).toMatchObject([
      { level: 'warn', obj: { event: 'knowledge.cache_ignored', reason: 'its signature does not match (edited or planted)' } },
    ]);
    // The bad snapshot was replaced by a good one.
    expect(readFileSync(file, 'utf8')).not.toContain(FORGED);
  });

  it('ignores a malformed, truncated or foreign-writable snapshot with a warning, and keeps only the latest', async () => {
    // A good snapshot (a copy of the one the global setup wrote) beside two stale ones from other knowledge.
    const cacheDir = privateSnapshotCopy('source');
    const [name] = snapshots(cacheDir);
    const file = join(cacheDir, name as string);
    const good = readFileSync(file, 'utf8');
    writeFileSync(join(cacheDir, 'knowledge-00000000000000000000000000000000.json'), 'stale');
    writeFileSync(join(cacheDir, 'knowledge-11111111111111111111111111111111.json'), 'stale');

    const cases: Array<[string, () => void]> = [
      ['its header is malformed', () => writeFileSync(file, '{not json')],
      ['its signature does not match (edited or planted)', () => writeFileSync(file, good.slice(0, good.length - 200))],
      [
        'it is writable by other users',
        () => {
          writeFileSync(file, good);
          chmodSync(file, 0o666);
        },
      ],
    ];
    for (const [reason, damage] of cases) {
      damage();
      const logger = recordingLogger();
      const knowledge = await loadKnowledge(knowledgeDir, { cacheDir, logger });
      expect(staffMedian(knowledge), reason).toBe(FIGURE);
      expect(
        logger.records.map((r) => r.obj['reason']),
        reason,
      ).toEqual([reason]);
      expect(readFileSync(file, 'utf8')).toBe(good);
      chmodSync(file, 0o600);
      // Rewriting the snapshot removed every other one.
      expect(snapshots(cacheDir), reason).toEqual([name]);
    }
  });

  it('never fails a load because the cache folder cannot be used', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ca-cache-'));
    writeFileSync(join(base, 'not-a-dir'), 'x');
    const logger = recordingLogger();
    const knowledge = await loadKnowledge(knowledgeDir, { cacheDir: join(base, 'not-a-dir'), logger });
    expect(staffMedian(knowledge)).toBe(FIGURE);
    expect(logger.records.map((r) => r.obj['event'])).toEqual(['knowledge.cache_write_failed']);
  });
});
