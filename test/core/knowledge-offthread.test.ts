/** The worker-thread loader gives the same knowledge, the same problems and the same cache warnings as the loader. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/core/errors.ts';
import { loadKnowledgeOffThread } from '../../src/core/knowledge/offthread.ts';
import { knowledgeDir, realKnowledge, recordingLogger } from '../helpers.ts';
import { privateSnapshotCopy } from '../helpers/knowledge-cache.ts';

// Each case trains the intent model from scratch in a worker (about 1 s idle, several seconds on a busy 2-core
// machine): more room than the suite's default, never a speed assertion.
describe('loadKnowledgeOffThread', { timeout: 90_000 }, () => {
  it('returns what the loader returns, parsed in a worker', async () => {
    const logger = recordingLogger();
    const knowledge = await loadKnowledgeOffThread(knowledgeDir, { logger });
    expect(knowledge.roles).toEqual((await realKnowledge()).roles);
    expect(knowledge.bySlug.get('staff-ml-architect')?.title).toBe('Staff Machine Learning Architect');
    // Parsed in the worker, not a fallback on this thread.
    expect(logger.records.map((r) => r.obj['event'])).not.toContain('knowledge.worker_unavailable');
  });

  it('passes the problems and the cache warnings back from the worker', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ca-off-'));
    writeFileSync(join(empty, 'bad.md'), '## Overview\n');
    const error = await loadKnowledgeOffThread(empty).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).problems).toEqual([{ file: 'bad.md', line: 1, message: 'missing front matter: the file must start with a --- block (see docs/KNOWLEDGE.md)' }]);

    // A cache holding a good snapshot (the one the global setup wrote), which is then damaged.
    const cacheDir = privateSnapshotCopy('source');
    const [snapshot] = readdirSync(cacheDir).filter((f) => f.startsWith('knowledge-'));
    writeFileSync(join(cacheDir, snapshot as string), 'garbage', { mode: 0o600 });
    const logger = recordingLogger();
    await loadKnowledgeOffThread(knowledgeDir, { cacheDir, logger });
    expect(logger.records.map((r) => [r.level, r.obj['event'], r.obj['reason']])).toEqual([['warn', 'knowledge.cache_ignored', 'its header is malformed']]);
  });
});
