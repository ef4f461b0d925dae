/**
 * The trained intent classifier: TF-IDF over words, word bigrams and character 3–4-grams of each word, and a
 * multinomial logistic regression (softmax) over them, trained from the questions in `knowledge/intents/`.
 * Role names are masked before it reads a question (see {@link maskRoles} in the resolver): it learns how people ask
 * about a topic, not which roles they ask about.
 *
 * Features are 32-bit FNV-1a hashes of the n-grams (no strings are built per question); a collision between two
 * n-grams only merges them. Deterministic: features are numbered in the order first seen, examples are visited in an order drawn from a fixed
 * seed, and the same questions always give the same weights. No network, no model file.
 */
import type { Intent } from '../topics.ts';

/** Stands for a role name in a question (one token however long the name). */
export const ROLE_TOKEN = '_role_';

export interface ClassifierOptions {
  /** Passes over the training questions. Default 4. */
  epochs?: number;
  /** Starting learning rate, decayed as 1/(1 + t/n). Default 3. */
  learningRate?: number;
  /** L2 penalty on the weights (on the features of each visited question). Default 0: 1e-5 measured the same. */
  l2?: number;
  /** Gradients smaller than this (after the learning rate) are not applied. Default 1e-2 (0 to 3e-2: the same CV). */
  skipGradient?: number;
  /** Seed of the visiting order. Default 1. */
  seed?: number;
  /** Smallest and largest character n-gram. Default 3 and 4. */
  minGram?: number;
  maxGram?: number;
  /** Fewest training questions a feature must occur in to be kept. Default 3 (5-fold CV: the same joint accuracy as 1, a third of the features). */
  minDf?: number;
}

export interface Prediction {
  intent: Intent;
  /** Probability of {@link intent}. */
  p: number;
  /** Probability of every intent the classifier knows. */
  probs: Map<Intent, number>;
}

/** A trained model as plain data, for the knowledge snapshot (typed arrays as base64 of their little-endian bytes). */
export interface SerializedClassifier {
  intents: Intent[];
  /** Feature hashes, in id order (base64 of a Uint32Array). */
  features: string;
  idf: string;
  weights: string;
  bias: number[];
  minGram: number;
  maxGram: number;
}

export class IntentClassifier {
  private scratchIds = new Int32Array(256);
  private scratchValues = new Float64Array(256);
  /** {@link features} as an open-addressing table, for prediction. */
  private readonly table: FeatureTable;
  /** Per feature id, its count in the question being predicted (zero between questions). */
  private readonly counts: Int32Array;

  private constructor(
    readonly intents: readonly Intent[],
    private readonly features: Map<number, number>,
    private readonly idf: Float32Array,
    /** Feature-major weights: `weights[f * K + k]`. */
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
    private readonly minGram: number,
    private readonly maxGram: number,
  ) {
    this.table = new FeatureTable(features);
    this.counts = new Int32Array(features.size);
  }

  /**
   * Trains on canonical (role-masked) tokens of each labelled question. Every question's features are hashed once
   * into flat typed arrays (no per-question map), features seen in fewer than `minDf` questions are dropped (they
   * cannot generalise and only widen the model), and SGD runs over the flat arrays in Float32.
   */
  static train(examples: ReadonlyArray<{ tokens: readonly string[]; intent: Intent }>, options: ClassifierOptions = {}): IntentClassifier {
    const minGram = options.minGram ?? 3;
    const maxGram = options.maxGram ?? 4;
    const minDf = options.minDf ?? 3;
    const intents = [...new Set(examples.map((e) => e.intent))].sort();
    const K = intents.length;
    const classOf = new Map(intents.map((intent, k) => [intent, k]));
    const n = examples.length;

    // 1. Each question's distinct feature hashes and their counts, one flat array for all questions.
    let hashes = new Uint32Array(Math.max(1024, n * 96));
    let counts = new Uint16Array(hashes.length);
    const start = new Int32Array(n + 1);
    const table = new HashCounter(1 << 16);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const m = writeFeatureHashes((examples[i] as { tokens: readonly string[] }).tokens, minGram, maxGram);
      if (at + m > hashes.length) {
        const grown = new Uint32Array(Math.max(hashes.length * 2, at + m));
        grown.set(hashes);
        hashes = grown;
        const grownCounts = new Uint16Array(grown.length);
        grownCounts.set(counts);
        counts = grownCounts;
      }
      const own = scratchHashes.subarray(0, m).sort();
      start[i] = at;
      for (let j = 0; j < m; j++) {
        const h = own[j] as number;
        if (j > 0 && h === own[j - 1]) counts[at - 1] = (counts[at - 1] as number) + 1;
        else {
          hashes[at] = h;
          counts[at++] = 1;
          table.increment(h);
        }
      }
    }
    start[n] = at;

    // 2. Feature ids in the order first seen (deterministic), for the features frequent enough to keep.
    const idOf = new Int32Array(at).fill(-1);
    const idAtSlot = new Int32Array(table.capacity).fill(-1);
    const kept: number[] = [];
    const df: number[] = [];
    for (let j = 0; j < at; j++) {
      const slot = table.slotOf(hashes[j] as number);
      const count = table.countAt(slot);
      if (count < minDf) continue;
      let id = idAtSlot[slot] as number;
      if (id < 0) {
        id = kept.length;
        idAtSlot[slot] = id;
        kept.push(hashes[j] as number);
        df.push(count);
      }
      idOf[j] = id;
    }
    const features = new Map<number, number>();
    for (let f = 0; f < kept.length; f++) features.set(kept[f] as number, f);
    const idf = new Float32Array(features.size);
    for (let f = 0; f < idf.length; f++) idf[f] = Math.log((1 + n) / (1 + (df[f] as number))) + 1;

    // 3. L2-normalised TF-IDF vectors, flat.
    const vStart = new Int32Array(n + 1);
    const vIds = new Int32Array(at);
    const vValues = new Float32Array(at);
    let nnz = 0;
    for (let i = 0; i < n; i++) {
      vStart[i] = nnz;
      let norm = 0;
      for (let j = start[i] as number; j < (start[i + 1] as number); j++) {
        const id = idOf[j] as number;
        if (id < 0) continue;
        const tf = counts[j] as number;
        const v = (tf === 1 ? 1 : 1 + Math.log(tf)) * (idf[id] as number);
        vIds[nnz] = id;
        vValues[nnz++] = v;
        norm += v * v;
      }
      const scale = 1 / (Math.sqrt(norm) || 1);
      for (let j = vStart[i] as number; j < nnz; j++) vValues[j] = (vValues[j] as number) * scale;
    }
    vStart[n] = nnz;
    const labels = Int32Array.from(examples, (e) => classOf.get(e.intent) as number);

    // 4. Multinomial logistic regression by SGD in a seeded order, feature-major weights.
    const epochs = options.epochs ?? 4;
    const rate = options.learningRate ?? 3;
    const l2 = options.l2 ?? 0;
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const random = mulberry32(options.seed ?? 1);
    const weights = new Float32Array(features.size * K);
    const bias = new Float32Array(K);
    const out = new Float64Array(K);
    const grad = new Float32Array(K);
    const classes = new Int32Array(K);
    const skip = options.skipGradient ?? 1e-2;
    let t = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      // Fisher–Yates with the seeded generator: the same order on every machine.
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i] as number;
        order[i] = order[j] as number;
        order[j] = swap;
      }
      for (let o = 0; o < n; o++) {
        const i = order[o] as number;
        const eta = rate / (1 + t / n);
        t++;
        const from = vStart[i] as number;
        const to = vStart[i + 1] as number;
        for (let k = 0; k < K; k++) out[k] = bias[k] as number;
        for (let j = from; j < to; j++) {
          const base = (vIds[j] as number) * K;
          const v = vValues[j] as number;
          for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (weights[base + k] as number) * v;
        }
        let max = -Infinity;
        for (let k = 0; k < K; k++) if ((out[k] as number) > max) max = out[k] as number;
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const e = Math.exp((out[k] as number) - max);
          out[k] = e;
          sum += e;
        }
        const y = labels[i] as number;
        // Only the classes with a gradient worth applying: once a question is learned, most probabilities are ~0.
        let active = 0;
        for (let k = 0; k < K; k++) {
          const g = eta * ((out[k] as number) / sum - (k === y ? 1 : 0));
          bias[k] = (bias[k] as number) - g;
          if (g > skip || g < -skip) {
            grad[active] = g;
            classes[active++] = k;
          }
        }
        const decay = 1 - eta * l2;
        for (let j = from; j < to; j++) {
          const base = (vIds[j] as number) * K;
          const v = vValues[j] as number;
          if (decay !== 1) for (let k = 0; k < K; k++) weights[base + k] = (weights[base + k] as number) * decay;
          for (let a = 0; a < active; a++) {
            const w = base + (classes[a] as number);
            weights[w] = (weights[w] as number) - (grad[a] as number) * v;
          }
        }
      }
    }
    return new IntentClassifier(intents, features, idf, weights, bias, minGram, maxGram);
  }

  /** Intent probabilities of a question's canonical (role-masked) tokens. */
  predict(tokens: readonly string[]): Prediction {
    const out = new Float32Array(this.intents.length);
    const best = this.probabilities(tokens, out);
    const probs = new Map<Intent, number>();
    this.intents.forEach((intent, k) => probs.set(intent, out[k] as number));
    return { intent: this.intents[best] as Intent, p: out[best] as number, probs };
  }

  /**
   * The same probabilities written into `out`, in the order of {@link intents} (no map, no allocation); returns the
   * index of the most probable intent.
   */
  probabilities(tokens: readonly string[], out: Float32Array): number {
    const K = this.intents.length;
    // The known features, counted by id in reused scratch arrays (in the order first seen, as a bag would list
    // them), then weighed and scored: no map and no vector per question.
    const { table, counts } = this;
    let ids = this.scratchIds;
    let n = 0;
    const m = writeFeatureHashes(tokens, this.minGram, this.maxGram);
    const hashes = scratchHashes;
    for (let h = 0; h < m; h++) {
      const id = table.get(hashes[h] as number);
      if (id < 0) continue;
      if ((counts[id] as number) === 0) {
        if (n === ids.length) {
          const grown = new Int32Array(ids.length * 2);
          grown.set(ids);
          ids = grown;
        }
        ids[n++] = id;
      }
      counts[id] = (counts[id] as number) + 1;
    }
    this.scratchIds = ids;
    if (this.scratchValues.length < ids.length) this.scratchValues = new Float64Array(ids.length);
    const values = this.scratchValues;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const id = ids[j] as number;
      const tf = counts[id] as number;
      counts[id] = 0;
      const v = (tf === 1 ? 1 : 1 + Math.log(tf)) * (this.idf[id] as number);
      values[j] = v;
      norm += v * v;
    }
    const scale = 1 / (Math.sqrt(norm) || 1);
    const weights = this.weights;
    for (let k = 0; k < K; k++) out[k] = this.bias[k] as number;
    for (let j = 0; j < n; j++) {
      const base = (ids[j] as number) * K;
      const v = (values[j] as number) * scale;
      for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (weights[base + k] as number) * v;
    }
    softmaxInPlace(out);
    let best = 0;
    for (let k = 1; k < K; k++) if ((out[k] as number) > (out[best] as number)) best = k;
    return best;
  }

  toJSON(): SerializedClassifier {
    return {
      intents: [...this.intents],
      features: toBase64(Uint32Array.from(this.features.keys())),
      idf: toBase64(this.idf),
      weights: toBase64(this.weights),
      bias: [...this.bias],
      minGram: this.minGram,
      maxGram: this.maxGram,
    };
  }

  static fromJSON(data: SerializedClassifier): IntentClassifier {
    const features = new Map<number, number>();
    new Uint32Array(fromBase64(data.features).buffer).forEach((f, i) => features.set(f, i));
    const idf = fromBase64(data.idf);
    const weights = fromBase64(data.weights);
    if (
      idf.length !== features.size ||
      weights.length !== features.size * data.intents.length ||
      data.bias.length !== data.intents.length
    ) {
      throw new Error('classifier: serialized model does not fit together');
    }
    return new IntentClassifier(data.intents, features, idf, weights, Float32Array.from(data.bias), data.minGram, data.maxGram);
  }

  /** Number of features the model knows. */
  get size(): number {
    return this.features.size;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const fnv = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME) >>> 0;
function fnvString(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = fnv(h, text.charCodeAt(i));
  return h;
}
/** Hash seeds of the three kinds of feature, so a word and a character n-gram never share a key by construction. */
const WORD_SEED = fnv(FNV_OFFSET, 0x77);
const BIGRAM_SEED = fnv(FNV_OFFSET, 0x62);
const CHAR_SEED = fnv(FNV_OFFSET, 0x63);
/** Most tokens of one message the classifier reads: a question says what it asks for well before this. */
const MAX_TOKENS = 64;

let scratchHashes = new Uint32Array(1024);

/**
 * Writes the word, bigram and character n-gram hashes of canonical tokens into {@link scratchHashes} (repeats
 * included, in order) and returns how many there are.
 */
function writeFeatureHashes(tokens: readonly string[], minGram: number, maxGram: number): number {
  const count = Math.min(tokens.length, MAX_TOKENS);
  // Room for every feature up front: two per token, the n-grams of each word, and the end bigram.
  let room = 1;
  for (let t = 0; t < count; t++) room += 2 + ((tokens[t] as string).length + 2) * (maxGram - minGram + 1);
  if (scratchHashes.length < room) scratchHashes = new Uint32Array(room * 2);
  const out = scratchHashes;
  let m = 0;
  // The bigram key of the previous token ("^" at the start), hashed once per token rather than once per use.
  let previous = fnv(fnvString(BIGRAM_SEED, '^'), 32);
  for (let t = 0; t < count; t++) {
    const token = tokens[t] as string;
    out[m++] = fnvString(WORD_SEED, token);
    out[m++] = fnvString(previous, token);
    previous = fnv(fnvString(BIGRAM_SEED, token), 32);
    if (token === ROLE_TOKEN) continue;
    // The character n-grams of "<token>", read without building that string.
    const length = token.length + 2;
    for (let i = 0; i + minGram <= length; i++) {
      let h = CHAR_SEED;
      for (let n = 1; n <= maxGram && i + n <= length; n++) {
        const at = i + n - 1;
        h = fnv(h, at === 0 ? 60 : at === length - 1 ? 62 : token.charCodeAt(at - 1));
        if (n >= minGram) out[m++] = h;
      }
    }
  }
  if (count > 0) out[m++] = fnv(fnvString(previous, '$'), 0);
  return m;
}

/** Word, bigram and character n-gram counts of canonical tokens, keyed by hash. */
export function featureBag(tokens: readonly string[], minGram = 3, maxGram = 4): Map<number, number> {
  const bag = new Map<number, number>();
  const m = writeFeatureHashes(tokens, minGram, maxGram);
  for (let j = 0; j < m; j++) {
    const f = scratchHashes[j] as number;
    bag.set(f, (bag.get(f) ?? 0) + 1);
  }
  return bag;
}

/**
 * Feature hash → id, as an open-addressing table in typed arrays (linear probing): a question's ~100 lookups read two
 * arrays instead of a map of tens of thousands of entries.
 */
class FeatureTable {
  private readonly keys: Uint32Array;
  private readonly ids: Int32Array;
  private readonly mask: number;

  constructor(features: ReadonlyMap<number, number>) {
    let size = 16;
    while (size < features.size * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.ids = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (const [hash, id] of features) {
      let at = hash & this.mask;
      while ((this.ids[at] as number) >= 0) at = (at + 1) & this.mask;
      this.keys[at] = hash;
      this.ids[at] = id;
    }
  }

  /** The id of a feature hash, or -1 when the model does not know it. */
  get(hash: number): number {
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const id = this.ids[at] as number;
      if (id < 0 || this.keys[at] === hash) return id;
    }
  }
}

/** Counts of 32-bit keys in an open-addressing table (linear probing), growing as it fills. */
class HashCounter {
  private keys: Uint32Array;
  private values: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  increment(key: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.values[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    if (this.values[i] === 0) {
      this.keys[i] = key;
      this.size++;
    }
    this.values[i] = (this.values[i] as number) + 1;
  }

  get capacity(): number {
    return this.keys.length;
  }

  /** The slot of a key counted before (valid until the next increment). */
  slotOf(key: number): number {
    const mask = this.keys.length - 1;
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.values[i] !== 0 && this.keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  countAt(slot: number): number {
    return this.values[slot] as number;
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      if (values[j] === 0) continue;
      const key = keys[j] as number;
      let i = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      while (this.values[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.values[i] = values[j] as number;
    }
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_INDEX = new Uint8Array(128);
for (let i = 0; i < BASE64.length; i++) BASE64_INDEX[BASE64.charCodeAt(i)] = i;

/** Node's native base64 codec when present (no import: the core stays free of platform modules). */
const nativeBase64 = (
  globalThis as {
    Buffer?: {
      from(text: string, encoding: 'base64'): Uint8Array;
      from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string };
    };
  }
).Buffer;

/** Base64 of a typed array's bytes (little-endian, as every supported platform stores them). */
function toBase64(values: Float32Array | Uint32Array): string {
  if (nativeBase64) return nativeBase64.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >> 18) & 63] as string;
    out += BASE64[(n >> 12) & 63] as string;
    out += i + 1 < bytes.length ? (BASE64[(n >> 6) & 63] as string) : '=';
    out += i + 2 < bytes.length ? (BASE64[n & 63] as string) : '=';
  }
  return out;
}

function fromBase64(text: string): Float32Array {
  if (nativeBase64) {
    const bytes = nativeBase64.from(text, 'base64');
    if (bytes.byteLength % 4 !== 0) throw new Error('classifier: serialized array has a broken length');
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  if (bytes.length % 4 !== 0) throw new Error('classifier: serialized array has a broken length');
  const at = (i: number) => (i < end ? (BASE64_INDEX[text.charCodeAt(i) & 127] as number) : 0);
  let j = 0;
  for (let i = 0; i < end; i += 4) {
    const n = (at(i) << 18) | (at(i + 1) << 12) | (at(i + 2) << 6) | at(i + 3);
    if (j < bytes.length) bytes[j++] = (n >> 16) & 255;
    if (j < bytes.length) bytes[j++] = (n >> 8) & 255;
    if (j < bytes.length) bytes[j++] = n & 255;
  }
  return new Float32Array(bytes.buffer);
}

function softmaxInPlace(v: Float32Array): void {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let k = 0; k < v.length; k++) {
    const e = Math.exp((v[k] as number) - max);
    v[k] = e;
    sum += e;
  }
  for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) / sum;
}

/** A small seeded generator (mulberry32): deterministic shuffles without a dependency. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
