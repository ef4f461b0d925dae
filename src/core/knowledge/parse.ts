import type { List, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmTable } from 'micromark-extension-gfm-table';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { KnowledgeProblem } from '../errors.ts';
import { topicForHeading, TOPIC_HEADINGS, TOPICS, type Topic } from '../topics.ts';
import { SALARY_BASES, type Block, type Role, type SalaryBasis, type SalaryRow, type Section } from '../types.ts';
import { parseFigure } from './figures.ts';
import { frontMatterSchema, SALARY_COLUMNS } from './schema.ts';

export interface ParseResult {
  role?: Role;
  problems: KnowledgeProblem[];
}

/**
 * Parses one knowledge file (front matter + Markdown) into a {@link Role}. Never throws: every problem is returned
 * with its 1-based line so the loader can report all of them at once.
 */
export function parseRoleFile(source: string, file: string): ParseResult {
  const problems: KnowledgeProblem[] = [];
  const report = (line: number, message: string) => problems.push({ file, line, message });

  let tree: Root;
  try {
    tree = fromMarkdown(source, {
      extensions: [frontmatter(['yaml']), gfmTable()],
      mdastExtensions: [frontmatterFromMarkdown(['yaml']), gfmTableFromMarkdown()],
    });
  } catch (error) {
    report(1, `cannot parse Markdown: ${(error as Error).message}`);
    return { problems };
  }

  const [first, ...body] = tree.children;
  if (!first || first.type !== 'yaml') {
    report(1, 'missing front matter: the file must start with a --- block (see docs/KNOWLEDGE.md)');
    return { problems };
  }
  const meta = parseFrontMatter(first.value, (first.position?.start.line ?? 1) + 1, report);

  const sections: Partial<Record<Topic, Section>> = {};
  let salary: SalaryRow[] = [];
  let current: { topic: Topic; line: number; nodes: RootContent[] } | undefined;
  let lastOrder = -1;
  const close = () => {
    if (!current || !meta) return;
    const { topic, line, nodes } = current;
    let content = nodes;
    if (topic === 'salary') {
      const tables = nodes.filter((n): n is Table => n.type === 'table');
      if (tables.length !== 1) {
        report(line, `the Salary section needs exactly one salary table, found ${tables.length}`);
      } else {
        salary = parseSalaryTable(tables[0] as Table, report);
      }
      content = nodes.filter((n) => n.type !== 'table');
    }
    const markdown = sliceSource(source, content);
    if (markdown === '' && topic !== 'salary') report(line, `section "${TOPIC_HEADINGS[topic]}" is empty`);
    sections[topic] = {
      id: `${meta.slug}#${topic}`,
      role: meta.slug,
      topic,
      markdown,
      text: content.map((n) => toString(n)).join('\n'),
      blocks: toBlocks(source, content),
      line,
    };
  };

  for (const node of body) {
    const line = node.position?.start.line ?? 1;
    if (node.type === 'heading' && node.depth === 1) {
      if (current) report(line, 'a # heading may only come before the first ## section');
      continue;
    }
    if (node.type === 'heading' && node.depth === 2) {
      close();
      const heading = toString(node);
      const topic = topicForHeading(heading);
      if (!topic) {
        report(line, `unknown topic heading "## ${heading}"; use one of: ${TOPICS.map((t) => TOPIC_HEADINGS[t]).join(', ')}`);
        current = undefined;
        continue;
      }
      if (sections[topic]) report(line, `topic "${TOPIC_HEADINGS[topic]}" appears twice`);
      const order = TOPICS.indexOf(topic);
      if (order < lastOrder) report(line, `topic "${TOPIC_HEADINGS[topic]}" is out of order (see docs/KNOWLEDGE.md)`);
      lastOrder = Math.max(lastOrder, order);
      current = { topic, line, nodes: [] };
      continue;
    }
    if (!current) {
      // Content under an unknown heading has already been reported with that heading.
      if (lastOrder === -1 && !problems.some((p) => p.message.startsWith('unknown topic'))) {
        report(line, 'content before the first ## topic heading');
      }
      continue;
    }
    current.nodes.push(node);
  }
  close();

  if (!meta) return { problems };
  if (!sections.overview) report(1, 'missing the "## Overview" section, which every role needs');
  if (meta.kind === 'profile') {
    const missing = TOPICS.filter((t) => !sections[t]);
    if (missing.length > 0) report(1, `a full profile needs every topic; missing: ${missing.join(', ')}`);
  }
  const expected = file.replace(/^.*[\\/]/, '').replace(/\.md$/, '');
  if (meta.slug !== expected) report(meta.line('slug'), `slug "${meta.slug}" must match the file name "${expected}.md"`);

  const role: Role = {
    slug: meta.slug,
    title: meta.title,
    kind: meta.kind,
    summary: meta.summary,
    aliases: meta.aliases,
    related: meta.related,
    asOf: meta.asOf,
    scope: meta.scope,
    file,
    sections,
    salary,
  };
  rememberFrontMatterLines(role, meta);
  return { role, problems };
}

/** The front matter with a way to find the line of each key, for cross-file errors. */
export type ParsedMeta = ReturnType<typeof frontMatterSchema.parse> & { line(key: string, index?: number): number };

const metaLines = new WeakMap<Role, (key: string, index?: number) => number>();

/** The line of a front-matter key (or of one item of a list key) of a parsed role: for cross-file errors. */
export function frontMatterLine(role: Role, key: string, index?: number): number {
  return metaLines.get(role)?.(key, index) ?? 1;
}

function parseFrontMatter(
  yamlText: string,
  firstLine: number,
  report: (line: number, message: string) => void,
): ParsedMeta | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? firstLine : firstLine + lineCounter.linePos(offset).line - 1);
  if (doc.errors.length > 0) {
    for (const error of doc.errors) report(lineAt(error.pos[0]), `front matter: ${error.message.split('\n')[0]}`);
    return undefined;
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return firstLine - 1;
  };
  const result = frontMatterSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : path.join('.');
      const line = issue.code === 'unrecognized_keys' ? lineOf([issue.keys[0] ?? '']) : lineOf(path);
      report(line, `front matter "${key || '(root)'}": ${issue.message}`);
    }
    return undefined;
  }
  return Object.assign(result.data, {
    line: (key: string, index?: number) => lineOf(index === undefined ? [key] : [key, index]),
  });
}

export function rememberFrontMatterLines(role: Role, meta: ParsedMeta): void {
  metaLines.set(role, meta.line);
}

function parseSalaryTable(table: Table, report: (line: number, message: string) => void): SalaryRow[] {
  const [header, ...rows] = table.children;
  const tableLine = table.position?.start.line ?? 1;
  const columns = header?.children.map((cell) => toString(cell).trim()) ?? [];
  if (columns.join('|') !== SALARY_COLUMNS.join('|')) {
    report(tableLine, `salary table columns must be: ${SALARY_COLUMNS.join(' | ')} (found: ${columns.join(' | ')})`);
    return [];
  }
  const parsed: SalaryRow[] = [];
  for (const row of rows) {
    const line = row.position?.start.line ?? tableLine;
    const [measure = '', figure = '', basis = '', subject = '', scope = ''] = row.children.map((c) => toString(c).trim());
    const amounts = parseFigure(figure);
    if (!measure) report(line, 'salary row has no Measure');
    if (!amounts) report(line, `salary figure "${figure}" holds no money amount or percentage`);
    if (!(SALARY_BASES as readonly string[]).includes(basis)) {
      report(line, `salary basis "${basis}" must be one of: ${SALARY_BASES.join(', ')}`);
    }
    if (!subject) report(line, 'salary row has no Subject (use "this role" or the quoted role)');
    if (!scope) report(line, 'salary row has no Scope (e.g. US)');
    if (!measure || !amounts || !subject || !scope || !(SALARY_BASES as readonly string[]).includes(basis)) continue;
    parsed.push({
      measure,
      figure,
      basis: basis as SalaryBasis,
      subject,
      self: subject.toLowerCase() === 'this role',
      scope,
      amounts: amounts.amounts,
      unit: amounts.unit,
      line,
    });
  }
  if (rows.length === 0) report(tableLine, 'salary table has no rows');
  return parsed;
}

/** The original Markdown of a run of nodes, so authors' formatting reaches the answer unchanged. */
function sliceSource(source: string, nodes: RootContent[]): string {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  const start = first?.position?.start.offset;
  const end = last?.position?.end.offset;
  if (start === undefined || end === undefined) return '';
  return source.slice(start, end).trim();
}

/** Converts a section's nodes into answer blocks, keeping the author's inline Markdown. */
function toBlocks(source: string, nodes: RootContent[]): Block[] {
  const blocks: Block[] = [];
  for (const node of nodes) {
    if (node.type === 'heading') blocks.push({ type: 'heading', text: toString(node) });
    else if (node.type === 'list') blocks.push({ type: 'bullets', items: listItems(source, node, ''), ...(node.ordered ? { ordered: true } : {}) });
    else if (node.type === 'table') {
      const [head, ...rows] = node.children;
      blocks.push({
        type: 'table',
        columns: head?.children.map((c) => sliceSource(source, c.children as RootContent[])) ?? [],
        rows: rows.map((r) => r.children.map((c) => sliceSource(source, c.children as RootContent[]))),
      });
    } else if (node.type !== 'thematicBreak' && node.type !== 'html') {
      const text = sliceSource(source, [node]);
      if (text) blocks.push({ type: 'paragraph', text: text.replace(/\s*\n\s*/g, ' ') });
    }
  }
  return blocks;
}

function listItems(source: string, list: List, indent: string): string[] {
  const items: string[] = [];
  for (const item of list.children) {
    const own = item.children.filter((c) => c.type !== 'list');
    const text = sliceSource(source, own as RootContent[]).replace(/\s*\n\s*/g, ' ');
    if (text) items.push(indent + text);
    for (const child of item.children) if (child.type === 'list') items.push(...listItems(source, child, `${indent}  `));
  }
  return items;
}
