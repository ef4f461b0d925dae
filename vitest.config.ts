import { defineConfig } from 'vitest/config';
import { SlowFirstSequencer } from './test/setup/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One fixed fast-check seed for every property test (FUZZ_SEED / FUZZ_SCALE change it for `npm run test:fuzz`).
    setupFiles: ['test/setup/property.ts'],
    // Builds dist/ once, so tests that start bin/career-advisor.js run the current sources, and writes the knowledge
    // snapshots tests read instead of parsing the knowledge again (test/helpers/knowledge-cache.ts).
    globalSetup: ['test/setup/build.ts'],
    // Generous on purpose: the suite must pass on a busy 2-core machine. Tests wait on events, never on the clock.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Adapter suites start servers on ephemeral 127.0.0.1 ports, so files can run in parallel.
    fileParallelism: true,
    // vitest's default on 2 cores is one worker (cores − 1): the whole suite would run file after file. Most files
    // spend their time waiting on child processes, sockets and timers, not on the CPU, so three run side by side.
    maxWorkers: 3,
    // A worker runs file after file in one process, keeping the modules it imported: loading vitest, Bolt, discord.js
    // and the sources again for every file was a third of the suite's CPU. So no test may leave state behind in a
    // module or in the process (each builds its own advisor, store, server, temp dir; the shared knowledge is frozen,
    // test/helpers.ts); `npm run test:shuffle` mixes which files share a worker and in what order.
    isolate: false,
    // The longest files start first, also on a fresh clone with no timings yet (test/setup/sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
  },
});
