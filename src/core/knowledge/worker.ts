/**
 * Worker-thread side of {@link loadKnowledgeOffThread}: loads the knowledge with the options it was given and posts
 * back the roles, training questions and intent model (its arrays' bytes transferred), or the problems, plus every
 * log line the loader wrote (the parent logs them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeError } from '../errors.ts';
import { packModel } from './cache.ts';
import { loadKnowledge } from './load.ts';
import { knowledgeVocabulary } from '../nlu/vocabulary.ts';
import type { WorkerReply, WorkerRequest } from './offthread.ts';

const request = workerData as WorkerRequest;
const logs: WorkerReply['logs'] = [];
const at = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) => void logs.push({ level, obj: { ...obj }, ...(msg ? { msg } : {}) });
const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };

let reply: WorkerReply;
const transfer: ArrayBuffer[] = [];
try {
  const knowledge = await loadKnowledge(request.dir, { ...request.options, logger });
  const model = knowledge.intentModel ? packModel(knowledge.intentModel) : undefined;
  // The model's bytes move to the parent instead of being copied, when they have their buffer to themselves.
  if (model && model.data.byteOffset === 0 && model.data.byteLength === model.data.buffer.byteLength) transfer.push(model.data.buffer as ArrayBuffer);
  // The resolver's vocabulary goes along (built here, off the main thread, unless the snapshot had it).
  const vocabulary = [...knowledgeVocabulary(knowledge.roles)];
  reply = { ok: true, roles: knowledge.roles, intents: knowledge.intents ?? [], vocabulary, ...(model ? { model } : {}), logs };
} catch (error) {
  reply = error instanceof KnowledgeError ? { ok: false, problems: [...error.problems], logs } : { ok: false, message: (error as Error)?.message ?? String(error), logs };
}
parentPort?.postMessage(reply, transfer);
