/**
 * The neutral vocabulary shared by the core and every adapter. Nothing here knows about Slack, Discord or a terminal.
 */
import type { SerializedClassifier } from './nlu/classifier.ts';
import type { Intent, Topic } from './topics.ts';

export type { Intent, Topic } from './topics.ts';

/** Where a request came from. Adapters use their own name; the core only logs it. */
export type Platform = 'slack' | 'discord' | 'console' | (string & {});

/** One question from a person, as an adapter hands it to {@link Advisor.handle}. */
export interface Request {
  /** What the person typed (or a command such as `role staff-ml-architect salary`). */
  text: string;
  /**
   * Platform-prefixed id of the conversation whose context follow-ups share, e.g. `slack:T1:C1:U1` or
   * `discord:G1:C2:U3`. Requests with the same id share roles and topic for follow-ups like "what about a lead?".
   */
  conversationId: string;
  user: { id: string; name?: string; isModerator: boolean };
  platform: Platform;
  /** The platform's original event, for logging and debugging only; the core never reads it. */
  raw?: unknown;
  /**
   * Follow-up context the caller loaded itself (the bot layer keeps it in a shared `Store`). When this property is
   * present — even as `null`, meaning "no context" — the advisor uses it instead of its own in-memory store and does
   * not write to that store; the caller saves {@link Answer.context} instead.
   */
  context?: ConversationContext | null;
}

/** What a conversation remembers for follow-ups: the roles and topic of the last answer. */
export interface ConversationContext {
  roles: string[];
  topic?: Topic;
  /**
   * Roles the last answer offered to pick from (a role list, a "which one?", a comparison), in order: "the junior one"
   * or "ok the ML systems one" picks among them.
   */
  shown?: string[];
  /** The last few roles discussed, most recent first: "which of the two …" compares the last two. */
  recent?: string[];
}

/** A small logging port: pino satisfies it, and tests can pass a recorder. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything: the default when none is given. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

// ---------------------------------------------------------------------------------------------------------------
// Knowledge

/** What a salary figure measures: base pay, total compensation, or a part or split of the package. */
export const SALARY_BASES = ['base', 'total', 'additional', 'bonus', 'equity', 'share', 'unspecified'] as const;
export type SalaryBasis = (typeof SALARY_BASES)[number];

/** One row of a role's salary table: the single source of truth for that figure. */
export interface SalaryRow {
  /** Short label: Median, Average, Range, Top 10%, … */
  measure: string;
  /** The figure exactly as written in the knowledge file, e.g. `$180,000 - $190,000` or `Over $366,000 per year`. */
  figure: string;
  basis: SalaryBasis;
  /** `this role`, or the role the source quoted for context (e.g. `Lead ML Engineer`). */
  subject: string;
  /** True when {@link subject} is the role of the file itself. */
  self: boolean;
  /** `US`, `Global`, … */
  scope: string;
  /** The amounts read from {@link figure}, in {@link unit}. */
  amounts: number[];
  /** `USD` (or another currency the source gives), or `percent` for shares of a package. */
  unit: 'USD' | 'EUR' | 'GBP' | 'INR' | 'percent';
  /** 1-based line of the row in its file. */
  line: number;
}

/** One topic section of one role. */
export interface Section {
  /** `slug#topic`, e.g. `lead-ml-architect#salary`. */
  id: string;
  role: string;
  topic: Topic;
  /** The section body as Markdown, without its `##` heading (for the salary section: without the table). */
  markdown: string;
  /** The body as plain text, for search. */
  text: string;
  /** The body as answer blocks, built once at load time. */
  blocks: Block[];
  /** 1-based line of the `##` heading. */
  line: number;
}

export type RoleKind = 'profile' | 'brief';

export interface Role {
  slug: string;
  title: string;
  kind: RoleKind;
  summary: string;
  aliases: string[];
  related: string[];
  /** When the volatile facts were true, e.g. `2024`. */
  asOf: string;
  /** Where they were true, e.g. `US market`. */
  scope: string;
  /** Path of the source file, relative to the knowledge directory. */
  file: string;
  sections: Partial<Record<Topic, Section>>;
  salary: SalaryRow[];
}

/** Training questions of one intent (`knowledge/intents/<intent>.md`). */
export interface IntentExamples {
  intent: Intent;
  description: string;
  /** Path of the file, relative to the knowledge directory. */
  file: string;
  examples: Array<{ text: string; line: number }>;
}

export interface Knowledge {
  roles: Role[];
  bySlug: ReadonlyMap<string, Role>;
  /** Training questions for the intent classifier; absent or empty: the lexicon decides alone. */
  intents?: IntentExamples[];
  /** The classifier trained from {@link intents}, as the loader caches it; retrained when its key no longer fits. */
  intentModel?: IntentModel;
}

/** A trained intent classifier as plain data, with the content key of what it was trained from. */
export interface IntentModel {
  key: string;
  classifier: SerializedClassifier;
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

/**
 * Content blocks of an answer. Text is inline Markdown (`**bold**`, `_italic_`, `` `code` ``, `[text](url)`); each
 * adapter converts it to its platform's dialect.
 */
export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  /** List items; an item that starts with two spaces is nested under the one before it. */
  | { type: 'bullets'; items: string[]; ordered?: boolean }
  | { type: 'table'; columns: string[]; rows: string[][]; caption?: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'source'; text: string }
  /**
   * Where the short answer ends: what follows is the detail (the full table, the whole section) that each platform
   * shows on request — Slack's "More" button, Discord's "More" button (a second message), the terminal's `more`.
   * Renderers that show everything at once (plain text, Markdown) skip it.
   */
  | { type: 'more' };

/** Something to offer as a button: running {@link command} through `handle` gives that answer. */
export interface FollowUp {
  kind: 'topic' | 'role';
  label: string;
  /** A command in the core's grammar, e.g. `role lead-ml-architect salary` or `compare a b salary`. */
  command: string;
  topic?: Topic;
  role?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Understanding

/** What a message asks for, as the resolver reads it. */
export type QueryKind = 'topic' | 'compare' | 'roles' | 'help' | 'unknown';

/** Why a query could not be answered. */
export type UnknownReason = 'out-of-scope' | 'no-role' | 'unclear' | 'language';

/**
 * A message understood: what to answer, about which roles, and why the resolver thinks so. Built by the resolver from
 * text and context without building an answer, so a matching decision can be tested on its own.
 */
export interface Query {
  /** `topic`: one role (or, with no role, the topic across roles); `compare`: two or more roles side by side. */
  kind: QueryKind;
  /** Subject role slugs, in the order asked. */
  roles: string[];
  topic?: Topic;
  /** 0..1: how sure the resolver is. */
  confidence: number;
  /** Which rules or models decided, in order (for logs and `ask --explain`). */
  reasons: string[];
  /** For `unknown`: why. */
  unknown?: UnknownReason;
  /**
   * Roles that fit what was typed when it named none for sure: "did you mean" for `unknown`, "which one?" for a topic
   * whose role words fit several roles (`MLE skills`).
   */
  candidates?: string[];
  /** ISO 639-1 code of the message's language when it is not English (`es`, `fr`, `de`, `pt`, or another). */
  language?: string;
}

/** What {@link Advisor.handle} returns: data each adapter renders its own way. */
export interface Answer {
  intent: Intent;
  /** Role slugs, in the order they were asked about. */
  roles: string[];
  /** The topic shown, when the answer is about one topic (a role card is `overview`). */
  topic?: Topic;
  title: string;
  blocks: Block[];
  followUps: FollowUp[];
  /** Ids of the sections the answer was built from (`slug#topic`). */
  sections: string[];
  /** 0..1: how sure the matcher was. */
  confidence: number;
  /** "Did you mean …" role titles when nothing matched well. */
  suggestions: string[];
  /**
   * A command that gives this same answer again without any conversation context: what share, refresh and "more"
   * buttons carry. Set by {@link Advisor.handle}.
   */
  replay?: string;
  /** The follow-up context to remember after this answer; absent when the answer should not change it. Set by
   * {@link Advisor.handle}. */
  context?: ConversationContext;
  /** How the question was understood (see {@link Query.reasons}). Set by {@link Advisor.handle}. */
  reasons?: string[];
  /** ISO 639-1 code of the question's language when it was not English. */
  language?: string;
}

/** A role as lists and autocomplete show it. */
export interface RoleChoice {
  slug: string;
  title: string;
  summary: string;
}
