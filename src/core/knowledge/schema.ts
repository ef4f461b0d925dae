import * as z from 'zod';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = z.string().regex(SLUG_PATTERN, 'must be kebab-case: lower-case letters, digits and single dashes');
const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .refine((s) => !/[\r\n]/.test(s), 'must be one line');

/** The front matter of a knowledge file. Unknown keys are errors, so a typo never passes silently. */
export const frontMatterSchema = z.strictObject({
  slug,
  title: oneLine(100),
  kind: z.enum(['profile', 'brief']),
  summary: oneLine(200),
  aliases: z.array(oneLine(80)).default([]),
  related: z.array(slug).default([]),
  asOf: z.union([z.string(), z.number()]).transform(String),
  scope: oneLine(60),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** The header of every salary table, in this order. */
export const SALARY_COLUMNS = ['Measure', 'Figure', 'Basis', 'Subject', 'Scope'] as const;
