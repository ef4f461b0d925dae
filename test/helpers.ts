import { fileURLToPath } from 'node:url';
import { createAdvisor, type Advisor, type AdvisorOptions } from '../src/core/advisor.ts';
import { loadKnowledge } from '../src/core/knowledge/load.ts';
import type { Answer, Knowledge, Logger } from '../src/core/types.ts';

export const knowledgeDir = fileURLToPath(new URL('../knowledge', import.meta.url));
export const seedsDir = fileURLToPath(new URL('../../shared/seeds', import.meta.url));

let cached: Promise<Knowledge> | undefined;
/** The real knowledge base, parsed once per test file (no snapshot cache: tests exercise the parser). */
export function realKnowledge(): Promise<Knowledge> {
  cached ??= loadKnowledge(knowledgeDir, { cacheDir: false });
  return cached;
}

export async function realAdvisor(options: Partial<AdvisorOptions> = {}): Promise<Advisor> {
  return createAdvisor({ knowledge: await realKnowledge(), ...options });
}

export function ask(advisor: Advisor, text: string, conversationId = `test:${Math.random()}`): Answer {
  return advisor.handle({ text, conversationId, user: { id: 'U1', isModerator: false }, platform: 'test' });
}

/** A Logger that keeps every call, for asserting on structured events. */
export function recordingLogger(): Logger & { records: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> } {
  const records: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void records.push({ level, obj: obj as Record<string, unknown>, ...(msg ? { msg } : {}) });
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
