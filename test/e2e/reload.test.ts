/**
 * Reloading the knowledge while running: the parse happens in a worker thread, so the process keeps answering
 * `/healthz` through a reload; the console modes reload on SIGHUP and on a `reload` command instead of dying.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { freePort, RunningProcess, waitFor } from '../fakes/process.ts';
import { knowledgeDir } from '../helpers.ts';

function copyOfKnowledge(copies = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'ca-reload-'));
  cpSync(knowledgeDir, dir, { recursive: true });
  // Extra roles under new names make the parse long enough that a blocked event loop could not hide in the noise.
  for (let n = 1; n <= copies; n++) {
    for (const file of readdirSync(knowledgeDir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const source = readFileSync(join(knowledgeDir, file), 'utf8')
        .replace(/^slug: (.+)$/m, `slug: $1-copy-${n}`)
        .replace(/^title: (.+)$/m, `title: $1 Copy ${n}`)
        .replace(/^aliases:(?: \[.*\])?\n(?: {2}- .*\n)*/m, 'aliases: []\n');
      writeFileSync(join(dir, file.replace(/\.md$/, `-copy-${n}.md`)), source);
    }
  }
  return dir;
}

describe('reload in a platform process', () => {
  const slack = new FakeSlackApi();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  it('keeps answering /healthz while SIGHUP reloads the knowledge', async () => {
    const port = await freePort();
    const app = new RunningProcess({
      PORT: String(port),
      SLACK_BOT_TOKEN: 'xoxb-1111-2222-reloadtoken',
      SLACK_SIGNING_SECRET: 'reload-secret',
      SLACK_API_URL: slack.apiUrl,
      KNOWLEDGE_DIR: copyOfKnowledge(2),
      KNOWLEDGE_CACHE_DIR: 'off',
    });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 60_000, 'ready');
      const answered: Array<{ sent: number; received: number }> = [];
      let polling = true;
      const poll = (async () => {
        while (polling) {
          const sent = Date.now();
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          await res.text();
          if (res.status === 200) answered.push({ sent, received: Date.now() });
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 200));
      app.child.kill('SIGHUP');
      await waitFor(() => app.hasEvent('advisor.reload'), 60_000, 'the reload to finish');
      polling = false;
      await poll;
      const time = (name: string) => app.events().find((e) => e['event'] === name)?.['time'] as number;
      const [started, finished] = [time('knowledge.reload_started'), time('advisor.reload')];
      expect(app.events().find((e) => e['event'] === 'advisor.reload')?.['roles']).toBe(63);
      // Answers that were both asked and received while the reload ran: with the parse on the main thread there are
      // next to none (every request waits for the parse); in a worker the loop keeps turning.
      const during = answered.filter((a) => a.sent >= started && a.received <= finished);
      expect(during.length, `window ${finished - started} ms`).toBeGreaterThanOrEqual(10);
      const longest = Math.max(...answered.filter((a) => a.received >= started && a.sent <= finished).map((a) => a.received - a.sent));
      expect(longest, `longest /healthz during a ${finished - started} ms reload`).toBeLessThan((finished - started) / 2);
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      expect(app.output).not.toContain('unhandled_rejection');
    } finally {
      app.kill();
    }
  }, 120_000);
});

describe('reload in the console', () => {
  it('reloads on a `reload` command and on SIGHUP, keeps the old knowledge when the new one is broken', async () => {
    const dir = copyOfKnowledge();
    // `chat`: what `npm start` opens at a terminal with no tokens (without a terminal, `start` refuses to open it).
    const app = new RunningProcess({ KNOWLEDGE_DIR: dir }, ['chat']);
    try {
      const ask = async (text: string, expected: string) => {
        const from = app.stdout.length;
        app.child.stdin.write(`${text}\n`);
        await waitFor(() => app.stdout.slice(from).includes(expected), 20_000, `"${expected}" after "${text}"`);
      };
      await ask('staff ml architect salary', '$190,000 - $200,000');
      const file = join(dir, 'staff-ml-architect.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('$190,000 - $200,000', '$191,000 - $201,000'));
      await ask('reload', 'Knowledge reloaded: 21 roles.');
      await ask('staff ml architect salary', '$191,000 - $201,000');

      writeFileSync(file, readFileSync(file, 'utf8').replace('$191,000 - $201,000', '$192,000 - $202,000'));
      app.child.kill('SIGHUP');
      await waitFor(
        async () => {
          const from = app.stdout.length;
          app.child.stdin.write('staff ml architect salary\n');
          await waitFor(() => app.stdout.slice(from).includes('$19'), 10_000, 'an answer');
          return app.stdout.slice(from).includes('$192,000 - $202,000');
        },
        20_000,
        'the SIGHUP reload',
      );

      writeFileSync(join(dir, 'broken.md'), '## no front matter\n');
      await ask('reload', 'Reload failed; still using the previous knowledge (21 roles):');
      expect(app.stdout).toContain('broken.md:1: missing front matter');
      await ask('staff ml architect salary', '$192,000 - $202,000');
      app.child.stdin.end();
      expect((await app.exited).code).toBe(0);
      expect(app.output).not.toContain('unhandled_rejection');
    } finally {
      app.kill();
    }
  }, 90_000);
});
