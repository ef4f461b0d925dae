/**
 * Property tests run with one fixed seed, so a failure seen once is seen again on every machine; `FUZZ_SEED` picks
 * another seed and `FUZZ_SCALE` multiplies the sizes chosen with {@link runs} (`npm run test:fuzz` sets both).
 */
import fc from 'fast-check';

const fuzzSeed = Number(process.env['FUZZ_SEED'] ?? 20261121);
const scale = Number(process.env['FUZZ_SCALE'] ?? 1);

/** `base` runs in `npm test` (sized to take a few seconds at most), `base × FUZZ_SCALE` under `npm run test:fuzz`. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

fc.configureGlobal({ seed: Number.isFinite(fuzzSeed) ? fuzzSeed : 20261121 });
