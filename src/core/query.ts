/**
 * The one codec between {@link Query} and the command grammar every adapter shares: `help`, `roles`,
 * `role <slug|name> [topic]`, `compare <role> <role> [topic]`. {@link parseCommand} reads a command (anything else is
 * free text for the resolver); {@link formatCommand} writes the command that gives a query's answer again, which is
 * what replay, share buttons and follow-up offers carry.
 */
import { normalizeText } from './nlu/normalize.ts';
import { isTopic, TOPICS, TOPIC_HEADINGS, type Topic } from './topics.ts';
import type { Query } from './types.ts';

export type Command =
  | { kind: 'help' }
  | { kind: 'roles' }
  | { kind: 'role'; roleText: string; topic?: Topic }
  | { kind: 'compare'; rolesText: string; topic?: Topic }
  | { kind: 'text'; text: string };

/** Topic names as a command may end with them: `salary`, `best-practices`, `best practices`, `related roles`. */
const TOPIC_SUFFIXES: Array<[string, Topic]> = TOPICS.flatMap((topic): Array<[string, Topic]> => [
  [topic.replace(/-/g, ' '), topic],
  [normalizeText(TOPIC_HEADINGS[topic]), topic],
]).sort((a, b) => b[0].length - a[0].length);

/** Splits a trailing topic name off a command argument. */
export function splitTopic(rest: string): { text: string; topic?: Topic } {
  const norm = normalizeText(rest.replace(/-/g, ' '));
  for (const [suffix, topic] of TOPIC_SUFFIXES) {
    if (norm === suffix) return { text: '', topic };
    if (norm.endsWith(` ${suffix}`)) return { text: norm.slice(0, -suffix.length - 1), topic };
  }
  return { text: rest };
}

export function parseCommand(input: string): Command {
  // `role help`, `role compare a b`, `role list`: what `/role <args>` becomes on every platform.
  const text = input
    .trim()
    .replace(/^\//, '')
    .replace(/^role\s+(?=(?:help|commands|\?|roles|list|all|compare\s)\b)/i, '');
  const lower = text.toLowerCase();
  if (/^(help|commands|\?)$/.test(lower)) return { kind: 'help' };
  if (/^(roles|role|list|list roles|all|careers)$/.test(lower)) return { kind: 'roles' };
  const role = /^role\s+(.+)$/is.exec(text);
  if (role) {
    const { text: roleText, topic } = splitTopic(role[1] as string);
    return { kind: 'role', roleText, ...(topic && isTopic(topic) ? { topic } : {}) };
  }
  const compare = /^compare\s+(.+)$/is.exec(text);
  if (compare) {
    const { text: rolesText, topic } = splitTopic(compare[1] as string);
    return { kind: 'compare', rolesText, ...(topic ? { topic } : {}) };
  }
  return { kind: 'text', text };
}

/** What {@link formatCommand} needs of a query. */
export type CommandQuery = Pick<Query, 'kind' | 'roles' | 'topic'>;

/**
 * The context-free command that gives this query's answer: `help`, `roles`, `role <slug> [topic]` (no topic for an
 * overview), `role <topic>` (a topic across roles), `compare <slug> <slug>… <topic>`. An unknown query has no command
 * (`undefined`): replaying it means asking the same text again.
 */
export function formatCommand(query: CommandQuery): string | undefined {
  switch (query.kind) {
    case 'help':
    case 'roles':
      return query.kind;
    case 'unknown':
      return undefined;
    case 'compare':
      if (query.roles.length >= 2) return `compare ${query.roles.join(' ')} ${query.topic ?? 'overview'}`;
      break;
    case 'topic':
      break;
  }
  const [role] = query.roles;
  const topic = query.topic ?? 'overview';
  if (role === undefined) return `role ${topic}`;
  return topic === 'overview' ? `role ${role}` : `role ${role} ${topic}`;
}
