#!/usr/bin/env node
// `node scripts/run-all.mjs lint typecheck`: runs npm scripts side by side (the linters and the type check each
// build their own TypeScript program, one core each), prints each one's output in one piece when it ends, and exits
// non-zero when any failed. Used by `npm test`, so the checks take as long as the slowest of them.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const started = performance.now();
        const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (c) => (output += c));
        child.stderr.on('data', (c) => (output += c));
        child.on('close', (code) => {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stdout.write(`${code === 0 ? '✓' : '✗'} npm run ${name} (${seconds} s)\n${output}`);
          resolve(code === 0);
        });
      }),
  ),
);
if (results.some((ok) => !ok)) process.exit(1);
