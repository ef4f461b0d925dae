/** Reads the amounts out of a salary figure such as `$180,000 - $190,000`, `Over $366,000`, `₹20,70,436` or `70-80%`. */
export type FigureUnit = 'USD' | 'EUR' | 'GBP' | 'INR' | 'percent';

export interface ParsedFigure {
  amounts: number[];
  unit: FigureUnit;
}

const MONEY = /(\$|€|£|₹|USD\s?)\s?(\d[\d,]*(?:\.\d+)?)\s*(billion|million|k\b)?/gi;
const PERCENT = /(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*%/g;
const SCALE: Record<string, number> = { billion: 1e9, million: 1e6, k: 1e3 };
const CURRENCY: Record<string, FigureUnit> = { $: 'USD', usd: 'USD', '€': 'EUR', '£': 'GBP', '₹': 'INR' };

/** Returns `undefined` when the figure holds neither a money amount nor a percentage. */
export function parseFigure(figure: string): ParsedFigure | undefined {
  const money = [...figure.matchAll(MONEY)];
  if (money.length > 0) {
    const unit = CURRENCY[(money[0]?.[1] ?? '$').trim().toLowerCase()] ?? 'USD';
    const amounts = money.map(
      (m) => Number((m[2] ?? '').replace(/,/g, '')) * (SCALE[(m[3] ?? '').toLowerCase()] ?? 1),
    );
    return { amounts, unit };
  }
  const percents = [...figure.matchAll(PERCENT)].flatMap((m) =>
    [m[1], m[2]].filter((v): v is string => v !== undefined).map(Number),
  );
  if (percents.length > 0) return { amounts: percents, unit: 'percent' };
  return undefined;
}
