/**
 * MiniSearch over the sections of a role. The advisor asks it only when the keyword lexicon cannot tell which topic a
 * question is about: it then picks the section of the named role(s) that best matches the words left over. Each
 * role gets its own small index, built on first use, so the cost of a search does not grow with the number of roles.
 */
import MiniSearch from 'minisearch';
import { TOPIC_HEADINGS, type Topic } from '../topics.ts';
import type { Knowledge, Role } from '../types.ts';
import { canonicalTokens } from '../nlu/vocabulary.ts';
import { countBuild } from '../builds.ts';

interface SectionDoc {
  id: string;
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

const STOP = new Set([
  'a',
  'an',
  'the',
  'of',
  'for',
  'in',
  'and',
  'to',
  'on',
  'at',
  'or',
  'is',
  'are',
  'do',
  'doe',
  'what',
  'how',
  'i',
  'you',
  'it',
  'be',
  'with',
  'as',
  'by',
  'that',
  'this',
  'their',
  'they',
  'can',
  'from',
]);

/** Tokenises like the rest of the core (canonical, singular) so index and question agree. */
function tokenizeForIndex(text: string): string[] {
  return canonicalTokens(text).filter((t) => !STOP.has(t));
}

function indexRole(role: Role): MiniSearch<SectionDoc> {
  countBuild('section-index');
  const mini = new MiniSearch<SectionDoc>({
    fields: ['heading', 'text'],
    storeFields: ['topic'],
    tokenize: tokenizeForIndex,
    processTerm: (term) => term,
    searchOptions: { boost: { heading: 3 }, fuzzy: 0.2, prefix: (term) => term.length > 4, combineWith: 'OR' },
  });
  mini.addAll(
    Object.values(role.sections).map((section) => ({
      id: section.id,
      topic: section.topic,
      heading: TOPIC_HEADINGS[section.topic],
      text: section.text + (section.topic === 'salary' ? ` ${role.salary.map((r) => `${r.measure} ${r.figure}`).join(' ')}` : ''),
    })),
  );
  return mini;
}

export class SectionIndex {
  private readonly indexes = new Map<string, MiniSearch<SectionDoc>>();
  private readonly knowledge: Knowledge;

  constructor(knowledge: Knowledge) {
    this.knowledge = knowledge;
  }

  /** Best matching sections of the given roles, best first. */
  search(query: string, roles: readonly string[], limit = 5): SectionHit[] {
    const hits: SectionHit[] = [];
    for (const slug of roles) {
      const role = this.knowledge.bySlug.get(slug);
      if (!role) continue;
      let mini = this.indexes.get(slug);
      if (!mini) {
        mini = indexRole(role);
        this.indexes.set(slug, mini);
      }
      for (const r of mini.search(query)) hits.push({ id: String(r.id), role: slug, topic: r['topic'] as Topic, score: r.score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
