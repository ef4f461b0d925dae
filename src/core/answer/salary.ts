/**
 * Pay in chat form: the direct answer in one line ("Staff ML Architect: median $190,000 - $200,000 a year (estimate,
 * US, 2024); typical range $150,000 - $300,000+."), then the role's own other figures, then the figures of
 * neighbouring roles in a group of their own, each figure exactly as the knowledge writes it. The full table, with the
 * basis of every row, is what the composer puts behind "More".
 */
import type { Block, Role, SalaryBasis, SalaryRow } from '../types.ts';

const BASIS_LABEL: Readonly<Record<SalaryBasis, string>> = {
  base: 'base salary',
  total: 'total compensation',
  additional: 'additional pay (on top of base)',
  bonus: 'bonus',
  equity: 'equity / stock',
  share: 'share of the package',
  unspecified: 'basis not stated by the source',
};

/** Bases worth saying beside a figure in the short answer: the others are plain from the measure or unknown. */
const SAID_BASES: ReadonlySet<SalaryBasis> = new Set(['base', 'total', 'additional']);

export function basisLabel(basis: SalaryBasis): string {
  return BASIS_LABEL[basis];
}

/** The name a chat line uses: "Staff ML Architect" for "Staff Machine Learning Architect". */
export function shortName(role: Pick<Role, 'title'>): string {
  return role.title.replace(/\bMachine Learning\b/g, 'ML').replace(/\bArtificial Intelligence\b/g, 'AI');
}

/** The figure a salary answer leads with: the first row about the role itself, else the first row. */
export function headlineRow(role: Role): SalaryRow | undefined {
  return role.salary.find((r) => r.self) ?? role.salary[0];
}

export function rangeRow(role: Role, headline: SalaryRow): SalaryRow | undefined {
  return role.salary.find(
    (r) => r !== headline && r.subject === headline.subject && r.scope === headline.scope && /range/i.test(r.measure),
  );
}

export function topRow(role: Role, headline: SalaryRow): SalaryRow | undefined {
  return role.salary.find((r) => r !== headline && r.subject === headline.subject && /top|upper|high/i.test(r.measure));
}

/** "Median (estimate)" → `median` and `["estimate"]`: the measure as words, and what its brackets qualify. */
function measureWords(measure: string): { words: string; qualifiers: string[] } {
  const qualifiers = [...measure.matchAll(/\(([^)]*)\)/g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
  const words = measure.replace(/\s*\([^)]*\)/g, '').trim();
  return { words: /^[A-Z][a-z]/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words, qualifiers };
}

/** A money figure of yearly pay that does not say so: "a year" makes it plain (never for shares, bonuses or equity). */
function yearly(row: SalaryRow): string {
  const money = row.unit !== 'percent' && (row.basis === 'base' || row.basis === 'total' || row.basis === 'unspecified');
  return money && !/\b(year|annual|annually|month|hour)\b/i.test(row.figure) ? ' a year' : '';
}

/**
 * The one-line pay answer, figures exactly as written: "**Staff ML Architect**: median $190,000 - $200,000 a year
 * (estimate, US, 2024); typical range $150,000 - $300,000+." When the role has no figures of its own, it says whose
 * figures it quotes instead. Undefined for a role with no salary rows.
 */
export function payLine(role: Role, options: { name?: boolean } = {}): string | undefined {
  const head = headlineRow(role);
  if (!head) return undefined;
  const range = rangeRow(role, head);
  const { words, qualifiers } = measureWords(head.measure);
  const about = [...qualifiers, ...(SAID_BASES.has(head.basis) ? [BASIS_LABEL[head.basis]] : []), head.scope, role.asOf].join(', ');
  const figure = `${words} ${head.figure}${yearly(head)} (${about})`;
  const rangeText = range ? `; ${measureWords(range.measure).words} ${range.figure}` : '';
  const name = options.name === false ? '' : `**${shortName(role)}**: `;
  if (head.self) return `${name}${figure}${rangeText}.`;
  return `${name}no pay figures for this title itself; the closest published match is **${head.subject}** pay: ${figure}${rangeText}.`;
}

/** `Measure: figure` with the scope when it differs from the group's, and the basis when it is worth saying. */
function figureLine(row: SalaryRow, scope: string, groupBasis?: SalaryBasis): string {
  const where = row.scope === scope ? '' : ` (${row.scope})`;
  const said = SAID_BASES.has(row.basis) && row.basis !== groupBasis && !row.measure.toLowerCase().includes(row.basis);
  const basis = said ? ` (${BASIS_LABEL[row.basis]})` : '';
  return `${row.measure}${where}: ${row.figure}${basis}`;
}

/** Rows grouped by the role they describe, in table order. */
function bySubject(rows: readonly SalaryRow[]): SalaryRow[][] {
  const groups = new Map<string, SalaryRow[]>();
  for (const row of rows) {
    const key = row.self ? '\u0000self' : row.subject;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()];
}

/**
 * The figures after the direct line: the role's own (or, with none of its own, the closest match's) in one group,
 * then every neighbouring role's under a heading that says they are not this role's pay. Every row of the table not
 * in {@link payLine} appears exactly once.
 */
export function payGroups(role: Role): Block[] {
  const head = headlineRow(role);
  if (!head) return [];
  const range = rangeRow(role, head);
  const rest = role.salary.filter((r) => r !== head && r !== range);
  const own = rest.filter((r) => (head.self ? r.self : r.subject === head.subject));
  const neighbours = rest.filter((r) => !own.includes(r));
  const name = shortName(role);
  const blocks: Block[] = [];
  if (own.length > 0) {
    const label = head.self ? `More ${name} figures (${head.scope})` : `More ${head.subject} figures (closest match, ${head.scope})`;
    blocks.push({ type: 'fields', fields: [{ label, value: own.map((r) => figureLine(r, head.scope)).join('\n') }] });
  }
  const groups = bySubject(neighbours);
  if (groups.length > 0) {
    blocks.push(
      { type: 'heading', text: `Neighbouring roles, for comparison — not ${name} pay` },
      {
        type: 'fields',
        fields: groups.map((rows) => {
          const first = rows[0] as SalaryRow;
          const subject = first.self ? name : first.subject;
          // One basis for the whole group is said once, in its label.
          const basis = SAID_BASES.has(first.basis) && rows.every((r) => r.basis === first.basis) ? first.basis : undefined;
          const label = `${subject} (${first.scope}${basis ? `, ${BASIS_LABEL[basis]}` : ''})`;
          return { label, value: rows.map((r) => figureLine(r, first.scope, basis)).join('\n') };
        }),
      },
    );
  }
  return blocks;
}

/** The full table: every row with its basis and whom it describes. */
export function salaryTable(role: Role): Block {
  return {
    type: 'table',
    columns: ['Measure', 'Figure', 'Basis', 'Figures for'],
    rows: role.salary.map((r) => [r.measure, r.figure, BASIS_LABEL[r.basis], `${r.self ? role.title : r.subject} (${r.scope})`]),
  };
}
