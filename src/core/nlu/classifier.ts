/**
 * The trained intent classifier: TF-IDF over words, word bigrams and trigrams and character 3–4-grams of each word, and
 * a multinomial logistic regression (softmax, averaged SGD) over them, trained from the questions in
 * `knowledge/intents/`.
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
  /** Starting learning rate, decayed as 1/(1 + t/(n·decayEpochs)). Default 3. */
  learningRate?: number;
  /** Passes over which the learning rate halves. Default 3 (5-fold CV with averaging: +4 joint turns over 1). */
  decayEpochs?: number;
  /**
   * First pass whose weights are averaged (averaged SGD, Polyak–Ruppert): the model is the mean of the weights after
   * every step from then on, not the last ones. Default 1 (5-fold CV: 0 and 2 the same, none −0.2 points of joint);
   * -1 keeps the last weights.
   */
  averageFrom?: number;
  /** Word trigrams besides words and bigrams. Default true (5-fold CV: +0.1–0.2 points of joint). */
  trigrams?: boolean;
  /**
   * Scale of the character n-grams against the word features in each vector (before it is L2-normalised). Default 0.7
   * (5-fold CV: 0.5 and 1 lower). Folded into the idf: no cost per question.
   */
  charScale?: number;
  /** The same for word bigrams and trigrams. Default 1 (0.7 and 1.5 measured lower or the same). */
  bigramScale?: number;
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

/** The serialized classifier's fields that are typed arrays. */
export type ModelArray = 'features' | 'idf' | 'weights';
/** Those arrays as typed arrays (how the knowledge snapshot hands them over). */
export interface ModelArrays {
  features: Uint32Array;
  idf: Float32Array;
  weights: Float32Array;
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
  /** Word trigrams are features (absent: model version 7 and before, without them). */
  trigrams?: boolean;
}

export class IntentClassifier {
  /** Ids of the features of the question being predicted, in the order first seen (reused between questions). */
  private scratchSlots = new Int32Array(256);
  private scratchValues = new Float64Array(256);
  /** Per feature id, its count in the question being predicted (zero between questions). */
  private readonly counts: Int32Array;
  /**
   * Per token already read: its FNV hash, then the ids of its word feature and of its character n-grams the model
   * knows, in the order {@link writeFeatureHashes} writes them (-1 for an unknown word feature). A token's own
   * features never depend on its neighbours, so they are hashed and looked up once, not per question (bounded).
   */
  private readonly tokenFeatures = new Map<string, Int32Array>();
  /** Feature hash → its id, the row in {@link rows} (see {@link FeatureTable}). */
  private readonly table: FeatureTable;
  /**
   * Per feature, its weights for every intent and its idf in one row of `K + 1` floats, so that a feature the question
   * has costs one table slot and one row: the memory a prediction reads, not arithmetic, is what it costs.
   */
  private readonly rows: Float32Array;
  private readonly stride: number;
  private readonly logits: Float64Array;

  private constructor(
    readonly intents: readonly Intent[],
    /** Feature hashes in id order (a feature's id is its index). */
    private readonly features: Uint32Array,
    idf: Float32Array,
    /** Feature-major weights: `weights[f * K + k]`. */
    weights: Float32Array,
    private readonly bias: Float32Array,
    private readonly minGram: number,
    private readonly maxGram: number,
    private readonly trigrams: boolean,
  ) {
    const K = intents.length;
    this.stride = K + 1;
    this.logits = new Float64Array(K);
    this.rows = new Float32Array(features.length * this.stride);
    const rows = this.rows;
    for (let f = 0, from = 0, to = 0; f < features.length; f++) {
      for (let k = 0; k < K; k++) rows[to++] = weights[from++] as number;
      rows[to++] = idf[f] as number;
    }
    this.table = new FeatureTable(features);
    this.counts = new Int32Array(features.length);
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
    const trigrams = options.trigrams ?? false;
    const charScale = options.charScale ?? 0.7;
    const bigramScale = options.bigramScale ?? 1;
    const intents = [...new Set(examples.map((e) => e.intent))].sort();
    const K = intents.length;
    const classOf = new Map(intents.map((intent, k) => [intent, k]));
    const n = examples.length;

    // 1. Each question's distinct feature hashes and their counts, one flat array for all questions.
    let hashes = new Uint32Array(Math.max(1024, n * 96));
    let counts = new Uint16Array(hashes.length);
    let kindOf = new Uint8Array(hashes.length);
    const start = new Int32Array(n + 1);
    const table = new HashCounter(1 << 16);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const m = writeFeatureHashes((examples[i] as { tokens: readonly string[] }).tokens, minGram, maxGram, trigrams, true);
      if (at + m > hashes.length) {
        const grown = new Uint32Array(Math.max(hashes.length * 2, at + m));
        grown.set(hashes);
        hashes = grown;
        const grownCounts = new Uint16Array(grown.length);
        grownCounts.set(counts);
        counts = grownCounts;
        const grownKinds = new Uint8Array(grown.length);
        grownKinds.set(kindOf);
        kindOf = grownKinds;
      }
      const own = sortWithKinds(m);
      start[i] = at;
      for (let j = 0; j < m; j++) {
        const h = own[j] as number;
        if (j > 0 && h === own[j - 1]) counts[at - 1] = (counts[at - 1] as number) + 1;
        else {
          hashes[at] = h;
          kindOf[at] = scratchKinds[j] as number;
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
    const keptKind: number[] = [];
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
        keptKind.push(kindOf[j] as number);
      }
      idOf[j] = id;
    }
    const features = Uint32Array.from(kept);
    const idf = new Float32Array(features.length);
    // The scale of each kind of feature is folded into its idf (a word counts 1).
    const kindScale = [1, bigramScale, charScale];
    for (let f = 0; f < idf.length; f++)
      idf[f] = (Math.log((1 + n) / (1 + (df[f] as number))) + 1) * (kindScale[keptKind[f] as number] as number);

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
    const weights = new Float32Array(features.length * K);
    const bias = new Float32Array(K);
    const out = new Float64Array(K);
    const grad = new Float32Array(K);
    const classes = new Int32Array(K);
    const skip = options.skipGradient ?? 1e-2;
    const decayEpochs = options.decayEpochs ?? 3;
    const averageFrom = options.averageFrom ?? 1;
    // Averaged SGD without touching every weight per step: the mean of the weights after each averaged step is
    // w − u / steps, where u sums (steps before this one) · update over the averaged steps.
    const averaged = averageFrom >= 0 && averageFrom < epochs;
    const sumW = averaged ? new Float32Array(weights.length) : undefined;
    const sumB = averaged ? new Float64Array(K) : undefined;
    let steps = 0;
    let t = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      // Fisher–Yates with the seeded generator: the same order on every machine.
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const swap = order[i] as number;
        order[i] = order[j] as number;
        order[j] = swap;
      }
      const averaging = averaged && epoch >= averageFrom;
      for (let o = 0; o < n; o++) {
        const i = order[o] as number;
        const eta = rate / (1 + t / (n * decayEpochs));
        t++;
        const past = averaging ? steps++ : 0;
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
          if (sumB && past > 0) sumB[k] = (sumB[k] as number) - past * g;
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
            const d = (grad[a] as number) * v;
            weights[w] = (weights[w] as number) - d;
            if (sumW && past > 0) sumW[w] = (sumW[w] as number) - past * d;
          }
        }
      }
    }
    if (sumW && sumB && steps > 0) {
      for (let w = 0; w < weights.length; w++) weights[w] = (weights[w] as number) - (sumW[w] as number) / steps;
      for (let k = 0; k < K; k++) bias[k] = (bias[k] as number) - (sumB[k] as number) / steps;
    }
    return new IntentClassifier(intents, features, idf, weights, bias, minGram, maxGram, trigrams);
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
    // The known features, counted by id (in the order first seen, as a bag would list them), then weighed and
    // scored: no map and no vector per question. The features are those of writeFeatureHashes, in its order: per
    // token its word, its bigram (and trigram) with the words before, its character n-grams; then the end bigram.
    const { table, rows, stride, counts } = this;
    let n = 0;
    const count = Math.min(tokens.length, MAX_TOKENS);
    // Room for every feature: a word, a bigram and a trigram per token, its character n-grams, the end bigram.
    let room = 1;
    for (let t = 0; t < count; t++) room += 3 + ((tokens[t] as string).length + 2) * (this.maxGram - this.minGram + 1);
    if (this.scratchSlots.length < room) this.scratchSlots = new Int32Array(room * 2);
    const seen = this.scratchSlots;
    let previous = START;
    let beforePrevious = START;
    for (let t = 0; t < count; t++) {
      const token = tokens[t] as string;
      const own = this.tokenFeatures.get(token) ?? this.readToken(token);
      const h = (own[0] as number) >>> 0;
      let id = own[1] as number;
      if (id >= 0) {
        if (counts[id] === 0) seen[n++] = id;
        counts[id] = (counts[id] as number) + 1;
      }
      id = table.idOf(mix(mix(BIGRAM_SEED, previous), h));
      if (id >= 0) {
        if (counts[id] === 0) seen[n++] = id;
        counts[id] = (counts[id] as number) + 1;
      }
      if (this.trigrams) {
        id = table.idOf(mix(mix(mix(TRIGRAM_SEED, beforePrevious), previous), h));
        if (id >= 0) {
          if (counts[id] === 0) seen[n++] = id;
          counts[id] = (counts[id] as number) + 1;
        }
      }
      beforePrevious = previous;
      previous = h;
      for (let j = 2; j < own.length; j++) {
        id = own[j] as number;
        if (counts[id] === 0) seen[n++] = id;
        counts[id] = (counts[id] as number) + 1;
      }
    }
    if (count > 0) {
      const id = table.idOf(mix(mix(BIGRAM_SEED, previous), END));
      if (id >= 0) {
        if (counts[id] === 0) seen[n++] = id;
        counts[id] = (counts[id] as number) + 1;
      }
    }
    if (this.scratchValues.length < seen.length) this.scratchValues = new Float64Array(seen.length);
    const values = this.scratchValues;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const id = seen[j] as number;
      const tf = counts[id] as number;
      counts[id] = 0;
      const row = id * stride;
      seen[j] = row;
      const v = (tf === 1 ? 1 : 1 + Math.log(tf)) * (rows[row + K] as number);
      values[j] = v;
      norm += v * v;
    }
    const scale = 1 / (Math.sqrt(norm) || 1);
    // Summed in doubles: a Float32Array would round at each of the ~1,000 additions.
    const logits = this.logits;
    for (let k = 0; k < K; k++) logits[k] = this.bias[k] as number;
    for (let j = 0; j < n; j++) {
      const row = seen[j] as number;
      const v = (values[j] as number) * scale;
      for (let k = 0; k < K; k++) logits[k] = (logits[k] as number) + (rows[row + k] as number) * v;
    }
    let best = 0;
    for (let k = 1; k < K; k++) if ((logits[k] as number) > (logits[best] as number)) best = k;
    const max = logits[best] as number;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((logits[k] as number) - max);
      logits[k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[k] = (logits[k] as number) / sum;
    return best;
  }

  /** A token's hash and the ids of its own features the model knows ({@link tokenFeatures}), worked out once. */
  private readToken(token: string): Int32Array {
    const h = fnvString(FNV_OFFSET, token);
    const ids: number[] = [h | 0, this.table.idOf(mix(WORD_SEED, h))];
    if (token !== ROLE_TOKEN) {
      // The character n-grams of "<token>", read without building that string.
      const length = token.length + 2;
      for (let i = 0; i + this.minGram <= length; i++) {
        let c = CHAR_SEED;
        for (let n = 1; n <= this.maxGram && i + n <= length; n++) {
          const at = i + n - 1;
          c = fnv(c, at === 0 ? 60 : at === length - 1 ? 62 : token.charCodeAt(at - 1));
          if (n >= this.minGram) {
            const id = this.table.idOf(c);
            if (id >= 0) ids.push(id);
          }
        }
      }
    }
    const own = Int32Array.from(ids);
    if (this.tokenFeatures.size >= 20_000) this.tokenFeatures.clear();
    this.tokenFeatures.set(token, own);
    return own;
  }

  toJSON(): SerializedClassifier {
    const K = this.intents.length;
    const F = this.features.length;
    const idf = new Float32Array(F);
    const weights = new Float32Array(F * K);
    for (let f = 0; f < F; f++) {
      weights.set(this.rows.subarray(f * this.stride, f * this.stride + K), f * K);
      idf[f] = this.rows[f * this.stride + K] as number;
    }
    return {
      intents: [...this.intents],
      features: toBase64(this.features),
      idf: toBase64(idf),
      weights: toBase64(weights),
      bias: [...this.bias],
      minGram: this.minGram,
      maxGram: this.maxGram,
      trigrams: this.trigrams,
    };
  }

  static fromJSON(data: SerializedClassifier): IntentClassifier {
    return IntentClassifier.fromArrays(data, {
      features: new Uint32Array(fromBase64(data.features).buffer),
      idf: fromBase64(data.idf),
      weights: fromBase64(data.weights),
    });
  }

  /**
   * The classifier from its serialized form's plain fields and its three arrays as typed arrays (the knowledge
   * snapshot holds their bytes: decoding them from base64 strings made from those same bytes cost the start ~2.9 MB of
   * strings and two passes over them). The arrays are only read: rows and table are copies.
   */
  static fromArrays(data: Omit<SerializedClassifier, ModelArray>, arrays: ModelArrays): IntentClassifier {
    const { features, idf, weights } = arrays;
    if (
      idf.length !== features.length ||
      weights.length !== features.length * data.intents.length ||
      data.bias.length !== data.intents.length
    ) {
      throw new Error('classifier: serialized model does not fit together');
    }
    return new IntentClassifier(
      data.intents,
      Uint32Array.from(features),
      idf,
      weights,
      Float32Array.from(data.bias),
      data.minGram,
      data.maxGram,
      data.trigrams ?? false,
    );
  }

  /** Number of features the model knows. */
  get size(): number {
    return this.features.length;
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const fnv = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME) >>> 0;
function fnvString(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = fnv(h, text.charCodeAt(i));
  return h;
}
/**
 * Two hashes into one, order-sensitive (murmur3's finaliser over a multiply-xor): word n-grams are built from each
 * word's hash, so a word's characters are read once however many n-grams it is part of.
 */
function mix(a: number, b: number): number {
  let x = (Math.imul(a, 0x9e3779b1) ^ b) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
/** Hash seeds of the kinds of feature, so a word, an n-gram of words and a character n-gram never share a key by construction. */
const WORD_SEED = fnv(FNV_OFFSET, 0x77);
const BIGRAM_SEED = fnv(FNV_OFFSET, 0x62);
const TRIGRAM_SEED = fnv(FNV_OFFSET, 0x74);
const CHAR_SEED = fnv(FNV_OFFSET, 0x63);
/** The hashes of the start and the end of a question, as words of n-grams. */
const START = fnvString(FNV_OFFSET, '^');
const END = fnvString(FNV_OFFSET, '$');
/** Most tokens of one message the classifier reads: a question says what it asks for well before this. */
const MAX_TOKENS = 64;

let scratchHashes = new Uint32Array(1024);
/** The kind of each hash in {@link scratchHashes} (0 word, 1 n-gram of words, 2 character n-gram), written when training. */
let scratchKinds = new Uint8Array(1024);

/**
 * Writes the word, bigram, trigram and character n-gram hashes of canonical tokens into {@link scratchHashes}
 * (repeats included, in order) and returns how many there are; with `kinds`, each one's kind into {@link scratchKinds}.
 */
function writeFeatureHashes(tokens: readonly string[], minGram: number, maxGram: number, trigrams: boolean, kinds: boolean): number {
  const count = Math.min(tokens.length, MAX_TOKENS);
  // Room for every feature up front: three per token, the n-grams of each word, and the end bigram.
  let room = 1;
  for (let t = 0; t < count; t++) room += 3 + ((tokens[t] as string).length + 2) * (maxGram - minGram + 1);
  if (scratchHashes.length < room) scratchHashes = new Uint32Array(room * 2);
  if (kinds && scratchKinds.length < scratchHashes.length) scratchKinds = new Uint8Array(scratchHashes.length);
  const out = scratchHashes;
  const kind = scratchKinds;
  let m = 0;
  let previous = START;
  let beforePrevious = START;
  for (let t = 0; t < count; t++) {
    const token = tokens[t] as string;
    const h = fnvString(FNV_OFFSET, token);
    if (kinds) {
      kind[m] = 0;
      kind[m + 1] = 1;
      if (trigrams) kind[m + 2] = 1;
    }
    out[m++] = mix(WORD_SEED, h);
    out[m++] = mix(mix(BIGRAM_SEED, previous), h);
    if (trigrams) out[m++] = mix(mix(mix(TRIGRAM_SEED, beforePrevious), previous), h);
    beforePrevious = previous;
    previous = h;
    if (token === ROLE_TOKEN) continue;
    // The character n-grams of "<token>", read without building that string.
    const length = token.length + 2;
    for (let i = 0; i + minGram <= length; i++) {
      let c = CHAR_SEED;
      for (let n = 1; n <= maxGram && i + n <= length; n++) {
        const at = i + n - 1;
        c = fnv(c, at === 0 ? 60 : at === length - 1 ? 62 : token.charCodeAt(at - 1));
        if (n >= minGram) {
          if (kinds) kind[m] = 2;
          out[m++] = c;
        }
      }
    }
  }
  if (count > 0) {
    if (kinds) kind[m] = 1;
    out[m++] = mix(mix(BIGRAM_SEED, previous), END);
  }
  return m;
}

/**
 * Sorts the first `m` hashes of {@link scratchHashes} in place, each keeping its kind in {@link scratchKinds}
 * (hash · 4 + kind is exact in a double: one native numeric sort of a typed array), and returns them.
 */
function sortWithKinds(m: number): Uint32Array {
  if (packed.length < m) packed = new Float64Array(m * 2);
  const keys = packed.subarray(0, m);
  for (let j = 0; j < m; j++) keys[j] = (scratchHashes[j] as number) * 4 + (scratchKinds[j] as number);
  keys.sort();
  for (let j = 0; j < m; j++) {
    const key = keys[j] as number;
    const kind = key % 4;
    scratchKinds[j] = kind;
    scratchHashes[j] = (key - kind) / 4;
  }
  return scratchHashes.subarray(0, m);
}
let packed = new Float64Array(1024);

/** Word, n-gram of words and character n-gram counts of canonical tokens, keyed by hash (the shipped features). */
export function featureBag(tokens: readonly string[], minGram = 3, maxGram = 4, trigrams = true): Map<number, number> {
  const bag = new Map<number, number>();
  const m = writeFeatureHashes(tokens, minGram, maxGram, trigrams, false);
  for (let j = 0; j < m; j++) {
    const f = scratchHashes[j] as number;
    bag.set(f, (bag.get(f) ?? 0) + 1);
  }
  return bag;
}

/**
 * Feature hash → id, as an open-addressing table (linear probing) of slots of two 32-bit integers, the hash and the
 * feature's id + 1 (0 in an empty slot, so a new table needs no filling), so a lookup reads one cache line.
 */
class FeatureTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `features[id]` is the hash of feature `id`. */
  constructor(features: Uint32Array) {
    let size = 16;
    while (size < features.length * 2) size *= 2;
    const slots = new Int32Array(size * 2);
    const mask = size - 1;
    for (let id = 0; id < features.length; id++) {
      const hash = features[id] as number;
      let at = hash & mask;
      while ((slots[at * 2 + 1] as number) !== 0) at = (at + 1) & mask;
      slots[at * 2] = hash | 0;
      slots[at * 2 + 1] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  /** The id of a feature hash, or -1 when the model does not know it. */
  idOf(hash: number): number {
    const key = hash | 0;
    const slots = this.slots;
    for (let at = hash & this.mask; ; at = (at + 1) & this.mask) {
      const id = slots[at * 2 + 1] as number;
      if (id === 0) return -1;
      if (slots[at * 2] === key) return id - 1;
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
