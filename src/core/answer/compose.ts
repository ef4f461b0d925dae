/**
 * Builds answers from knowledge in chat form: the direct answer in a line or two first, then (for pay) the role's own
 * figures and the neighbouring roles' in their own group, at most three bullets, the source and as-of line once, and
 * at most five follow-ups. The full table or section follows a `more` block, which every adapter shows on request.
 * Every figure comes from the knowledge files unchanged.
 */
import { languageName } from '../nlu/language.ts';
import { formatCommand } from '../query.ts';
import { TOPIC_HEADINGS, TOPICS, type Topic } from '../topics.ts';
import type { Answer, Block, FollowUp, Knowledge, Query, Role, UnknownReason } from '../types.ts';
import { shareBlocks, shareParts } from './render.ts';
import { basisLabel, headlineRow, payGroups, payLine, rangeRow, salaryTable, shortName, topRow } from './salary.ts';

/**
 * A follow-up that opens one role (on a topic, or its card). It depends on the role and the topic alone, so each is
 * built once and shared by every answer that offers it (follow-ups, like blocks, are never changed once built).
 */
function roleFollowUp(role: Role, topic?: Topic): FollowUp {
  const shown = topic && topic !== 'overview' ? topic : undefined;
  let byTopic = roleFollowUps.get(role);
  if (!byTopic) {
    byTopic = new Map();
    roleFollowUps.set(role, byTopic);
  }
  let followUp = byTopic.get(shown);
  if (!followUp) {
    followUp = {
      kind: 'role',
      label: role.title,
      command: formatCommand({ kind: 'topic', roles: [role.slug], ...(shown ? { topic: shown } : {}) }) as string,
      role: role.slug,
      ...(shown ? { topic: shown } : {}),
    };
    shareParts([followUp]);
    byTopic.set(shown, followUp);
  }
  return followUp;
}
const roleFollowUps = new WeakMap<Role, Map<Topic | undefined, FollowUp>>();

/** Topics offered as buttons, most asked first. */
const OFFER_ORDER: Topic[] = [
  'salary',
  'skills',
  'career-path',
  'education',
  'responsibilities',
  'market',
  'trends',
  'challenges',
  'best-practices',
  'soft-skills',
  'related',
  'overview',
];
/**
 * A chat answer offers at most five follow-ups. A role's answer offers up to three related roles (the conversation
 * remembers them for "the … one") and fills the rest with topics.
 */
const MAX_FOLLOW_UPS = 5;
const MAX_ROLE_OFFERS = 3;
/** Topics a comparison offers beside its roles. */
const MAX_TOPIC_OFFERS = 3;
/** Bullets in the short part of an answer; the rest waits behind "More". */
const MAX_BULLETS = 3;
/** Items per role a topic comparison shows behind "More" (the role's own answer has the whole section). */
const MAX_COMPARE_ITEMS = 8;

const MORE: Block = { type: 'more' };
const EVERY_FIGURE: Block = { type: 'heading', text: 'Every figure, with its basis' };
shareBlocks([EVERY_FIGURE]);

/**
 * Roles of each kind an answer lists by name (the role list, an answer across roles, "I cover these careers"): a
 * catalogue of thousands is named by its first few and counted, so no answer grows with the catalogue.
 */
export const MAX_LISTED_ROLES = 25;

interface RolesByKind {
  profiles: Role[];
  briefs: Role[];
  /** Slugs of the roles the role list names, in knowledge order. */
  listed: string[];
}

/** The full profiles and the short ones of a knowledge version, each in knowledge order (worked out once per version). */
const kinds = new WeakMap<Knowledge, RolesByKind>();
function rolesByKind(knowledge: Knowledge): RolesByKind {
  let known = kinds.get(knowledge);
  if (!known) {
    const profiles = knowledge.roles.filter((r) => r.kind === 'profile');
    const briefs = knowledge.roles.filter((r) => r.kind === 'brief');
    const named = new Set([...profiles.slice(0, MAX_LISTED_ROLES), ...briefs.slice(0, MAX_LISTED_ROLES)]);
    known = { profiles, briefs, listed: knowledge.roles.filter((r) => named.has(r)).map((r) => r.slug) };
    kinds.set(knowledge, known);
  }
  return known;
}

/** The slugs the role list names ({@link MAX_LISTED_ROLES} of each kind), in knowledge order: what it has shown. */
export function listedRoles(knowledge: Knowledge): readonly string[] {
  return rolesByKind(knowledge).listed;
}

/** "…and 4,975 more", for a list cut at {@link MAX_LISTED_ROLES}; empty when nothing was left out. */
function andMore(total: number, what: string): Block[] {
  const more = total - MAX_LISTED_ROLES;
  return more > 0 ? [{ type: 'paragraph', text: `…and ${more.toLocaleString('en-US')} more ${what}: name one to see it.` }] : [];
}

/**
 * A role's source line: with the scope and as-of date for the topics whose figures date (pay, market, trends, the
 * overview), without for the rest. Both depend on the role alone, so each is built once, the first time an answer
 * shows it, and shared like the section blocks (a derived form of the knowledge, not a cache of answers).
 */
function sourceLine(role: Role, topic?: Topic): Block {
  const volatile = topic === undefined || topic === 'salary' || topic === 'market' || topic === 'trends' || topic === 'overview';
  let lines = sources.get(role);
  if (!lines) {
    lines = { dated: undefined, plain: undefined };
    sources.set(role, lines);
  }
  let line = volatile ? lines.dated : lines.plain;
  if (!line) {
    const asOf = volatile ? ` · ${role.scope}, ${role.asOf}` : '';
    line = { type: 'source', text: `Source: Career Advisor profile of ${role.title} (knowledge/${role.file})${asOf}` };
    shareBlocks([line]);
    if (volatile) lines.dated = line;
    else lines.plain = line;
  }
  return line;
}
const sources = new WeakMap<Role, { dated: Block | undefined; plain: Block | undefined }>();

function topicOffers(role: Role, except: Topic | undefined, count = MAX_TOPIC_OFFERS): FollowUp[] {
  return OFFER_ORDER.filter((t) => t !== except && role.sections[t] && !(t === 'salary' && role.salary.length === 0))
    .slice(0, count)
    .map((topic) => ({
      kind: 'topic' as const,
      label: TOPIC_HEADINGS[topic],
      command: formatCommand({ kind: 'topic', roles: [role.slug], topic }) as string,
      topic,
      role: role.slug,
    }));
}

function roleOffers(role: Role, knowledge: Knowledge, topic: Topic | undefined): FollowUp[] {
  return role.related
    .map((slug) => knowledge.bySlug.get(slug))
    .filter((r): r is Role => r !== undefined)
    .sort((a, b) => (b.kind === 'profile' ? 1 : 0) - (a.kind === 'profile' ? 1 : 0))
    .slice(0, MAX_ROLE_OFFERS)
    .map((r) => roleFollowUp(r, topic && r.sections[topic] ? topic : undefined));
}

/**
 * Three topics and two related roles; more topics when the role has fewer related roles. They depend on the role, the
 * topic and the knowledge version alone, so each role's are worked out once per topic (follow-ups, like blocks, are
 * never changed once built); every answer gets its own array of them.
 */
function offers(role: Role, knowledge: Knowledge, topic: Topic | undefined): FollowUp[] {
  let byTopic = offered.get(role);
  if (!byTopic || byTopic.knowledge !== knowledge) {
    byTopic = { knowledge, lists: new Map() };
    offered.set(role, byTopic);
  }
  let list = byTopic.lists.get(topic);
  if (!list) {
    const roles = roleOffers(role, knowledge, topic);
    list = [...topicOffers(role, topic, MAX_FOLLOW_UPS - roles.length), ...roles];
    shareParts(list);
    byTopic.lists.set(topic, list);
  }
  return list.slice();
}

const offered = new WeakMap<Role, { knowledge: Knowledge; lists: Map<Topic | undefined, readonly FollowUp[]> }>();

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface PayParts {
  /** The pay line of a card or comparison, without the role's name: "Median $190,000 - $200,000 a year (…); …". */
  brief: string | undefined;
  /** A salary answer's blocks: its direct line (undefined without figures), the other figures, the full table. */
  line: Block | undefined;
  groups: readonly Block[];
  table: Block;
}

/**
 * A role's pay in chat form, worked out once per role of a knowledge version (it depends on the role alone); its
 * blocks are the knowledge's like a section's ({@link shareBlocks}), so their text is rendered once too.
 */
const pay = new WeakMap<Role, PayParts>();
function payParts(role: Role): PayParts {
  let parts = pay.get(role);
  if (!parts) {
    const brief = payLine(role, { name: false });
    const line = payLine(role);
    parts = {
      brief: brief ? capitalize(brief) : undefined,
      line: line !== undefined ? { type: 'paragraph', text: line } : undefined,
      groups: payGroups(role),
      table: salaryTable(role),
    };
    shareBlocks([...(parts.line ? [parts.line] : []), ...parts.groups, parts.table]);
    pay.set(role, parts);
  }
  return parts;
}

function payOf(role: Role): string | undefined {
  return payParts(role).brief;
}

function firstItems(role: Role, topic: Topic, count: number, from = 0): string[] {
  const section = role.sections[topic];
  if (!section) return [];
  const items: string[] = [];
  for (const block of section.blocks) {
    if (block.type === 'bullets') items.push(...block.items.filter((i) => !i.startsWith(' ')));
    if (items.length >= from + count) break;
  }
  return items.slice(from, from + count);
}

function firstParagraph(role: Role, topic: Topic): string | undefined {
  const block = role.sections[topic]?.blocks.find((b) => b.type === 'paragraph');
  return block?.type === 'paragraph' ? block.text : undefined;
}

/**
 * A section in chat form: its opening paragraph and at most {@link MAX_BULLETS} bullets (for a section grouped under
 * `###` headings, the first point of each group), then what waits behind "More": the rest of a plain list, or the
 * whole section when it is grouped or nested (so nothing is shown out of its place).
 */
function briefSection(blocks: readonly Block[]): { readonly short: readonly Block[]; readonly rest: readonly Block[] } {
  let brief = briefs.get(blocks);
  if (!brief) {
    brief = splitSection(blocks);
    briefs.set(blocks, brief);
    shareBlocks(blocks);
    shareBlocks(brief.short);
    shareBlocks(brief.rest);
  }
  return brief;
}

/**
 * The chat form of each section, worked out the first time an answer shows it: a section's blocks belong to one
 * knowledge version and never change, so this is a derived form of the knowledge (bounded by it, like the role
 * matcher's index), not a cache of answers. Callers copy the arrays they build on.
 */
const briefs = new WeakMap<readonly Block[], { readonly short: readonly Block[]; readonly rest: readonly Block[] }>();

function splitSection(blocks: readonly Block[]): { short: Block[]; rest: Block[] } {
  const lead = blocks[0]?.type === 'paragraph' ? blocks[0] : undefined;
  const body = lead ? blocks.slice(1) : [...blocks];
  const headings = body.filter((b) => b.type === 'heading').length;
  const items: string[] = [];
  if (headings >= 2) {
    let heading: string | undefined;
    for (const block of body) {
      if (block.type === 'heading') heading = block.text;
      else if (block.type === 'bullets' && heading !== undefined && items.length < MAX_BULLETS) {
        const item = block.items.find((i) => !i.startsWith(' '));
        if (item) items.push(`**${heading.replace(/\*\*/g, '')}**: ${item}`);
        heading = undefined;
      }
    }
  } else {
    for (const block of body) if (block.type === 'bullets') items.push(...block.items.filter((i) => !i.startsWith(' ')));
    items.splice(MAX_BULLETS);
  }
  const short: Block[] = [...(lead ? [lead] : []), ...(items.length > 0 ? [{ type: 'bullets' as const, items }] : [])];
  if (short.length === 0) {
    // No opening paragraph and no list: the first block is the short answer, the section in full is the rest.
    return { short: body.slice(0, 1), rest: body.length > 1 ? body : [] };
  }
  const [only] = body;
  if (body.length === 1 && only?.type === 'bullets' && headings === 0) {
    // A plain list: "More" holds the items not shown, unless a shown item has nested points (then the whole list).
    const topLevel = only.items.flatMap((item, i) => (item.startsWith(' ') ? [] : [i]));
    const cut = topLevel[items.length] ?? only.items.length;
    const nestedShown = only.items.slice(0, cut).some((i) => i.startsWith(' '));
    const rest = nestedShown ? only.items : only.items.slice(cut);
    return { short, rest: rest.length > 0 ? [{ ...only, items: rest }] : [] };
  }
  const shownAll = body.every((b) => b.type === 'bullets' && b.items.every((i) => items.includes(i)));
  return { short, rest: shownAll ? [] : body };
}

/** Short part, source, then the detail behind "More" when there is any. */
function withMore(short: readonly Block[], source: Block, rest: readonly Block[]): Block[] {
  return rest.length > 0 ? [...short, source, MORE, ...rest] : [...short, source];
}

/**
 * A role with no topic (or its overview): the summary (or the overview's opening), the pay line, three key skills,
 * the source once; the overview in full behind "More".
 */
export function roleCard(role: Role, knowledge: Knowledge, opening: 'summary' | 'overview' = 'summary'): Answer {
  const form = roleForm(role, opening === 'overview' ? 'card:overview' : 'card', () => cardForm(role, opening));
  return {
    intent: 'overview',
    roles: [role.slug],
    topic: 'overview',
    title: role.title,
    blocks: form.blocks.slice(),
    followUps: offers(role, knowledge, undefined),
    sections: form.sections.slice(),
    confidence: 1,
    suggestions: [],
  };
}

/**
 * What a role's answer on one topic (or its card) shows: its blocks, the sections they come from and how sure it
 * is. It depends on the role alone (its sections, pay and summary), so each is worked out the first time an answer
 * needs it and its blocks are shared (a derived form of the knowledge, like {@link briefs}: keyed by the role and the
 * topic, never by a question); every answer gets its own arrays.
 */
interface RoleForm {
  readonly blocks: readonly Block[];
  readonly sections: readonly string[];
  readonly confidence: number;
}
const forms = new WeakMap<Role, Map<string, RoleForm>>();
const shareRoleForm = (form: RoleForm) => shareBlocks(form.blocks);
function roleForm(role: Role, key: string, build: () => RoleForm): RoleForm {
  return derived(forms, role, key, build, shareRoleForm);
}

/**
 * A form derived from `owner` (a role, the knowledge) alone, kept under `key` the first time `build` makes it and
 * handed to `share` once then (its blocks and parts escaped once for the batch line). Never keyed by a question.
 */
function derived<O extends object, K, F>(
  cache: WeakMap<O, Map<K, F>>,
  owner: O,
  key: K,
  build: (owner: O, key: K) => F,
  share: (form: F) => void,
): F {
  let byKey = cache.get(owner);
  if (!byKey) {
    byKey = new Map();
    cache.set(owner, byKey);
  }
  let form = byKey.get(key);
  if (form === undefined) {
    form = build(owner, key);
    share(form);
    byKey.set(key, form);
  }
  return form;
}

function cardForm(role: Role, opening: 'summary' | 'overview'): RoleForm {
  const overview = role.sections.overview?.blocks ?? [];
  if (role.sections.overview) briefSection(overview); // (marks the overview's blocks as the knowledge's, once)
  const lead =
    opening === 'overview' && overview[0]?.type === 'paragraph' ? overview[0] : ({ type: 'paragraph', text: role.summary } as const);
  const short: Block[] = [lead];
  const pay = payOf(role);
  if (pay) short.push({ type: 'paragraph', text: `💰 ${pay}` });
  const skills = firstItems(role, 'skills', MAX_BULLETS);
  if (skills.length > 0) short.push({ type: 'heading', text: 'Key skills' }, { type: 'bullets', items: skills });
  else {
    const first = firstParagraph(role, 'overview');
    if (first && first !== lead.text) short.push({ type: 'paragraph', text: first });
  }
  const shownText = new Set(short.flatMap((b) => (b.type === 'paragraph' ? [b.text] : [])));
  const rest = overview.filter((b) => !(b.type === 'paragraph' && shownText.has(b.text)));
  const used = [`${role.slug}#overview`, ...(skills.length > 0 ? [`${role.slug}#skills`] : []), ...(pay ? [`${role.slug}#salary`] : [])];
  return { blocks: withMore(short, sourceLine(role, 'overview'), rest), sections: used, confidence: 1 };
}

/** One role, one topic: the direct answer first, the whole section (or the full pay table) behind "More". */
export function topicAnswer(role: Role, topic: Topic, knowledge: Knowledge): Answer {
  if (topic === 'overview') {
    const card = roleCard(role, knowledge, 'overview');
    return role.sections.overview ? card : { ...card, sections: card.sections.filter((s) => s !== `${role.slug}#overview`) };
  }
  const form = roleForm(role, topic, () => topicForm(role, topic));
  // One construction order for every topic answer (the order its fields always had).
  return {
    intent: topic,
    roles: [role.slug],
    topic,
    title: `${role.title} — ${TOPIC_HEADINGS[topic]}`,
    followUps: offers(role, knowledge, topic),
    suggestions: [],
    blocks: form.blocks.slice(),
    sections: form.sections.slice(),
    confidence: form.confidence,
  };
}

function topicForm(role: Role, topic: Exclude<Topic, 'overview'>): RoleForm {
  const section = role.sections[topic];
  if (!section || (topic === 'salary' && role.salary.length === 0 && section.blocks.length === 0)) {
    const covers = briefSection(role.sections.overview?.blocks ?? [{ type: 'paragraph' as const, text: role.summary }]);
    const blocks: Block[] = withMore(
      [
        {
          type: 'paragraph',
          text: `The ${role.title} profile has nothing on _${TOPIC_HEADINGS[topic].toLowerCase()}_ yet. Here is what it covers:`,
        },
        ...covers.short,
      ],
      sourceLine(role),
      covers.rest,
    );
    return { blocks, sections: [`${role.slug}#overview`], confidence: 0.5 };
  }
  const { short, rest } = briefSection(section.blocks);
  if (topic === 'salary' && role.salary.length > 0) {
    const { line, groups, table } = payParts(role);
    const blocks: Block[] = [line as Block, ...groups, ...short, sourceLine(role, 'salary'), MORE, EVERY_FIGURE, table, ...rest];
    return { blocks, sections: [section.id], confidence: 1 };
  }
  // "What does it do?": a grouped list has no opening line of its own, so the role's summary is the direct answer.
  const opening: Block[] =
    topic === 'responsibilities' && short[0]?.type !== 'paragraph'
      ? [
          {
            type: 'paragraph',
            text: `**${shortName(role)}**: ${/^[A-Z][a-z]/.test(role.summary) ? role.summary.charAt(0).toLowerCase() + role.summary.slice(1) : role.summary}`,
          },
        ]
      : [];
  return { blocks: withMore([...opening, ...short], sourceLine(role, topic), rest), sections: [section.id], confidence: 1 };
}

/** Two or more roles side by side: one line or three points per role first, the full comparison behind "More". */
export function compareAnswer(roles: readonly Role[], topic: Topic): Answer {
  const parts = roles.map((r) => comparePart(r, topic));
  const names = roles.map((r) => r.title);
  const title = `${names.join(' vs ')}${topic === 'overview' ? '' : ` — ${TOPIC_HEADINGS[topic]}`}`;
  const short: Block[] = [{ type: 'fields', fields: parts.map((p) => p.field) }];
  const rest: Block[] = [];
  const sections: string[] = [];
  for (const p of parts) if (p.section !== undefined) sections.push(p.section);
  const more = parts.flatMap((p) => (p.more ? [p.more] : []));
  if (topic === 'salary') {
    short.push(CHECK_THE_BASIS);
    rest.push(SIDE_BY_SIDE, { type: 'table', columns: PAY_COLUMNS, rows: parts.map((p) => p.row as string[]) });
  } else if (topic === 'overview') {
    if (more.length > 0) rest.push(EDUCATION_AND_SKILLS, { type: 'fields', fields: more });
  } else if (more.length > 0) rest.push({ type: 'fields', fields: more });
  const scopes = [...new Set(parts.map((p) => p.scope))].join('; ');
  const source: Block = {
    type: 'source',
    text: `Source: Career Advisor profiles (${parts.map((p) => p.file).join(', ')}) · ${scopes}`,
  };
  const slugs = roles.map((r) => r.slug);
  const roleButtons = roles.map((r) => roleFollowUp(r, topic)).slice(0, MAX_FOLLOW_UPS - MAX_TOPIC_OFFERS);
  const followUps: FollowUp[] = OFFER_ORDER.filter((t) => t !== topic && roles.every((r) => r.sections[t]))
    .slice(0, MAX_FOLLOW_UPS - roleButtons.length)
    .map((t) => ({
      kind: 'topic',
      label: TOPIC_HEADINGS[t],
      command: formatCommand({ kind: 'compare', roles: slugs, topic: t }) as string,
      topic: t,
    }));
  followUps.push(...roleButtons);
  return {
    intent: topic,
    roles: slugs,
    topic,
    title,
    blocks: withMore(short, source, rest),
    followUps,
    sections,
    confidence: 1,
    suggestions: [],
  };
}

const CHECK_THE_BASIS: Block = {
  type: 'bullets',
  items: ['Check the basis before comparing: base salary and total compensation are different things.'],
};
const SIDE_BY_SIDE: Block = { type: 'heading', text: 'Side by side' };
const EDUCATION_AND_SKILLS: Block = { type: 'heading', text: 'Education and key skills' };
shareBlocks([CHECK_THE_BASIS, SIDE_BY_SIDE, EDUCATION_AND_SKILLS]);
const PAY_COLUMNS = ['Role', 'Headline', 'Basis', 'Range', 'Top end', 'Figures for'];
shareParts([PAY_COLUMNS]);

type Field = { label: string; value: string };

/**
 * One role's part of a comparison on one topic: its field in the short part, its field behind "More" (education and
 * skills, or the points after the first three), its row of the pay table, the section it draws on, its scope and
 * file. It depends on the role and the topic alone, so it is worked out once and its fields and row are shared
 * ({@link shareParts}: their text is rendered once); a comparison puts them in its own arrays.
 */
interface ComparePart {
  readonly field: Field;
  readonly more: Field | undefined;
  readonly row: readonly string[] | undefined;
  readonly section: string | undefined;
  readonly scope: string;
  readonly file: string;
}
const compareParts = new WeakMap<Role, Map<Topic, ComparePart>>();
const shareComparePart = (part: ComparePart) =>
  shareParts([part.field, ...(part.more ? [part.more] : []), ...(part.row ? [part.row] : [])]);
function comparePart(role: Role, topic: Topic): ComparePart {
  return derived(compareParts, role, topic, buildComparePart, shareComparePart);
}

function buildComparePart(r: Role, topic: Topic): ComparePart {
  const common = { scope: `${r.scope}, ${r.asOf}`, file: `knowledge/${r.file}` };
  if (topic === 'salary') {
    return {
      field: { label: r.title, value: payOf(r) ?? '_No pay figures in this profile._' },
      more: undefined,
      row: payRow(r),
      section: r.sections.salary ? `${r.slug}#salary` : undefined,
      ...common,
    };
  }
  if (topic === 'overview') {
    const lines = [...firstItems(r, 'education', 1).map((e) => `🎓 ${e}`), ...firstItems(r, 'skills', MAX_BULLETS).map((s) => `• ${s}`)];
    return {
      field: { label: r.title, value: [r.summary, payOf(r) ? `💰 ${payOf(r)}` : undefined].filter(Boolean).join('\n') },
      more: lines.length > 0 ? { label: r.title, value: lines.join('\n') } : undefined,
      row: undefined,
      section: `${r.slug}#overview`,
      ...common,
    };
  }
  const items = firstItems(r, topic, MAX_BULLETS);
  const value =
    items.length > 0
      ? items.map((i) => `• ${i}`).join('\n')
      : (firstParagraph(r, topic) ?? `_No ${TOPIC_HEADINGS[topic].toLowerCase()} in this profile._`);
  const rest = firstItems(r, topic, MAX_COMPARE_ITEMS - MAX_BULLETS, MAX_BULLETS);
  return {
    field: { label: r.title, value },
    more: rest.length > 0 ? { label: r.title, value: rest.map((i) => `• ${i}`).join('\n') } : undefined,
    row: undefined,
    section: r.sections[topic] ? `${r.slug}#${topic}` : undefined,
    ...common,
  };
}

/** A role's row of the pay comparison table. */
function payRow(r: Role): string[] {
  const head = headlineRow(r);
  if (!head) return [r.title, '—', '—', '—', '—', 'no pay data'];
  const range = rangeRow(r, head);
  const top = topRow(r, head);
  return [
    r.title,
    `${head.measure}: ${head.figure}`,
    basisLabel(head.basis),
    range ? range.figure : '—',
    top ? (/^top end$/i.test(top.measure) ? top.figure : `${top.measure}: ${top.figure}`) : '—',
    `${head.self ? r.title : head.subject} (${head.scope}, ${r.asOf})`,
  ];
}

/**
 * What an answer that depends on the knowledge version alone shows (help, the role list, pay or a topic across
 * roles, "I cover these careers", "Languages I understand"): worked out the first time an answer needs it and
 * shared like a role's forms (keyed by the kind of answer, never by a question; a handful per version); every answer
 * gets its own arrays.
 */
interface KnowledgeForm {
  readonly title: string;
  readonly blocks: readonly Block[];
  readonly followUps: readonly FollowUp[];
  readonly sections: readonly string[];
  readonly confidence: number;
}
const knowledgeForms = new WeakMap<Knowledge, Map<string, KnowledgeForm>>();
const shareKnowledgeForm = (form: KnowledgeForm) => {
  shareBlocks(form.blocks);
  shareParts(form.followUps);
};
function knowledgeForm(knowledge: Knowledge, key: string, build: () => KnowledgeForm): KnowledgeForm {
  return derived(knowledgeForms, knowledge, key, build, shareKnowledgeForm);
}

/** An answer that is a knowledge form as it stands (help, the role list, a language not read), with its own arrays. */
function formAnswer(intent: Answer['intent'], form: KnowledgeForm, confidence: number): Answer {
  return {
    intent,
    roles: [],
    title: form.title,
    blocks: form.blocks.slice(),
    followUps: form.followUps.slice(),
    sections: [],
    confidence,
    suggestions: [],
  };
}

/** A topic with no role named: pay across the main profiles, or a question back with choices. */
export function acrossRolesAnswer(topic: Topic, knowledge: Knowledge): Answer {
  const form = knowledgeForm(knowledge, `across:${topic}`, () => acrossRolesForm(topic, knowledge));
  return {
    intent: topic,
    roles: [],
    topic,
    title: form.title,
    blocks: form.blocks.slice(),
    followUps: form.followUps.slice(),
    sections: form.sections.slice(),
    confidence: form.confidence,
    suggestions: [],
  };
}

function acrossRolesForm(topic: Topic, knowledge: Knowledge): KnowledgeForm {
  const { profiles: all } = rolesByKind(knowledge);
  const profiles = all.slice(0, MAX_LISTED_ROLES);
  const choices: FollowUp[] = profiles.slice(0, MAX_FOLLOW_UPS).map((r) => ({ ...roleFollowUp(r, topic), topic }));
  if (topic === 'salary') {
    const answer = compareAnswer(profiles, 'salary');
    return {
      title: 'Pay across the architect roles',
      blocks: [
        { type: 'paragraph', text: 'Here is the headline pay for each architect role I cover. Pick one for the full breakdown.' },
        ...andMore(all.length, 'profiles'),
        ...answer.blocks,
      ],
      followUps: choices,
      sections: answer.sections,
      confidence: 0.8,
    };
  }
  return {
    title: `${TOPIC_HEADINGS[topic]} — which role?`,
    blocks: [
      { type: 'paragraph', text: `Which role do you mean? I can show _${TOPIC_HEADINGS[topic].toLowerCase()}_ for any of these:` },
      { type: 'bullets', items: profiles.map((r) => `**${r.title}** — ${r.summary}`) },
      ...andMore(all.length, 'profiles'),
      { type: 'paragraph', text: 'Or name another role: `roles` lists all of them.' },
    ],
    followUps: choices,
    sections: [],
    confidence: 0.6,
  };
}

const EXAMPLES = [
  '`how much does a staff ML architect make?`',
  '`role lead-ml-architect skills`',
  '`compare ml-infrastructure-architect ml-data-architect salary`',
  '`what does an NLP research scientist do?`',
  '`roles` to list every role I know',
];

export function helpAnswer(knowledge: Knowledge): Answer {
  return formAnswer(
    'help',
    knowledgeForm(knowledge, 'help', () => helpForm(knowledge)),
    1,
  );
}

function helpForm(knowledge: Knowledge): KnowledgeForm {
  const { profiles } = rolesByKind(knowledge);
  return {
    title: 'Career Advisor',
    blocks: [
      {
        type: 'paragraph',
        text: `I answer questions about ${knowledge.roles.length} machine-learning and AI careers: what the job is, pay, skills, education, career path, demand, trends, best practices, challenges and related roles.`,
      },
      { type: 'heading', text: 'Try' },
      { type: 'bullets', items: EXAMPLES },
      {
        type: 'paragraph',
        text:
          'Commands: `role <name> [topic]`, `compare <role> <role> [topic]`, `roles`, `help`. Topics: ' +
          TOPICS.map((t) => `\`${t}\``).join(', ') +
          '.',
      },
    ],
    followUps: profiles.slice(0, MAX_FOLLOW_UPS).map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 1,
  };
}

export function rolesAnswer(knowledge: Knowledge): Answer {
  return formAnswer(
    'roles',
    knowledgeForm(knowledge, 'roles', () => rolesForm(knowledge)),
    1,
  );
}

function rolesForm(knowledge: Knowledge): KnowledgeForm {
  const line = (r: Role) => `**${r.title}** (\`${r.slug}\`) — ${r.summary}`;
  const { profiles, briefs } = rolesByKind(knowledge);
  return {
    title: `Roles I know (${knowledge.roles.length})`,
    blocks: [
      { type: 'heading', text: 'Full career profiles' },
      { type: 'bullets', items: profiles.slice(0, MAX_LISTED_ROLES).map(line) },
      ...andMore(profiles.length, 'full profiles'),
      { type: 'heading', text: 'Related roles (short profiles)' },
      { type: 'bullets', items: briefs.slice(0, MAX_LISTED_ROLES).map(line) },
      ...andMore(briefs.length, 'short profiles'),
    ],
    followUps: profiles.slice(0, MAX_LISTED_ROLES).map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 1,
  };
}

export function unknownAnswer(knowledge: Knowledge, suggestions: readonly Role[], reason: UnknownReason, language?: string): Answer {
  if (reason === 'language') return languageAnswer(knowledge, language);
  const form = knowledgeForm(knowledge, `unknown:${reason}`, () => unknownForm(knowledge, reason));
  let blocks: Block[];
  if (suggestions.length > 0) {
    const [lead, hint] = form.blocks as [Block, Block];
    blocks = [lead, { type: 'paragraph', text: `Did you mean ${suggestions.map((r) => `**${r.title}**`).join(' or ')}?` }, hint];
  } else blocks = form.blocks.slice();
  return {
    intent: 'unknown',
    roles: [],
    title: suggestions.length > 0 ? 'Did you mean…' : form.title,
    blocks,
    followUps: suggestions.length > 0 ? suggestions.map((r) => roleFollowUp(r)) : form.followUps.slice(),
    sections: [],
    confidence: 0,
    suggestions: suggestions.map((r) => r.title),
  };
}

/** "I cover these careers" for one reason: its opening and closing lines (a "did you mean" goes between them). */
function unknownForm(knowledge: Knowledge, reason: Exclude<UnknownReason, 'language'>): KnowledgeForm {
  const { profiles } = rolesByKind(knowledge);
  const lead =
    reason === 'no-role'
      ? "I don't know that role."
      : reason === 'out-of-scope'
        ? "That's outside what I cover."
        : "I'm not sure what you're asking.";
  return {
    title: 'I cover these careers',
    blocks: [
      {
        type: 'paragraph',
        text:
          profiles.length <= MAX_LISTED_ROLES
            ? `${lead} I cover these careers: ${profiles.map((r) => r.title).join(', ')}, and ${knowledge.roles.length - profiles.length} related AI roles (type \`roles\` for the list).`
            : `${lead} I cover ${knowledge.roles.length.toLocaleString('en-US')} careers, among them ${profiles
                .slice(0, MAX_LISTED_ROLES)
                .map((r) => r.title)
                .join(', ')} (type \`roles\` for more).`,
      },
      { type: 'paragraph', text: 'Try e.g. `how much does a lead ML architect make?` or `help`.' },
    ],
    followUps: profiles.slice(0, 3).map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 0,
  };
}

/** A topic whose role words fit several roles ("MLE skills"): a short question back, the candidates as follow-ups. */
export function whichOneAnswer(candidates: readonly Role[], topic: Topic | undefined): Answer {
  const names = candidates
    .map((r) => `**${r.title}**`)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');
  const text =
    topic && topic !== 'overview'
      ? `Which one do you mean? I can show _${TOPIC_HEADINGS[topic].toLowerCase()}_ for ${names}.`
      : `Which one do you mean: ${names}?`;
  return {
    intent: topic ?? 'overview',
    roles: [],
    ...(topic ? { topic } : {}),
    title: 'Which one?',
    blocks: [{ type: 'paragraph', text }],
    followUps: candidates.slice(0, MAX_FOLLOW_UPS).map((r) => roleFollowUp(r, topic)),
    sections: [],
    confidence: 0.6,
    suggestions: candidates.map((r) => r.title),
  };
}

/** The languages questions may be asked in, for people. */
const LANGUAGES_UNDERSTOOD = 'English, Spanish, French, German and Portuguese';

/** A message in a language the advisor does not read: say which ones it does, in English. */
function languageAnswer(knowledge: Knowledge, language: string | undefined): Answer {
  const named = language ? languageName(language) : undefined;
  return formAnswer(
    'unknown',
    knowledgeForm(knowledge, `language:${named ?? ''}`, () => languageForm(knowledge, named)),
    0,
  );
}

function languageForm(knowledge: Knowledge, named: string | undefined): KnowledgeForm {
  const { profiles } = rolesByKind(knowledge);
  return {
    title: 'Languages I understand',
    blocks: [
      {
        type: 'paragraph',
        text: `Sorry, I can't read ${named && named !== 'that language' ? named : 'that language'} yet. I understand questions in ${LANGUAGES_UNDERSTOOD}, and I answer in English.`,
      },
      {
        type: 'paragraph',
        text: 'For example: `how much does a staff ML architect make?`, `¿cuánto gana un staff ML architect?`, `Was ist ein ML Infrastructure Architect?` or `help`.',
      },
    ],
    followUps: profiles.slice(0, 3).map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 0,
  };
}

/** The one line an answer to a question in another language starts with. */
function languageNote(language: string): Block {
  let note = languageNotes.get(language);
  if (!note) {
    note = { type: 'paragraph', text: `_Read as ${languageName(language)}; answering in English._` };
    shareBlocks([note]);
    languageNotes.set(language, note);
  }
  return note;
}
/** The note of each language code a question came in (a few dozen at most), shared like the knowledge's blocks. */
const languageNotes = new Map<string, Block>();

/** The roles of these slugs that the knowledge has, in order. */
function rolesOf(slugs: readonly string[], knowledge: Knowledge): Role[] {
  const roles: Role[] = [];
  for (const slug of slugs) {
    const role = knowledge.bySlug.get(slug);
    if (role !== undefined) roles.push(role);
  }
  return roles;
}

/** Builds the answer a resolved query asks for. */
export function composeAnswer(query: Query, knowledge: Knowledge): Answer {
  const roles = rolesOf(query.roles, knowledge);
  const candidates = query.candidates ? rolesOf(query.candidates, knowledge) : [];
  let answer: Answer;
  switch (query.kind) {
    case 'help':
      answer = helpAnswer(knowledge);
      break;
    case 'roles':
      answer = rolesAnswer(knowledge);
      break;
    case 'unknown':
      answer = unknownAnswer(knowledge, candidates, query.unknown ?? 'unclear', query.language);
      break;
    default: {
      const topic = query.topic;
      if (roles.length >= 2) answer = compareAnswer(roles, topic ?? 'overview');
      else if (roles.length === 1) {
        const role = roles[0] as Role;
        answer = topic && topic !== 'overview' ? topicAnswer(role, topic, knowledge) : roleCard(role, knowledge);
      } else if (candidates.length >= 2) answer = whichOneAnswer(candidates, topic);
      else if (topic) answer = acrossRolesAnswer(topic, knowledge);
      else answer = unknownAnswer(knowledge, candidates, 'unclear');
    }
  }
  // Every answer above is a fresh object: set the last two fields in place rather than copying it again.
  if (query.language && query.unknown !== 'language') answer.blocks = [languageNote(query.language), ...answer.blocks];
  if (query.kind !== 'unknown') answer.confidence = Math.min(answer.confidence, query.confidence);
  return answer;
}
