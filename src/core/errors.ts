/**
 * The one error type of the project: a stable string `code` for programs, a message for people, and the `cause`.
 * Adapters catch it (and anything else) in one top-level handler, log it and send a friendly fallback.
 */
export class AdvisorError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdvisorError';
    this.code = code;
  }
}

/** One problem found in a knowledge file; `line` is 1-based. */
export interface KnowledgeProblem {
  file: string;
  line: number;
  message: string;
}

/** Raised by the loader with every problem it found, so an author can fix them all in one pass. */
export class KnowledgeError extends AdvisorError {
  readonly problems: readonly KnowledgeProblem[];

  constructor(problems: readonly KnowledgeProblem[]) {
    const list = problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n');
    super('knowledge_invalid', `knowledge: ${problems.length} problem${problems.length === 1 ? '' : 's'} found:\n${list}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}
