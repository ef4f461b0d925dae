import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Adapter suites start servers on ephemeral 127.0.0.1 ports, so files can run in parallel.
    fileParallelism: true,
  },
});
