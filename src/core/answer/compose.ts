/**
 * Builds answers from knowledge: the direct answer first, then a few bullets, then the source and as-of line, then
 * follow-up offers. Every figure comes from the knowledge files unchanged.
 */
import { languageName } from '../nlu/language.ts';
import { formatCommand } from '../query.ts';
import { TOPIC_HEADINGS, TOPICS, type Topic } from '../topics.ts';
import type { Answer, Block, FollowUp, Knowledge, Query, Role, SalaryBasis, SalaryRow, UnknownReason } from '../types.ts';

/** A follow-up that opens one role (on a topic, or its card). */
function roleFollowUp(role: Role, topic?: Topic): FollowUp {
  const shown = topic && topic !== 'overview' ? topic : undefined;
  return { kind: 'role', label: role.title, command: formatCommand({ kind: 'topic', roles: [role.slug], ...(shown ? { topic: shown } : {}) }) as string, role: role.slug, ...(shown ? { topic: shown } : {}) };
}

const BASIS_LABEL: Readonly<Record<SalaryBasis, string>> = {
  base: 'base salary',
  total: 'total compensation',
  additional: 'additional pay (on top of base)',
  bonus: 'bonus',
  equity: 'equity / stock',
  share: 'share of the package',
  unspecified: 'basis not stated by the source',
};

/** Topics offered as buttons, most asked first. */
const OFFER_ORDER: Topic[] = [
  'salary', 'skills', 'career-path', 'education', 'responsibilities', 'market', 'trends', 'challenges',
  'best-practices', 'soft-skills', 'related', 'overview',
];
const MAX_TOPIC_OFFERS = 5;
const MAX_ROLE_OFFERS = 3;

export function basisLabel(basis: SalaryBasis): string {
  return BASIS_LABEL[basis];
}

/** Who a salary row describes, in words: the role itself, or the role the source quoted. */
function subjectOf(row: SalaryRow, role: Role): string {
  return row.self ? role.title : row.subject;
}

/** The figure a salary answer leads with: the first row about the role itself, else the first row. */
export function headlineRow(role: Role): SalaryRow | undefined {
  return role.salary.find((r) => r.self) ?? role.salary[0];
}

function rangeRow(role: Role, headline: SalaryRow): SalaryRow | undefined {
  return role.salary.find((r) => r !== headline && r.subject === headline.subject && /range/i.test(r.measure));
}

function topRow(role: Role, headline: SalaryRow): SalaryRow | undefined {
  return role.salary.find((r) => r !== headline && r.subject === headline.subject && /top|upper|high/i.test(r.measure));
}

function sourceLine(role: Role, topic?: Topic): Block {
  const volatile = topic === undefined || topic === 'salary' || topic === 'market' || topic === 'trends' || topic === 'overview';
  const asOf = volatile ? ` · ${role.scope}, ${role.asOf}` : '';
  return { type: 'source', text: `Source: Career Advisor profile of ${role.title} (knowledge/${role.file})${asOf}` };
}

function topicOffers(role: Role, except: Topic | undefined): FollowUp[] {
  return OFFER_ORDER.filter((t) => t !== except && role.sections[t] && !(t === 'salary' && role.salary.length === 0))
    .slice(0, MAX_TOPIC_OFFERS)
    .map((topic) => ({ kind: 'topic' as const, label: TOPIC_HEADINGS[topic], command: formatCommand({ kind: 'topic', roles: [role.slug], topic }) as string, topic, role: role.slug }));
}

function roleOffers(role: Role, knowledge: Knowledge, topic: Topic | undefined): FollowUp[] {
  return role.related
    .map((slug) => knowledge.bySlug.get(slug))
    .filter((r): r is Role => r !== undefined)
    .sort((a, b) => (b.kind === 'profile' ? 1 : 0) - (a.kind === 'profile' ? 1 : 0))
    .slice(0, MAX_ROLE_OFFERS)
    .map((r) => roleFollowUp(r, topic && r.sections[topic] ? topic : undefined));
}

/** The one-line pay headline: "Median $180,000 - $190,000 (basis not stated) for ML Systems Architect". */
export function payHeadline(role: Role): string | undefined {
  const head = headlineRow(role);
  if (!head) return undefined;
  const range = rangeRow(role, head);
  const who = head.self ? '' : ` — figures for **${head.subject}**, the closest published match`;
  const rangeText = range ? `; ${range.measure.toLowerCase()} ${range.figure}` : '';
  return `**${head.measure}: ${head.figure}** (${BASIS_LABEL[head.basis]}, ${head.scope})${rangeText}${who}`;
}

function firstItems(role: Role, topic: Topic, count: number): string[] {
  const section = role.sections[topic];
  if (!section) return [];
  const items: string[] = [];
  for (const block of section.blocks) {
    if (block.type === 'bullets') items.push(...block.items.filter((i) => !i.startsWith(' ')));
    if (items.length >= count) break;
  }
  return items.slice(0, count);
}

function firstParagraph(role: Role, topic: Topic): string | undefined {
  const block = role.sections[topic]?.blocks.find((b) => b.type === 'paragraph');
  return block?.type === 'paragraph' ? block.text : undefined;
}

/** A role with no topic: summary, pay headline with as-of, key skills, topic buttons. */
export function roleCard(role: Role, knowledge: Knowledge): Answer {
  const blocks: Block[] = [{ type: 'paragraph', text: role.summary }];
  const pay = payHeadline(role);
  if (pay) blocks.push({ type: 'paragraph', text: `💰 ${pay} · ${role.scope}, ${role.asOf}` });
  const skills = firstItems(role, 'skills', 4);
  if (skills.length > 0) blocks.push({ type: 'heading', text: 'Key skills' }, { type: 'bullets', items: skills });
  else {
    const overview = firstParagraph(role, 'overview');
    if (overview) blocks.push({ type: 'paragraph', text: overview });
  }
  blocks.push(sourceLine(role, 'overview'));
  const used = [`${role.slug}#overview`, ...(skills.length > 0 ? [`${role.slug}#skills`] : []), ...(pay ? [`${role.slug}#salary`] : [])];
  return {
    intent: 'overview',
    roles: [role.slug],
    topic: 'overview',
    title: role.title,
    blocks,
    followUps: [...topicOffers(role, undefined), ...roleOffers(role, knowledge, undefined)],
    sections: used,
    confidence: 1,
    suggestions: [],
  };
}

function salaryTable(rows: readonly SalaryRow[], role: Role): Block {
  return {
    type: 'table',
    columns: ['Measure', 'Figure', 'Basis', 'Figures for'],
    rows: rows.map((r) => [r.measure, r.figure, BASIS_LABEL[r.basis], `${subjectOf(r, role)} (${r.scope})`]),
  };
}

/** One role, one topic. */
export function topicAnswer(role: Role, topic: Topic, knowledge: Knowledge): Answer {
  if (topic === 'overview') {
    const section = role.sections.overview;
    const card = roleCard(role, knowledge);
    if (!section) return card;
    return { ...card, blocks: [...section.blocks, ...card.blocks.slice(1)] };
  }
  const section = role.sections[topic];
  const base = {
    intent: topic,
    roles: [role.slug],
    topic,
    title: `${role.title} — ${TOPIC_HEADINGS[topic]}`,
    followUps: [...topicOffers(role, topic), ...roleOffers(role, knowledge, topic)],
    suggestions: [],
  } satisfies Partial<Answer>;
  if (!section || (topic === 'salary' && role.salary.length === 0 && section.blocks.length === 0)) {
    const blocks: Block[] = [
      { type: 'paragraph', text: `The ${role.title} profile has nothing on _${TOPIC_HEADINGS[topic].toLowerCase()}_ yet. Here is what it covers:` },
      ...(role.sections.overview?.blocks ?? [{ type: 'paragraph' as const, text: role.summary }]),
      sourceLine(role),
    ];
    return { ...base, blocks, sections: [`${role.slug}#overview`], confidence: 0.5 };
  }
  if (topic === 'salary' && role.salary.length > 0) {
    const pay = payHeadline(role) as string;
    const blocks: Block[] = [
      { type: 'paragraph', text: pay },
      salaryTable(role.salary, role),
      ...section.blocks,
      sourceLine(role, 'salary'),
    ];
    return { ...base, blocks, sections: [section.id], confidence: 1 };
  }
  return { ...base, blocks: [...section.blocks, sourceLine(role, topic)], sections: [section.id], confidence: 1 };
}

/** Two or more roles side by side. Pay is a table with the basis of every figure spelled out. */
export function compareAnswer(roles: readonly Role[], topic: Topic): Answer {
  const names = roles.map((r) => r.title);
  const title = `${names.join(' vs ')}${topic === 'overview' ? '' : ` — ${TOPIC_HEADINGS[topic]}`}`;
  const blocks: Block[] = [];
  const sections: string[] = [];
  if (topic === 'salary') {
    blocks.push(payComparison(roles));
    blocks.push({
      type: 'bullets',
      items: [
        'Check the basis column before comparing: base salary and total compensation are different things.',
        ...roles.flatMap((r) => {
          const head = headlineRow(r);
          return head && !head.self ? [`${r.title}: no figures of its own; the row shows ${head.subject} pay, the closest published match.`] : [];
        }),
      ],
    });
    for (const r of roles) if (r.sections.salary) sections.push(`${r.slug}#salary`);
  } else if (topic === 'overview') {
    blocks.push({
      type: 'fields',
      fields: roles.map((r) => ({
        label: r.title,
        value: [r.summary, payHeadline(r) ? `💰 ${payHeadline(r)}` : undefined, ...firstItems(r, 'education', 1).map((e) => `🎓 ${e}`)]
          .filter(Boolean)
          .join('\n'),
      })),
    });
    for (const r of roles) sections.push(`${r.slug}#overview`);
  } else {
    blocks.push({
      type: 'fields',
      fields: roles.map((r) => {
        const items = firstItems(r, topic, 5);
        const value = items.length > 0 ? items.map((i) => `• ${i}`).join('\n') : firstParagraph(r, topic) ?? `_No ${TOPIC_HEADINGS[topic].toLowerCase()} in this profile._`;
        if (r.sections[topic]) sections.push(`${r.slug}#${topic}`);
        return { label: r.title, value };
      }),
    });
  }
  const scopes = [...new Set(roles.map((r) => `${r.scope}, ${r.asOf}`))].join('; ');
  blocks.push({ type: 'source', text: `Source: Career Advisor profiles (${roles.map((r) => `knowledge/${r.file}`).join(', ')}) · ${scopes}` });
  const slugs = roles.map((r) => r.slug);
  const followUps: FollowUp[] = OFFER_ORDER.filter((t) => t !== topic && roles.every((r) => r.sections[t]))
    .slice(0, MAX_TOPIC_OFFERS)
    .map((t) => ({ kind: 'topic', label: TOPIC_HEADINGS[t], command: formatCommand({ kind: 'compare', roles: slugs, topic: t }) as string, topic: t }));
  followUps.push(...roles.map((r) => roleFollowUp(r, topic)));
  return { intent: topic, roles: roles.map((r) => r.slug), topic, title, blocks, followUps, sections, confidence: 1, suggestions: [] };
}

function payComparison(roles: readonly Role[]): Block {
  return {
    type: 'table',
    columns: ['Role', 'Headline', 'Basis', 'Range', 'Top end', 'Figures for'],
    rows: roles.map((r) => {
      const head = headlineRow(r);
      if (!head) return [r.title, '—', '—', '—', '—', 'no pay data'];
      const range = rangeRow(r, head);
      const top = topRow(r, head);
      return [
        r.title,
        `${head.measure}: ${head.figure}`,
        BASIS_LABEL[head.basis],
        range ? range.figure : '—',
        top ? (/^top end$/i.test(top.measure) ? top.figure : `${top.measure}: ${top.figure}`) : '—',
        `${subjectOf(head, r)} (${head.scope}, ${r.asOf})`,
      ];
    }),
  };
}

/** A topic with no role named: pay across the main profiles, or a question back with choices. */
export function acrossRolesAnswer(topic: Topic, knowledge: Knowledge): Answer {
  const profiles = knowledge.roles.filter((r) => r.kind === 'profile');
  const choices: FollowUp[] = profiles.map((r) => ({ ...roleFollowUp(r, topic), topic }));
  if (topic === 'salary') {
    const answer = compareAnswer(profiles, 'salary');
    return {
      ...answer,
      roles: [],
      title: 'Pay across the architect roles',
      blocks: [{ type: 'paragraph', text: 'Here is the headline pay for each architect role I cover. Pick one for the full breakdown.' }, ...answer.blocks],
      followUps: choices,
      confidence: 0.8,
    };
  }
  return {
    intent: topic,
    roles: [],
    topic,
    title: `${TOPIC_HEADINGS[topic]} — which role?`,
    blocks: [
      { type: 'paragraph', text: `Which role do you mean? I can show _${TOPIC_HEADINGS[topic].toLowerCase()}_ for any of these:` },
      { type: 'bullets', items: profiles.map((r) => `**${r.title}** — ${r.summary}`) },
      { type: 'paragraph', text: 'Or name another role: `roles` lists all of them.' },
    ],
    followUps: choices,
    sections: [],
    confidence: 0.6,
    suggestions: [],
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
  const profiles = knowledge.roles.filter((r) => r.kind === 'profile');
  return {
    intent: 'help',
    roles: [],
    title: 'Career Advisor',
    blocks: [
      {
        type: 'paragraph',
        text: `I answer questions about ${knowledge.roles.length} machine-learning and AI careers: what the job is, pay, skills, education, career path, demand, trends, best practices, challenges and related roles.`,
      },
      { type: 'heading', text: 'Try' },
      { type: 'bullets', items: EXAMPLES },
      { type: 'paragraph', text: 'Commands: `role <name> [topic]`, `compare <role> <role> [topic]`, `roles`, `help`. Topics: ' + TOPICS.map((t) => `\`${t}\``).join(', ') + '.' },
    ],
    followUps: profiles.map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 1,
    suggestions: [],
  };
}

export function rolesAnswer(knowledge: Knowledge): Answer {
  const line = (r: Role) => `**${r.title}** (\`${r.slug}\`) — ${r.summary}`;
  const profiles = knowledge.roles.filter((r) => r.kind === 'profile');
  const briefs = knowledge.roles.filter((r) => r.kind === 'brief');
  return {
    intent: 'roles',
    roles: [],
    title: `Roles I know (${knowledge.roles.length})`,
    blocks: [
      { type: 'heading', text: 'Full career profiles' },
      { type: 'bullets', items: profiles.map(line) },
      { type: 'heading', text: 'Related roles (short profiles)' },
      { type: 'bullets', items: briefs.map(line) },
    ],
    followUps: profiles.map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 1,
    suggestions: [],
  };
}

export function unknownAnswer(knowledge: Knowledge, suggestions: readonly Role[], reason: UnknownReason, language?: string): Answer {
  const profiles = knowledge.roles.filter((r) => r.kind === 'profile');
  if (reason === 'language') return languageAnswer(knowledge, language);
  const lead =
    reason === 'no-role'
      ? "I don't know that role."
      : reason === 'out-of-scope'
        ? "That's outside what I cover."
        : "I'm not sure what you're asking.";
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text: `${lead} I cover these careers: ${profiles.map((r) => r.title).join(', ')}, and ${knowledge.roles.length - profiles.length} related AI roles (type \`roles\` for the list).`,
    },
  ];
  if (suggestions.length > 0) {
    blocks.push({ type: 'paragraph', text: `Did you mean ${suggestions.map((r) => `**${r.title}**`).join(' or ')}?` });
  }
  blocks.push({ type: 'paragraph', text: 'Try e.g. `how much does a lead ML architect make?` or `help`.' });
  const offered = suggestions.length > 0 ? suggestions : profiles.slice(0, 3);
  return {
    intent: 'unknown',
    roles: [],
    title: suggestions.length > 0 ? 'Did you mean…' : 'I cover these careers',
    blocks,
    followUps: offered.map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 0,
    suggestions: suggestions.map((r) => r.title),
  };
}

/** A topic whose role words fit several roles ("MLE skills"): a short question back, the candidates as follow-ups. */
export function whichOneAnswer(candidates: readonly Role[], topic: Topic | undefined): Answer {
  const names = candidates.map((r) => `**${r.title}**`).join(', ').replace(/, ([^,]*)$/, ' or $1');
  const text = topic && topic !== 'overview' ? `Which one do you mean? I can show _${TOPIC_HEADINGS[topic].toLowerCase()}_ for ${names}.` : `Which one do you mean: ${names}?`;
  return {
    intent: topic ?? 'overview',
    roles: [],
    ...(topic ? { topic } : {}),
    title: 'Which one?',
    blocks: [{ type: 'paragraph', text }],
    followUps: candidates.map((r) => roleFollowUp(r, topic)),
    sections: [],
    confidence: 0.6,
    suggestions: candidates.map((r) => r.title),
  };
}

/** The languages questions may be asked in, for people. */
const LANGUAGES_UNDERSTOOD = 'English, Spanish, French, German and Portuguese';

/** A message in a language the advisor does not read: say which ones it does, in English. */
function languageAnswer(knowledge: Knowledge, language: string | undefined): Answer {
  const profiles = knowledge.roles.filter((r) => r.kind === 'profile');
  const named = language ? languageName(language) : undefined;
  return {
    intent: 'unknown',
    roles: [],
    title: 'Languages I understand',
    blocks: [
      { type: 'paragraph', text: `Sorry, I can't read ${named && named !== 'that language' ? named : 'that language'} yet. I understand questions in ${LANGUAGES_UNDERSTOOD}, and I answer in English.` },
      { type: 'paragraph', text: 'For example: `how much does a staff ML architect make?`, `¿cuánto gana un staff ML architect?`, `Was ist ein ML Infrastructure Architect?` or `help`.' },
    ],
    followUps: profiles.slice(0, 3).map((r) => roleFollowUp(r)),
    sections: [],
    confidence: 0,
    suggestions: [],
  };
}

/** The one line an answer to a question in another language starts with. */
function languageNote(language: string): Block {
  return { type: 'paragraph', text: `_Read as ${languageName(language)}; answering in English._` };
}

/** Builds the answer a resolved query asks for. */
export function composeAnswer(query: Query, knowledge: Knowledge): Answer {
  const roles = query.roles.map((slug) => knowledge.bySlug.get(slug)).filter((r): r is Role => r !== undefined);
  const candidates = (query.candidates ?? []).map((slug) => knowledge.bySlug.get(slug)).filter((r): r is Role => r !== undefined);
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
  if (query.language && query.unknown !== 'language') answer = { ...answer, blocks: [languageNote(query.language), ...answer.blocks] };
  return query.kind === 'unknown' ? answer : { ...answer, confidence: Math.min(answer.confidence, query.confidence) };
}
