/** The worker-thread loader gives the same knowledge, the same problems and the same cache warnings as the loader. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/core/errors.ts';
import { loadKnowledge } from '../../src/core/knowledge/load.ts';
import { loadKnowledgeOffThread } from '../../src/core/knowledge/offthread.ts';
import { classifierFor } from '../../src/core/nlu/model.ts';
import type { Knowledge } from '../../src/core/types.ts';
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

  it('brings back the training questions and the intent model, from a parse and from a snapshot', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'ca-off-model-'));
    const here = await loadKnowledge(knowledgeDir, { cacheDir });
    const plain = (k: Knowledge) => ({ ...k.intentModel, classifier: { ...k.intentModel?.classifier } });
    for (const source of ['parsed', 'snapshot']) {
      if (source === 'parsed') rmSync(cacheDir, { recursive: true });
      const reloaded = await loadKnowledgeOffThread(knowledgeDir, { cacheDir });
      expect(reloaded.intents, source).toEqual(here.intents);
      expect(plain(reloaded), source).toEqual(plain(here));
      // A reload keeps the trained classifier (it once came back with the roles only: the lexicon alone decided).
      expect(classifierFor(reloaded)?.size, source).toBe(classifierFor(here)?.size);
      expect(classifierFor(reloaded)?.size ?? 0, source).toBeGreaterThan(1_000);
    }
  });

  it('passes the problems and the cache warnings back from the worker', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ca-off-'));
    writeFileSync(join(empty, 'bad.md'), '## Overview\n');
    const error = await loadKnowledgeOffThread(empty).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).problems).toEqual([
      { file: 'bad.md', line: 1, message: 'missing front matter: the file must start with a --- block (see docs/KNOWLEDGE.md)' },
    ]);

    // A cache holding a good snapshot (the one the global setup wrote), which is then damaged.
    const cacheDir = privateSnapshotCopy('source');
    const [snapshot] = readdirSync(cacheDir).filter((f) => f.startsWith('knowledge-'));
    writeFileSync(join(cacheDir, snapshot as string), 'garbage', { mode: 0o600 });
    const logger = recordingLogger();
    await loadKnowledgeOffThread(knowledgeDir, { cacheDir, logger });
    expect(logger.records.map((r) => [r.level, r.obj['event'], r.obj['reason']])).toEqual([
      ['warn', 'knowledge.cache_ignored', 'its header is malformed'],
    ]);
  });
});
