/**
 * Finds the roles a question names. Every role is known by several names (slug, title, aliases); each name is a bag
 * of canonical tokens weighted by how rare the token is across roles, so "staff" or "infra" decide and "ml" or
 * "architect" only confirm. A name is matched when enough of its weight appears in the question (exactly, as a
 * shorthand, or with a typo); mentions are ordered by where their most distinctive word stands, which keeps
 * "lead vs staff" in the order asked.
 */
import type { Role } from '../types.ts';
import { normalizeText } from './normalize.ts';
import { canonicalTokens, LONG_FORMS } from './vocabulary.ts';
import { countBuild } from '../builds.ts';
import { wordMatch } from './fuzzy.ts';
import { THRESHOLDS } from './thresholds.ts';
import { compareText } from '../collate.ts';

/** Words that never identify a role. */
const STOPWORDS = new Set([
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
  'vs',
  'v',
  'is',
  'are',
  'do',
  'does',
  'what',
  'how',
  'much',
  'me',
  'my',
  'i',
  'you',
  'your',
  'it',
  'that',
  'this',
  'with',
  'be',
  'as',
  'about',
  // German "man" (one: "braucht man…"), not a shorthand of manager; the job market, not marketing.
  'man',
  'market',
]);

/** Words of free text never read as a typo of a role word, which a command's role name may be ("role stuff" → staff). */
const FREE_TEXT_WORDS = new Set(['stuff']);

/** One question word looked up: its position, a vocabulary token it stands for (and that token's id), how well. */
interface Looked {
  position: number;
  token: string;
  id: number;
  q: number;
}

/** The best name of a role for a question: its score, and (worked out when asked, see {@link details}) where it stands. */
interface Scored {
  name: RoleName;
  score: number;
  /** The most distinctive word matched exactly. */
  keyMatched: boolean;
  /** The most distinctive word matched at all (a typo counts). */
  keyHit: boolean;
  /** The question's looked-up words, for {@link details}. */
  looked: readonly Looked[];
  /** Placements of this question's names by which of their tokens it holds (shared by every name of one question). */
  placed: Map<number, Placed[]>;
  placement: Placement | undefined;
}

/** Which occurrence of each of a name's tokens a question's placement uses ({@link placeName}), by token index. */
interface Hit {
  quality: number[];
  pos: number[];
}

/** Where a name's words stand in a question: the same for every name with the same tokens present (never mutated). */
interface Where extends Hit {
  positions: number[];
  span: number;
  /** Positions matched exactly (not by typo or shorthand, not implied). */
  exactPositions: number[];
  /** Words of the question between the name's words that are not the name's (0 when they stand together). */
  gaps: number;
  /** Pairs of the name's words that stand in the question in the opposite order. */
  inversions: number;
}

/**
 * One placement of a question, and the names it stands for: per token of the name, the token's id where the question
 * holds it, -1 where not (kept in {@link Scored.placed} under a hash of that pattern).
 */
interface Placed {
  pattern: Int32Array;
  where: Where;
}

/** Where a name's words stand in a question, and the position of its most distinctive word found. */
interface Placement {
  where: Where;
  anchor: number;
}

interface RoleName {
  /** Position in {@link RoleMatcher.names}: the numeric id the typed arrays use. */
  id: number;
  /** First slot of this name's tokens in the matcher's per-question quality array. */
  offset: number;
  role: Role;
  tokens: string[];
  /** The tokens' vocabulary ids, in the same order. */
  tokenIds: number[];
  weights: number[];
  total: number;
  /** Index of the token with the highest weight. */
  key: number;
  /** The same for every name with the same set of tokens (their words stand in the same places in any question). */
  signature: string;
}

/** One role found in a question. */
export interface RoleMention {
  slug: string;
  /** 0..1: share of the name's weight found in the question. */
  score: number;
  /** Position (in canonical tokens) of the mention's most distinctive word. */
  anchor: number;
  positions: number[];
}

export interface FindOptions {
  /** Slugs from the conversation so far: they win ties, and a bare "lead" may name a role in a follow-up. */
  context?: readonly string[];
  /** Accept thinner matches (a single distinctive word), as in "what about a lead?" or "lead vs staff". */
  lenient?: boolean;
  /**
   * Words the conversation implies but the question leaves out (the names of the roles in context): "what about a
   * lead?" after a staff ML architect question reads as "lead ML architect". Roles are never anchored on them.
   */
  implied?: readonly string[];
  /** A member's own words, not a command's role name: everyday words ("stuff") are not read as typos of role words. */
  freeText?: boolean;
}

/** A vocabulary token a question word stands for: the token, how well (1 exactly, 0.8 a shorthand or typo), its id. */
type Found = readonly [token: string, q: number, id: number];
const NOT_FOUND: readonly Found[] = [];
/** The conversation's roles when there is no conversation. */
const NO_CONTEXT: ReadonlySet<string> = new Set();

/** One token's postings: the names that contain it, as pairs (name id, token index), in name order. */
interface Postings {
  pairs: Int32Array;
  /** The token's share of each name's weight, pair by pair. */
  shares: Float64Array;
}

const defaultMatchThreshold = THRESHOLDS.roleMatch;
/** In lenient reading, what a role of the conversation adds to its score when ranked against near-ties. */
const CONTEXT_BONUS = 0.05;
const defaultLenientThreshold = THRESHOLDS.roleLenient;

export class RoleMatcher {
  private readonly names: RoleName[] = [];
  /** Canonical token → the names that contain it (inverted index over numeric name ids). */
  private readonly byToken = new Map<string, Postings>();
  /** Numeric id of each vocabulary token, and its postings by id. */
  private readonly tokenIds = new Map<string, number>();
  private readonly postings: Postings[] = [];
  /** Per name id (struct of arrays): first slot, number of tokens, total weight. */
  private readonly nameOffset: Int32Array;
  private readonly nameLength: Int32Array;
  private readonly nameTotal: Float64Array;
  /** Per name id, per question: an upper bound of its score, summed from the postings (see {@link score}). */
  private readonly bound: Float64Array;
  /** Per slot: the token id and weight of each name token. */
  private readonly slotToken: Int32Array;
  private readonly slotWeight: Float64Array;
  /** Vocabulary tokens by first letter, in index order: a typo or shorthand keeps the first letter (fuzzy.ts). */
  private readonly byInitial = new Map<string, string[]>();
  /** Per-question scratch, reused: best match quality of every name token, by slot. */
  private readonly quality: Float64Array;
  /** Which question last touched each name ({@link epoch}): its accumulator is zeroed on its first touch per question. */
  private readonly stamp: Uint32Array;
  private epoch = 0;
  /** Per name, the first looked-up word of the question that matched it: the result order of a full scan. */
  private readonly firstKey: Int32Array;
  /** Names touched by the question, in order. */
  private readonly touched: Int32Array;
  private readonly fuzzyCache = new Map<string, Found[]>();
  /** Per vocabulary token, its one exact lookup ({@link lookup}), made once. */
  private readonly exact = new Map<string, readonly Found[]>();
  /** Per token id, per question: the best quality a word of the question has for it (valid where stamped). */
  private readonly tokenBest: Float64Array;
  private readonly tokenStamp: Uint32Array;
  /** The token ids the question's words stand for, in the order first looked up. */
  private readonly tokenList: Int32Array;
  /** Per name id, per question: its exact score (for the names kept by pass 2). */
  private readonly nameScore: Float64Array;
  /** Every role, full profiles first then by title: the autocomplete's order, sorted once. */
  private readonly ordered: Role[];
  /** Each role's slug, title and aliases normalised once, for autocomplete. */
  private readonly normalized = new Map<Role, { slug: string; title: string; aliases: string[] }>();

  constructor(roles: readonly Role[]) {
    countBuild('role-matcher');
    const lists = roles.map((role) => {
      const seen = new Set<string>();
      const names: string[][] = [];
      for (const text of [role.slug.replace(/-/g, ' '), role.title, ...role.aliases]) {
        const tokens = [...new Set(canonicalTokens(text).filter((t) => !STOPWORDS.has(t)))];
        const key = tokens.join(' ');
        if (tokens.length > 0 && !seen.has(key)) {
          seen.add(key);
          names.push(tokens);
        }
      }
      return names;
    });
    const df = new Map<string, number>();
    for (const names of lists) for (const token of new Set(names.flat())) df.set(token, (df.get(token) ?? 0) + 1);
    const n = roles.length;
    const lists2 = new Map<string, number[]>();
    let slots = 0;
    roles.forEach((role, r) => {
      for (const tokens of lists[r] ?? []) {
        const weights = tokens.map((t) => Math.log(1 + n / (df.get(t) ?? 1)));
        let key = 0;
        weights.forEach((w, i) => {
          if (w > (weights[key] ?? 0)) key = i;
        });
        const name: RoleName = {
          id: this.names.length,
          offset: slots,
          role,
          tokens,
          tokenIds: [],
          weights,
          total: weights.reduce((a, b) => a + b, 0),
          key,
          signature: [...tokens].sort().join(' '),
        };
        slots += tokens.length;
        this.names.push(name);
        tokens.forEach((token, index) => {
          const list = lists2.get(token) ?? [];
          list.push(name.id, index);
          lists2.set(token, list);
        });
      }
    });
    for (const [token, pairs] of lists2) {
      const shares = new Float64Array(pairs.length / 2);
      for (let i = 0; i < pairs.length; i += 2) {
        const name = this.names[pairs[i] as number] as RoleName;
        shares[i / 2] = (name.weights[pairs[i + 1] as number] as number) / name.total;
      }
      const postings: Postings = { pairs: Int32Array.from(pairs), shares };
      this.byToken.set(token, postings);
      this.exact.set(token, [[token, 1, this.postings.length]]);
      this.tokenIds.set(token, this.postings.length);
      this.postings.push(postings);
      const first = token[0] ?? '';
      const bucket = this.byInitial.get(first) ?? [];
      bucket.push(token);
      this.byInitial.set(first, bucket);
    }
    this.ordered = [...roles].sort((a, b) => prefer(b, new Set()) - prefer(a, new Set()) || compareText(a.title, b.title));
    for (const role of roles)
      this.normalized.set(role, {
        slug: normalizeText(role.slug),
        title: normalizeText(role.title),
        aliases: role.aliases.map(normalizeText),
      });
    this.quality = new Float64Array(slots);
    this.nameOffset = Int32Array.from(this.names, (name) => name.offset);
    this.nameLength = Int32Array.from(this.names, (name) => name.tokens.length);
    this.nameTotal = Float64Array.from(this.names, (name) => name.total);
    this.slotToken = new Int32Array(slots);
    this.slotWeight = new Float64Array(slots);
    for (const name of this.names) {
      name.tokens.forEach((token, i) => {
        this.slotToken[name.offset + i] = this.tokenIds.get(token) as number;
        name.tokenIds.push(this.tokenIds.get(token) as number);
        this.slotWeight[name.offset + i] = name.weights[i] as number;
      });
    }
    this.stamp = new Uint32Array(this.names.length);
    this.bound = new Float64Array(this.names.length);
    this.firstKey = new Int32Array(this.names.length);
    this.touched = new Int32Array(this.names.length);
    this.nameScore = new Float64Array(this.names.length);
    this.tokenBest = new Float64Array(this.postings.length);
    this.tokenStamp = new Uint32Array(this.postings.length);
    this.tokenList = new Int32Array(this.postings.length);
  }

  /** Vocabulary words a question word stands for, with match quality. */
  private lookup(word: string): readonly Found[] {
    const exact = this.exact.get(word);
    if (exact) return exact;
    if (word.length < 3 || STOPWORDS.has(word) || /^\d/.test(word)) return NOT_FOUND;
    const cached = this.fuzzyCache.get(word);
    if (cached) return cached;
    const found: Found[] = [];
    for (const token of this.byInitial.get(word[0] ?? '') ?? []) {
      const q = wordMatch(word, token);
      if (q > 0) found.push([token, q, this.tokenIds.get(token) as number]);
    }
    // A typo of a long form that canonicalises to a short one: "infrastucture" → infra.
    for (const [long, short] of LONG_FORMS) {
      if (this.byToken.has(short) && !found.some(([t]) => t === short) && wordMatch(word, long) > 0)
        found.push([short, 0.8, this.tokenIds.get(short) as number]);
    }
    if (this.fuzzyCache.size > 5_000) this.fuzzyCache.clear();
    this.fuzzyCache.set(word, found);
    return found;
  }

  /**
   * Scores every role name against canonical question tokens; returns the best name per role (highest score, then the
   * more compact reading). A name's score is known from the first pass alone; where its words stand in the question
   * (positions, anchor, span) is worked out only for the names a caller looks at ({@link details}).
   */
  private score(tokens: readonly string[], asked = tokens.length, min = 0, freeText = false): Map<Role, Scored> {
    // The question's words looked up in the vocabulary (exactly, as a shorthand, or with a typo).
    const looked: Looked[] = [];
    for (let position = 0; position < tokens.length; position++) {
      // Words only implied by the conversation count half: what the person typed decides.
      const factor = position < asked ? 1 : 0.5;
      const word = tokens[position] as string;
      // (In free text "ML stuff" is no staff ML architect; a command's role name, "role stuff", may still be a typo.)
      const found = freeText && FREE_TEXT_WORDS.has(word) ? NOT_FOUND : this.lookup(word);
      for (const [token, q, id] of found) looked.push({ position, token, id, q: q * factor });
    }
    // Pass 1, over postings only: each name's share of weight found, summing every distinct token's share times
    // its best quality in the question. That is the name's score up to rounding; the names that cannot reach `min`
    // stop here, and the rest get their exact per-token qualities and score (pass 2), summed in name order.
    this.epoch = (this.epoch + 1) >>> 0 || 1;
    const { quality, stamp, touched, firstKey, slotToken, slotWeight, nameOffset, nameLength, nameTotal, bound, epoch } = this;
    // Each distinct token's best quality, tokens in the order first looked up (reused arrays, stamped per question).
    const { tokenBest, tokenStamp, tokenList, nameScore } = this;
    let distinct = 0;
    for (const { id, q } of looked) {
      if (tokenStamp[id] !== epoch) {
        tokenStamp[id] = epoch;
        tokenBest[id] = q;
        tokenList[distinct++] = id;
      } else if (q > (tokenBest[id] as number)) tokenBest[id] = q;
    }
    let count = 0;
    for (let d = 0; d < distinct; d++) {
      const tokenId = tokenList[d] as number;
      const q = tokenBest[tokenId] as number;
      const { pairs, shares } = this.postings[tokenId] as Postings;
      for (let i = 0; i < pairs.length; i += 2) {
        const id = pairs[i] as number;
        if (stamp[id] !== epoch) {
          stamp[id] = epoch;
          bound[id] = 0;
          touched[count++] = id;
        }
        bound[id] = (bound[id] as number) + (shares[i >> 1] as number) * q;
      }
    }
    // Pass 2, for the names that can count: the best quality of each of their tokens, and the first looked-up word
    // that matched (the order a question's words reach them).
    const candidates: number[] = [];
    for (let t = 0; t < count; t++) {
      const id = touched[t] as number;
      if ((bound[id] as number) < min - 1e-9) continue; // (the margin covers rounding)
      const offset = nameOffset[id] as number;
      const length = nameLength[id] as number;
      for (let i = 0; i < length; i++) quality[offset + i] = 0;
      firstKey[id] = -1;
      for (let k = 0; k < looked.length; k++) {
        const hit = looked[k] as Looked;
        for (let i = 0; i < length; i++) {
          if (slotToken[offset + i] !== hit.id) continue;
          if (firstKey[id] === -1) firstKey[id] = k;
          if (hit.q > (quality[offset + i] as number)) quality[offset + i] = hit.q;
          break;
        }
      }
      candidates.push(id);
    }
    // The names that can still count, in the order a full scan would touch them.
    const kept: number[] = [];
    for (const id of candidates) {
      const offset = nameOffset[id] as number;
      let weight = 0;
      for (let i = 0; i < (nameLength[id] as number); i++) weight += (slotWeight[offset + i] as number) * (quality[offset + i] as number);
      const score = weight / (nameTotal[id] as number);
      if (score < min) continue;
      kept.push(id);
      nameScore[id] = score;
    }
    // (In the order of the first word that reached them, then by id: a few names, sorted in place.)
    for (let i = 1; i < kept.length; i++) {
      const id = kept[i] as number;
      const key = firstKey[id] as number;
      let j = i;
      for (; j > 0; j--) {
        const other = kept[j - 1] as number;
        const otherKey = firstKey[other] as number;
        if (otherKey < key || (otherKey === key && other < id)) break;
        kept[j] = other;
      }
      kept[j] = id;
    }
    const best = new Map<Role, Scored>();
    if (kept.length === 0) return best;
    const placed = new Map<number, Placed[]>();
    for (const id of kept) {
      const name = this.names[id] as RoleName;
      const score = nameScore[id] as number;
      const keyQuality = quality[name.offset + name.key] as number;
      const previous = best.get(name.role);
      const entry: Scored = { name, score, keyMatched: keyQuality === 1, keyHit: keyQuality > 0, looked, placed, placement: undefined };
      // Of two names that match equally well, the more compact reading wins ("senior ML engineer" over a title whose
      // words are scattered across the question), and of two equally compact ones the longer name (all of "senior AI
      // application engineer" over "senior AI engineer", whose "AI" may be another role's).
      if (
        !previous ||
        score > previous.score + 1e-9 ||
        (Math.abs(score - previous.score) <= 1e-9 && name.signature !== previous.name.signature && betterPlaced(entry, previous))
      ) {
        best.set(name.role, entry);
      }
    }
    return best;
  }

  /** The roles a question names, in the order it names them. */
  find(text: string, options: FindOptions = {}): RoleMention[] {
    return this.findTokens(canonicalTokens(text), options);
  }

  findTokens(tokens: readonly string[], options: FindOptions = {}): RoleMention[] {
    const context: ReadonlySet<string> = options.context ? new Set(options.context) : NO_CONTEXT;
    const lenient = options.lenient === true;
    const asked = tokens.length;
    // Implied words the question typed itself are left out: "the senior one" after junior and senior ML engineer must
    // place "senior" where it was typed, not among the implied words of a context title.
    const all = lenient && options.implied ? [...tokens, ...options.implied.filter((t) => !tokens.includes(t))] : tokens;
    // In lenient reading a bare modifier ("lead") most likely means one of the full profiles, the bot's main subjects.
    // And a role of the conversation beats a near-tie that the implied words lift ("the senior one" after junior and
    // senior ML engineer is not the senior AI engineer, whose "AI" the context implies).
    const rankOf = (c: { score: number; role: Role }) =>
      c.score + (lenient && c.role.kind === 'profile' ? 0.1 : 0) + (lenient && context.has(c.role.slug) ? CONTEXT_BONUS : 0);
    // Filtered on the score first: only the names that can count are placed in the question.
    const candidates = [...this.score(all, asked, lenient ? defaultLenientThreshold : defaultMatchThreshold, options.freeText === true)]
      .filter(([, c]) => c.score >= defaultMatchThreshold || (lenient && c.keyMatched && c.score >= defaultLenientThreshold))
      .map(([role, s]) => {
        const { where, anchor } = details(s);
        return {
          role,
          name: s.name,
          score: s.score,
          where,
          anchor,
          positions: where.positions.filter((p) => p < asked),
          gaps: where.gaps,
          inversions: where.inversions,
        };
      })
      .filter((c) => c.anchor >= 0 && c.anchor < asked)
      // Of equal scores, a name whose words stand together first: in "junior ML engineer, entry level AI engineer,
      // senior AI application engineer" no role is pieced from the others' words before they are read.
      .sort(
        (a, b) =>
          rankOf(b) - rankOf(a) ||
          prefer(b.role, context) - prefer(a.role, context) ||
          a.gaps - b.gaps ||
          a.inversions - b.inversions ||
          b.positions.length - a.positions.length,
      );

    const accepted: typeof candidates = [];
    const covered = new Set<number>();
    for (const c of candidates) {
      // A second role needs words of its own, and at least one typed exactly: "stuff" next to "ML systems
      // architect" is not a typo of "staff".
      const own = c.positions.filter((p) => !covered.has(p));
      if (own.length === 0) continue;
      // A longer name over the same words and one more beside them, typo and all, is the better reading:
      // "multimodel AI research scientist" is the multimodal one, not the AI research scientist.
      const shorter = accepted.find((a) => a.positions.every((p) => c.positions.includes(p)));
      if (shorter && c.score >= defaultMatchThreshold && c.gaps === 0 && c.positions.length > shorter.positions.length) {
        accepted[accepted.indexOf(shorter)] = c;
        for (const p of c.positions) covered.add(p);
        continue;
      }
      if (accepted.length > 0) {
        if (!own.some((p) => c.where.exactPositions.includes(p))) continue;
        // …and those words must say something: a lone "AI" elsewhere in the sentence is not a second role.
        if (own.reduce((sum, p) => sum + shareAt(c.name, c.where, p), 0) < 0.3) continue;
      }
      // A near-tie on the same words with no exact name is a guess: leave it to "did you mean".
      const rival = candidates.find((o) => o !== c && o.anchor === c.anchor && c.score - o.score < 0.02 && !accepted.includes(o));
      if (rival && c.score < 1 && prefer(c.role, context) === prefer(rival.role, context)) continue;
      accepted.push(c);
      for (const p of c.positions) covered.add(p);
    }
    // Order by the first word only that mention has: "lead vs staff ML architect" keeps lead first.
    const firstOwn = new Map(
      accepted.map((c) => {
        const own = c.positions.filter((p) => !accepted.some((o) => o !== c && o.positions.includes(p)));
        return [c, own.length > 0 ? Math.min(...own) : c.anchor];
      }),
    );
    return accepted
      .sort((a, b) => (firstOwn.get(a) ?? 0) - (firstOwn.get(b) ?? 0))
      .map((c) => ({ slug: c.role.slug, score: c.score, anchor: c.anchor, positions: c.positions }));
  }

  /** Roles whose names come close to the question, best first: for "did you mean …". */
  nearest(text: string, limit = 3): Role[] {
    return this.nearestTokens(canonicalTokens(text), limit);
  }

  nearestTokens(tokens: readonly string[], limit = 3): Role[] {
    const scored = [...this.score(tokens, undefined, THRESHOLDS.roleNearest)]
      .filter(([, s]) => s.score >= THRESHOLDS.roleNearest && s.keyHit)
      .sort((a, b) => b[1].score - a[1].score || prefer(b[0], new Set()) - prefer(a[0], new Set()));
    return scored.slice(0, limit).map(([role]) => role);
  }

  /**
   * Ranked roles for autocomplete: exact slug or title, then alias, then prefix, then words anywhere, then fuzzy.
   * Empty input lists the full profiles first.
   */
  complete(input: string, limit = 25): Role[] {
    const query = normalizeText(input);
    const ordered = this.ordered;
    if (query === '') return ordered.slice(0, limit);
    const rank = (role: Role): number => {
      const { slug, title, aliases } = this.normalized.get(role) as { slug: string; title: string; aliases: string[] };
      if (slug === query || title === query) return 0;
      if (aliases.includes(query)) return 1;
      if (slug.startsWith(query) || title.startsWith(query)) return 2;
      if (aliases.some((a) => a.startsWith(query))) return 3;
      if ([slug, title, ...aliases].some((n) => n.includes(query))) return 4;
      return 9;
    };
    const fuzzy = new Map(this.score(canonicalTokens(input), undefined, 0.3).entries());
    return ordered
      .map((role) => {
        let r = rank(role);
        const s = fuzzy.get(role)?.score ?? 0;
        if (r === 9 && s >= 0.3) r = 5 + (1 - s);
        return { role, r };
      })
      .filter((x) => x.r < 9)
      .sort((a, b) => a.r - b.r)
      .slice(0, limit)
      .map((x) => x.role);
  }
}

/** Tie-break weight: roles in the conversation first, then full profiles. */
function prefer(role: Role, context: ReadonlySet<string>): number {
  return (context.has(role.slug) ? 2 : 0) + (role.kind === 'profile' ? 1 : 0);
}

/** Of two names of one role with the same score: fewer words between theirs, then more of them found. */
function betterPlaced(entry: Scored, previous: Scored): boolean {
  const [a, b] = [details(entry).where, details(previous).where];
  if (a.gaps !== b.gaps) return a.gaps < b.gaps;
  // Then the reading whose words stand in the name's order: in "senior MLE, senior AI application engineer" the
  // senior ML engineer is "senior ML engineer" at the start, not "senior AI ML engineer" pieced backwards.
  if (a.inversions !== b.inversions) return a.inversions < b.inversions;
  return a.positions.length > b.positions.length || (a.positions.length === b.positions.length && a.span < b.span);
}

/** Pairs of a name's words that stand in the question in the opposite order. */
function inversions(p: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < p.length; i++) for (let j = i + 1; j < p.length; j++) if ((p[i] as number) > (p[j] as number)) n++;
  return n;
}

/** Share of a name's weight carried by a position of the question (the last of its tokens placed there). */
function shareAt(name: RoleName, where: Where, position: number): number {
  for (let i = where.pos.length - 1; i >= 0; i--) if (where.pos[i] === position) return (name.weights[i] ?? 0) / name.total;
  return 0;
}

/** Scratch for {@link details}: which of a name's tokens the question holds (their ids, -1 where absent). */
let pattern = new Int32Array(16);

/** Where the words of a scored name stand in the question (worked out once, when first asked). */
function details(scored: Scored): Placement {
  if (scored.placement) return scored.placement;
  const name = scored.name;
  const tokens = name.tokens;
  // Which occurrences a name's tokens take depends only on which of them the question holds, in the name's order
  // (absent ones have no occurrence): names that share those ("… ML Systems Architect" under domains the question
  // does not name) are placed once per question.
  const looked = scored.looked;
  if (pattern.length < tokens.length) pattern = new Int32Array(tokens.length * 2);
  let key = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const id = name.tokenIds[i] as number;
    let present = false;
    for (let k = 0; k < looked.length; k++)
      if ((looked[k] as Looked).id === id) {
        present = true;
        break;
      }
    pattern[i] = present ? id : -1;
    key = (Math.imul(key, 0x01000193) ^ (present ? id : -1)) | 0;
  }
  const known = scored.placed.get(key);
  let where: Where | undefined;
  if (known) {
    for (const p of known) {
      if (p.pattern.length !== tokens.length) continue;
      let same = true;
      for (let i = 0; i < tokens.length && same; i++) same = p.pattern[i] === pattern[i];
      if (same) {
        where = p.where;
        break;
      }
    }
  }
  if (!where) {
    // Every position that matches each token, and how well.
    const occ: Array<Array<[number, number]>> = tokens.map(() => []);
    for (const { position, token, q } of scored.looked) {
      const index = tokens.indexOf(token);
      if (index >= 0) occ[index]?.push([position, q]);
    }
    const { quality, pos } = placeName(occ);
    const positions = pos.filter((p) => p >= 0);
    const span = positions.length > 0 ? Math.max(...positions) - Math.min(...positions) : 0;
    where = {
      quality,
      pos,
      positions,
      span,
      exactPositions: pos.filter((p, i) => p >= 0 && quality[i] === 1),
      gaps: positions.length === 0 ? 0 : span + 1 - positions.length,
      inversions: inversions(positions),
    };
    const entry = { pattern: pattern.slice(0, tokens.length), where };
    if (known) known.push(entry);
    else scored.placed.set(key, [entry]);
  }
  let anchorWeight = -1;
  let anchor = -1;
  const { quality, pos } = where;
  for (let i = 0; i < quality.length; i++) {
    const q = quality[i] as number;
    const w = (name.weights[i] ?? 0) * q;
    if (q > 0 && w > anchorWeight) {
      anchorWeight = w;
      anchor = pos[i] ?? -1;
    }
  }
  scored.placement = { where, anchor };
  return scored.placement;
}

/**
 * Picks, for each token of a name, which of its occurrences in the question to use: the best-matching ones, placed in
 * the smallest window, so "senior AI engineer vs senior ML engineer" reads as two compact names.
 */
function placeName(occ: ReadonlyArray<ReadonlyArray<[number, number]>>): Hit {
  // The best quality of each token and its first occurrence; most names have one best occurrence per token, and
  // then that is the placement (no window to look for, no lists built).
  const quality: number[] = [];
  const pos: number[] = [];
  let several = false;
  for (const list of occ) {
    let best = 0;
    for (const [, q] of list) best = Math.max(best, q);
    let first = -1;
    let ties = 0;
    for (const [p, q] of list)
      if (q === best) {
        if (first === -1) first = p;
        if (q > 0) ties++;
      }
    quality.push(best);
    pos.push(first);
    if (ties > 1) several = true;
  }
  if (!several) return { quality, pos };
  const candidates = occ.map((list, i) => list.filter(([, q]) => q === quality[i] && q > 0).map(([p]) => p));
  // Smallest window holding one chosen occurrence of every matched token (sliding window over the occurrences in
  // position order, a position's tokens in token order: each list ascends, so they are merged by insertion).
  const eventPos: number[] = [];
  const eventToken: number[] = [];
  let need = 0;
  for (let i = 0; i < candidates.length; i++) {
    const list = candidates[i] as number[];
    if (list.length > 0) need++;
    for (const p of list) {
      let j = eventPos.length;
      eventPos.push(p);
      eventToken.push(i);
      for (; j > 0 && (eventPos[j - 1] as number) > p; j--) {
        eventPos[j] = eventPos[j - 1] as number;
        eventToken[j] = eventToken[j - 1] as number;
      }
      eventPos[j] = p;
      eventToken[j] = i;
    }
  }
  const count = new Array<number>(candidates.length).fill(0);
  let have = 0;
  let bestStart = -1;
  let bestEnd = Infinity;
  let bestInversions = Infinity;
  // Of two windows as small, the one whose words stand in the name's order ("senior MLE, senior AI application
  // engineer": the second name ends at its own "engineer", not the first name's).
  const inversionsIn = (start: number, end: number) => {
    const chosen = candidates.map((list) => list.find((p) => p >= start && p <= end) ?? -1).filter((p) => p >= 0);
    let n = 0;
    for (let i = 0; i < chosen.length; i++)
      for (let j = i + 1; j < chosen.length; j++) if ((chosen[i] as number) > (chosen[j] as number)) n++;
    return n;
  };
  let left = 0;
  for (let right = 0; right < eventPos.length; right++) {
    const token = eventToken[right] as number;
    count[token] = (count[token] as number) + 1;
    if (count[token] === 1) have++;
    while (have === need) {
      const start = eventPos[left] as number;
      const end = eventPos[right] as number;
      if (end - start < bestEnd - bestStart) {
        bestStart = start;
        bestEnd = end;
        bestInversions = inversionsIn(start, end);
      } else if (end - start === bestEnd - bestStart && bestInversions > 0) {
        const inversions = inversionsIn(start, end);
        if (inversions < bestInversions) {
          bestStart = start;
          bestEnd = end;
          bestInversions = inversions;
        }
      }
      const leftToken = eventToken[left] as number;
      count[leftToken] = (count[leftToken] as number) - 1;
      if (count[leftToken] === 0) have--;
      left++;
    }
  }
  candidates.forEach((list, i) => {
    const inside = list.find((p) => p >= bestStart && p <= bestEnd);
    if (inside !== undefined) pos[i] = inside;
  });
  return { quality, pos };
}
