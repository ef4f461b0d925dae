/**
 * Worker-thread side of {@link loadKnowledgeOffThread}: loads the knowledge with the options it was given and posts
 * back the roles, or the problems, plus every log line the loader wrote (the parent logs them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { KnowledgeError } from '../errors.ts';
import { loadKnowledge } from './load.ts';
import type { WorkerReply, WorkerRequest } from './offthread.ts';

const request = workerData as WorkerRequest;
const logs: WorkerReply['logs'] = [];
const at = (level: 'debug' | 'info' | 'warn' | 'error') => (obj: object, msg?: string) => void logs.push({ level, obj: { ...obj }, ...(msg ? { msg } : {}) });
const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };

let reply: WorkerReply;
try {
  const knowledge = await loadKnowledge(request.dir, { ...request.options, logger });
  reply = { ok: true, roles: knowledge.roles, logs };
} catch (error) {
  reply = error instanceof KnowledgeError ? { ok: false, problems: [...error.problems], logs } : { ok: false, message: (error as Error)?.message ?? String(error), logs };
}
parentPort?.postMessage(reply);
