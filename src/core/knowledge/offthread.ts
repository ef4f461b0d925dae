/**
 * {@link loadKnowledge} in a worker thread, for reloads while the process serves: reading, hashing and parsing take
 * 0.3–2.5 s of CPU, which on the main thread would stall every request and `/healthz` for as long. The main thread
 * receives the parsed roles, the training questions and the intent model (a structured clone of ~1 MB, with the
 * model's 2 MB of arrays transferred, not copied) and the caller swaps them in.
 * When no worker can be started (an unusual bundle layout), it falls back to loading on this thread, with a warning.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KnowledgeError, type KnowledgeProblem } from '../errors.ts';
import { silentLogger, type IntentExamples, type Knowledge, type Role } from '../types.ts';
import { unpackModel, type PackedModel } from './cache.ts';
import { loadKnowledge, type LoadOptions } from './load.ts';
import { adoptVocabulary } from '../nlu/vocabulary.ts';

export interface WorkerRequest {
  dir: string;
  options: Omit<LoadOptions, 'logger'>;
}

export type WorkerReply = { logs: Array<{ level: 'debug' | 'info' | 'warn' | 'error'; obj: Record<string, unknown>; msg?: string }> } & (
  | { ok: true; roles: Role[]; intents: IntentExamples[]; vocabulary: string[]; model?: PackedModel }
  | { ok: false; problems: KnowledgeProblem[] }
  | { ok: false; message: string }
);

export async function loadKnowledgeOffThread(dir: string, options: LoadOptions = {}): Promise<Knowledge> {
  const { logger = silentLogger, ...rest } = options;
  let reply: WorkerReply;
  try {
    const worker = startWorker({ dir, options: rest });
    reply = await new Promise<WorkerReply>((resolve, reject) => {
      worker.once('message', (message: WorkerReply) => resolve(message));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the knowledge worker exited with code ${code} before answering`)));
    }).finally(() => void worker.terminate());
  } catch (error) {
    // The worker itself failed (not the knowledge: that comes back as a reply); a reload must still work.
    logger.warn({ event: 'knowledge.worker_unavailable', reason: (error as Error)?.message ?? String(error) }, 'the knowledge worker thread failed; loading on the main thread instead');
    return loadKnowledge(dir, options);
  }
  for (const line of reply.logs) logger[line.level](line.obj, line.msg);
  if (reply.ok) {
    const intentModel = reply.model ? unpackModel(reply.model) : undefined;
    adoptVocabulary(reply.roles, reply.vocabulary);
    return { roles: reply.roles, bySlug: new Map(reply.roles.map((r) => [r.slug, r])), intents: reply.intents, ...(intentModel ? { intentModel } : {}) };
  }
  if ('problems' in reply) throw new KnowledgeError(reply.problems);
  throw new Error(reply.message);
}

function startWorker(request: WorkerRequest): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    // The esbuild bundle: dist/knowledge-worker.mjs sits beside the chunk this code is in.
    return new Worker(new URL('./knowledge-worker.mjs', import.meta.url), { workerData: request });
  }
  // From TypeScript sources (tsx, vitest): a worker does not inherit the parent's loader, so it registers tsx first.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData: request });
}
