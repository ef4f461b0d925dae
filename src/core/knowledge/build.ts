import { KnowledgeError, type KnowledgeProblem } from '../errors.ts';
import { normalizeName } from '../nlu/normalize.ts';
import type { Knowledge, Role } from '../types.ts';
import { frontMatterLine, parseRoleFile } from './parse.ts';
import { compareText } from '../collate.ts';

/** Parses and cross-checks already-read files; split from {@link loadKnowledge} so tests and benches skip the disk. */
export function buildKnowledge(files: readonly { file: string; source: string }[]): Knowledge {
  const problems: KnowledgeProblem[] = [];
  const roles: Role[] = [];
  // Files that did not parse: a related link to one of them (by its file name) is a follow-on error, not reported.
  const unparsed = new Set<string>();
  for (const { file, source } of files) {
    const result = parseRoleFile(source, file);
    problems.push(...result.problems);
    if (result.role) roles.push(result.role);
    else unparsed.add(file.replace(/\.md$/, ''));
  }

  const bySlug = new Map<string, Role>();
  const names = new Map<string, Role>();
  for (const role of roles) {
    const other = bySlug.get(role.slug);
    if (other) {
      problems.push({ file: role.file, line: frontMatterLine(role, 'slug'), message: `duplicate slug "${role.slug}" (also in ${other.file})` });
      continue;
    }
    bySlug.set(role.slug, role);
  }
  // Every name a person may type (slug, title, alias) must lead to one role only. Slugs and titles are claimed
  // before any alias, so an alias that takes another role's name is reported in the alias's file.
  const own = new Map<Role, Set<string>>();
  const claim = (role: Role, name: string, key: string, index?: number) => {
    const mine = own.get(role) ?? new Set<string>();
    own.set(role, mine);
    const norm = normalizeName(name);
    if (mine.has(norm)) return;
    mine.add(norm);
    const owner = names.get(norm);
    if (owner && owner !== role) {
      problems.push({
        file: role.file,
        line: frontMatterLine(role, key, index),
        message: `${key === 'aliases' ? 'alias' : key} "${name}" is already a name of ${owner.slug} (${owner.file})`,
      });
      return;
    }
    names.set(norm, role);
  };
  for (const role of bySlug.values()) {
    claim(role, role.slug.replace(/-/g, ' '), 'slug');
    claim(role, role.title, 'title');
  }
  for (const role of bySlug.values()) role.aliases.forEach((alias, i) => claim(role, alias, 'aliases', i));
  for (const role of bySlug.values()) {
    role.related.forEach((slug, i) => {
      if (slug === role.slug) {
        problems.push({ file: role.file, line: frontMatterLine(role, 'related', i), message: 'a role cannot list itself as related' });
      } else if (!bySlug.has(slug) && !unparsed.has(slug)) {
        problems.push({ file: role.file, line: frontMatterLine(role, 'related', i), message: `unknown related slug "${slug}"` });
      }
    });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
    throw new KnowledgeError(problems);
  }
  return { roles: [...bySlug.values()], bySlug };
}

