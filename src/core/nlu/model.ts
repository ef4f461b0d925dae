/**
 * The intent model of a knowledge version: trained from `knowledge/intents/` with role names masked, kept in the
 * knowledge snapshot under a content key, and rebuilt only when the training questions, the role names or the
 * trainer change. A question never waits for training: the loader trains (or loads) the model, and a resolver built
 * on knowledge without one trains it once at construction.
 */
import type { IntentModel, Knowledge, Role } from '../types.ts';
import { IntentClassifier, ROLE_TOKEN, type ModelArrays } from './classifier.ts';
import { canonicalTokens } from './vocabulary.ts';

/** Bump when features, masking or training change, so cached models are retrained. */
export const MODEL_VERSION = 8;

/** Words of role names that say nothing about the role ("of", "and"): never masked. */
const ROLE_NAME_FILLER = new Set(['of', 'and', 'in', 'the', 'for', 'a', 'an', 'to', 'with', 'powered', 'driven']);

/** Canonical words of every role's names, which the classifier sees as one {@link ROLE_TOKEN}. */
export function roleWordsOf(roles: readonly Role[]): Set<string> {
  const words = new Set<string>();
  for (const r of roles)
    for (const name of [r.title, ...r.aliases, r.slug.replace(/-/g, ' ')])
      for (const t of canonicalTokens(name)) if (!ROLE_NAME_FILLER.has(t)) words.add(t);
  return words;
}

/** Role-name words folded to one {@link ROLE_TOKEN} per run: the classifier learns the question, not the role. */
export function maskRoles(tokens: readonly string[], roleWords: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (!roleWords.has(t)) out.push(t);
    else if (out[out.length - 1] !== ROLE_TOKEN) out.push(ROLE_TOKEN);
  }
  return out;
}

/** A content key of everything the model depends on (FNV-1a, 2 × 32 bits). */
export function modelKey(knowledge: Knowledge): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    }
    h1 = Math.imul(h1 ^ 0, 0x01000193) >>> 0;
  };
  feed(`v${MODEL_VERSION}`);
  for (const w of [...roleWordsOf(knowledge.roles)].sort()) feed(w);
  for (const set of knowledge.intents ?? []) {
    feed(set.intent);
    for (const e of set.examples) feed(e.text);
  }
  return `${MODEL_VERSION}-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

const trained = new WeakMap<Knowledge, IntentClassifier | null>();
/** The typed arrays behind a serialized model whose base64 fields are made on demand (the snapshot's, see cache.ts). */
const arraysOf = new WeakMap<IntentModel['classifier'], ModelArrays>();

/**
 * Notes the typed arrays a serialized model's base64 fields stand for, so the classifier is built from them directly
 * (without making the strings and decoding them again).
 */
export function withModelArrays(classifier: IntentModel['classifier'], arrays: ModelArrays): IntentModel['classifier'] {
  arraysOf.set(classifier, arrays);
  return classifier;
}

/** Trains the model of a knowledge version; `undefined` when it has no training questions. */
export function trainIntentModel(knowledge: Knowledge): IntentModel | undefined {
  const classifier = trainClassifier(knowledge);
  if (!classifier) return undefined;
  // The loader keeps the model on this knowledge object: the resolver built on it uses the trained classifier as it
  // is, instead of decoding the serialized copy made for the snapshot.
  trained.set(knowledge, classifier);
  return { key: modelKey(knowledge), classifier: classifier.toJSON() };
}

function trainClassifier(knowledge: Knowledge): IntentClassifier | undefined {
  const roleWords = roleWordsOf(knowledge.roles);
  const examples = (knowledge.intents ?? []).flatMap((set) =>
    set.examples.map((e) => ({ tokens: maskRoles(canonicalTokens(e.text), roleWords), intent: set.intent })),
  );
  return examples.length === 0 ? undefined : IntentClassifier.train(examples);
}

/**
 * The classifier for a knowledge version: the model the loader trained or read from its snapshot (whose key covers
 * the same files, so it is not hashed again here), else trained now (once per knowledge object). `undefined` when
 * there are no training questions.
 */
export function classifierFor(knowledge: Knowledge): IntentClassifier | undefined {
  const known = trained.get(knowledge);
  if (known !== undefined) return known ?? undefined;
  let classifier: IntentClassifier | undefined;
  if (knowledge.intentModel && knowledge.intentModel.key.startsWith(`${MODEL_VERSION}-`)) {
    try {
      const data = knowledge.intentModel.classifier;
      const arrays = arraysOf.get(data);
      classifier = arrays ? IntentClassifier.fromArrays(data, arrays) : IntentClassifier.fromJSON(data);
    } catch {
      classifier = undefined;
    }
  }
  if (!classifier) classifier = trainClassifier(knowledge);
  trained.set(knowledge, classifier ?? null);
  return classifier;
}
