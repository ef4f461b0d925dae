/**
 * The accuracy gate: every labelled set stays at or above the figures recorded in floors.json, so they can only go
 * up. A split file that is not in the repo yet (the locked test split is added by the lead) skips, saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalSets, figures, floorsFile, runEval } from '../../scripts/eval.ts';

interface Floor {
  file: string;
  /** `null` until recorded (the locked test split gets its floors when the lead adds it). */
  joint: number | null;
  oosRecall: number | null;
  turns?: number | null;
}

const floors = JSON.parse(readFileSync(floorsFile, 'utf8')) as Record<string, Floor>;
const sets = evalSets;

describe('accuracy gate (test/eval/floors.json)', () => {
  for (const [name, floor] of Object.entries(floors)) {
    const path = sets[name];
    const present = path !== undefined && existsSync(path);
    it.skipIf(!present)(
      `${name}: joint ≥ ${floor.joint ?? '(not recorded)'}, out-of-scope recall ≥ ${floor.oosRecall ?? '(not recorded)'}${present ? '' : ` (skipped: ${floor.file} is absent)`}`,
      async () => {
        expect(
          floor.joint !== null && floor.oosRecall !== null,
          `${name}: no floors recorded yet; run \`npm run eval -- --record\` and commit test/eval/floors.json`,
        ).toBe(true);
        const result = await runEval(path as string);
        const got = figures(result);
        const misses = result.misses
          .slice(0, 20)
          .map((m) => `${m.q} → ${m.got} (want ${m.want})`)
          .join('\n');
        expect(got.joint, `${name} joint accuracy; first misses:\n${misses}`).toBeGreaterThanOrEqual(floor.joint as number);
        expect(got.oosRecall, `${name} out-of-scope recall`).toBeGreaterThanOrEqual(floor.oosRecall as number);
        if (floor.turns !== undefined && floor.turns !== null)
          expect(got.turns, `${name} conversation turns`).toBeGreaterThanOrEqual(floor.turns);
      },
      60_000,
    );
  }

  it('records a floor for every set present', () => {
    expect(Object.keys(sets).filter((name) => !floors[name])).toEqual([]);
  });
});
