/**
 * Knowledge of any size for the benchmark and the scale tests: every real role under domain (and, past 1,008 roles,
 * domain + focus) qualifiers, each with a distinct slug, title and aliases, links kept within the generated set.
 */
import type { Knowledge, Role } from '../src/core/types.ts';

const DOMAINS = [
  'Robotics',
  'Computer Vision',
  'Speech',
  'Fintech',
  'Healthcare',
  'Retail',
  'Gaming',
  'Automotive',
  'Energy',
  'Climate',
  'Biotech',
  'Insurance',
  'Logistics',
  'Media',
  'Security',
  'Edge',
  'Quantum',
  'Recommender',
  'Search',
  'Ads',
  'Fraud',
  'Genomics',
  'Agriculture',
  'Aerospace',
  'Telecom',
  'Legal',
  'Education',
  'Travel',
  'Sports',
  'Music',
  'Manufacturing',
  'Supply Chain',
  'Mobility',
  'Payments',
  'Crypto',
  'Cyber',
  'Defense',
  'Marine',
  'Mining',
  'Pharma',
  'Real Estate',
  'Hospitality',
  'Public Sector',
  'Nonprofit',
  'Space',
  'Drone',
  'Wearables',
  'IoT',
];
const FOCUS = [
  'Platform',
  'Applied',
  'Growth',
  'Trust',
  'Cloud',
  'Mobile',
  'Enterprise',
  'Consumer',
  'Foundations',
  'Marketplace',
  'Streaming',
  'Privacy',
];

export function qualifiers(): string[] {
  return [...DOMAINS, ...FOCUS.flatMap((f) => DOMAINS.map((d) => `${d} ${f}`))];
}

/** `count` roles made from the real ones, each with a distinct name ("Fintech Cloud ML Systems Architect"). */
export function syntheticKnowledge(base: Knowledge, count: number): Knowledge {
  if (count <= base.roles.length) return base;
  const roles: Role[] = [];
  const kebab = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  outer: for (const q of qualifiers()) {
    for (const r of base.roles) {
      if (roles.length >= count) break outer;
      const slug = `${kebab(q)}-${r.slug}`;
      const sections = Object.fromEntries(Object.entries(r.sections).map(([t, s]) => [t, { ...s, id: `${slug}#${t}`, role: slug }]));
      roles.push({
        ...r,
        slug,
        title: `${q} ${r.title}`,
        aliases: r.aliases.map((a) => `${q} ${a}`),
        related: r.related.map((s) => `${kebab(q)}-${s}`),
        sections,
        file: `${slug}.md`,
      });
    }
  }
  const bySlug = new Map(roles.map((r) => [r.slug, r]));
  for (const r of roles) r.related = r.related.filter((s) => bySlug.has(s));
  return { ...base, roles, bySlug };
}
