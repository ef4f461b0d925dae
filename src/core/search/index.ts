/**
 * A MiniSearch index over every section of every role. The advisor asks it only when the keyword lexicon cannot tell
 * which topic a question is about: it then picks the section of the named role(s) that best matches the words left.
 */
import MiniSearch from 'minisearch';
import { TOPIC_HEADINGS, type Topic } from '../topics.ts';
import type { Knowledge } from '../types.ts';
import { canonicalTokens } from '../nlu/vocabulary.ts';

interface SectionDoc {
  id: string;
  role: string;
  topic: Topic;
  heading: string;
  text: string;
}

export interface SectionHit {
  id: string;
  role: string;
  topic: Topic;
  score: number;
}

const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'in', 'and', 'to', 'on', 'at', 'or', 'is', 'are', 'do', 'doe', 'what', 'how', 'i', 'you', 'it', 'be', 'with', 'as', 'by', 'that', 'this', 'their', 'they', 'can', 'from']);

/** Tokenises like the rest of the core (canonical, singular) so index and question agree. */
function tokenizeForIndex(text: string): string[] {
  return canonicalTokens(text).filter((t) => !STOP.has(t));
}

export class SectionIndex {
  private readonly mini: MiniSearch<SectionDoc>;

  constructor(knowledge: Knowledge) {
    this.mini = new MiniSearch<SectionDoc>({
      fields: ['heading', 'text'],
      storeFields: ['role', 'topic'],
      tokenize: tokenizeForIndex,
      processTerm: (term) => term,
      searchOptions: { boost: { heading: 3 }, fuzzy: 0.2, prefix: (term) => term.length > 4, combineWith: 'OR' },
    });
    const docs: SectionDoc[] = [];
    for (const role of knowledge.roles) {
      for (const section of Object.values(role.sections)) {
        docs.push({
          id: section.id,
          role: role.slug,
          topic: section.topic,
          heading: TOPIC_HEADINGS[section.topic],
          text: section.text + (section.topic === 'salary' ? ` ${role.salary.map((r) => `${r.measure} ${r.figure}`).join(' ')}` : ''),
        });
      }
    }
    this.mini.addAll(docs);
  }

  /** Best matching sections, optionally only of some roles. */
  search(query: string, roles?: readonly string[], limit = 5): SectionHit[] {
    const allowed = roles && roles.length > 0 ? new Set(roles) : undefined;
    const results = this.mini.search(query, allowed ? { filter: (r) => allowed.has(r['role'] as string) } : {});
    return results.slice(0, limit).map((r) => ({ id: String(r.id), role: r['role'] as string, topic: r['topic'] as Topic, score: r.score }));
  }

  get size(): number {
    return this.mini.documentCount;
  }
}
