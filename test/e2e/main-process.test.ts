/**
 * The whole program as an operator runs it: `career-advisor start` (what `npm start` runs, here from the sources) in its own process, with
 * Slack (HTTP mode) and Discord configured against the local fakes. Checks the wiring in main.ts: config → both
 * adapters in one process → health routes → a signed slash command answered → clean exit on SIGTERM, and no token
 * in the logs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { SlackRequestSender } from '../fakes/slack-signer.ts';
import { cliCommand, cliEnv } from '../helpers.ts';
import { freePort } from '../helpers/ports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SLACK_TOKEN = 'xoxb-1111-2222-mainprocesstoken';
const SIGNING_SECRET = 'main-process-signing-secret';
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.mainprocessdiscordtokenvalue01';

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

// One process's life, in order: ready, answers, stops on SIGTERM. The steps share the process, so they are not shuffled.
describe('career-advisor start with Slack and Discord configured', { shuffle: false }, () => {
  const slack = new FakeSlackApi();
  const discord = new FakeDiscord();
  let child: ChildProcessWithoutNullStreams;
  let port = 0;
  let output = '';

  beforeAll(async () => {
    await slack.start();
    await discord.start();
    port = await freePort();
    const main = cliCommand(['start']);
    child = spawn(main.command, main.args, {
      cwd: root,
      env: cliEnv({
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
        PORT: String(port),
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_API_URL: discord.apiUrl,
        // The embedded store's file goes to a temporary folder, not the checkout's ./data.
        DATA_DIR: mkdtempSync(join(tmpdir(), 'career-advisor-main-')),
      }),
    });
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 20_000);
  }, 30_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await discord.stop();
    await slack.stop();
  });

  it('is alive and ready once the knowledge is loaded and both platforms are connected', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { checks: Record<string, unknown> };
    expect(ready.checks).toEqual({ knowledge: { ok: true }, store: { ok: true }, slack: { ok: true }, discord: { ok: true } });
    expect(discord.identifies).toHaveLength(1);
  });

  it('answers a signed slash command privately through the real process', async () => {
    const { id, url } = slack.newResponseUrl();
    const sender = new SlackRequestSender(`http://127.0.0.1:${port}`, SIGNING_SECRET);
    const result = await sender.postForm({
      command: '/role',
      text: 'staff-ml-architect salary',
      team_id: slack.teamId,
      channel_id: 'C1',
      user_id: 'U1',
      user_name: 'member',
      response_url: url,
      trigger_id: 't1',
    });
    expect(result.status).toBe(200);
    // The answer rides in the ack itself: no response_url round trip.
    expect(result.body).toContain('$190,000 - $200,000');
    expect(JSON.parse(result.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(slack.responses.some((r) => r.id === id)).toBe(false);
    expect((await sender.postForm({ command: '/role', text: 'x', user_id: 'U1' }, { secret: 'forged' })).status).toBe(401);
  });

  it('stops cleanly on SIGTERM and never logs a token', async () => {
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('"event":"shutdown"');
    for (const secret of [SLACK_TOKEN, SIGNING_SECRET, DISCORD_TOKEN]) expect(output).not.toContain(secret);
    expect(output).not.toContain('unhandled_rejection');
  }, 15_000);
});
