/**
 * Startup faults through the real process: each one ends with exit 1 and one clear sentence on stderr naming what to
 * fix (token, port, file, variable), never a stack trace (that needs LOG_LEVEL=debug); and a token revoked while
 * running turns /readyz 503 with the reason.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { SlackRequestSender } from '../fakes/slack-signer.ts';
import { freePort, RunningProcess, waitFor } from '../fakes/process.ts';
import { knowledgeDir } from '../helpers.ts';
import { privateSnapshotCopy } from '../helpers/knowledge-cache.ts';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1111-2222-startuptoken', SLACK_SIGNING_SECRET: 'startup-signing-secret' };
const DISCORD = {
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.startupdiscordtokenvalue0001',
  DISCORD_APPLICATION_ID: '123456789012345678',
};

/** Runs the process to its exit and returns stderr, checking it failed with one line and no stack trace. */
async function failsWith(env: Record<string, string>): Promise<string> {
  const app = new RunningProcess(env);
  try {
    const { code } = await app.exited;
    expect(code, app.output).toBe(1);
    expect(app.stderr).not.toMatch(/^\s+at /m);
    expect(app.output).not.toContain('unhandled_rejection');
    return app.stderr.trimEnd();
  } finally {
    app.kill();
  }
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer().listen(port, '0.0.0.0', () => resolve(server));
  });
}

describe('startup faults', () => {
  const slack = new FakeSlackApi();
  const discord = new FakeDiscord();
  beforeAll(async () => {
    await slack.start();
    await discord.start();
  });
  afterAll(async () => {
    await slack.stop();
    await discord.stop();
  });

  it('a Slack token rejected by auth.test stops the start with one sentence naming SLACK_BOT_TOKEN', async () => {
    slack.failNext('auth.test', { error: 'invalid_auth' });
    const stderr = await failsWith({ ...SLACK, SLACK_API_URL: slack.apiUrl, PORT: String(await freePort()) });
    expect(stderr).toBe(
      'slack: Slack rejected SLACK_BOT_TOKEN (invalid_auth); check the bot token under OAuth & Permissions and reinstall the app if it was revoked.',
    );
  }, 30_000);

  it('a Socket Mode app-level token refused by apps.connections.open is named as SLACK_APP_TOKEN', async () => {
    // The fake answers apps.connections.open with invalid_auth while it has no socket URL to hand out.
    const stderr = await failsWith({
      SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A111-222-startup',
      SLACK_API_URL: slack.apiUrl,
    });
    expect(stderr).toBe(
      'slack: Slack rejected SLACK_APP_TOKEN (invalid_auth); generate an app-level token with connections:write under Basic Information.',
    );
  }, 30_000);

  it('a Discord token refused at login stops the start with one sentence naming DISCORD_TOKEN', async () => {
    discord.failNext((call) => call.path === '/gateway/bot', 401);
    const stderr = await failsWith({ ...DISCORD, DISCORD_API_URL: discord.apiUrl });
    expect(stderr).toBe(
      'discord: Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the bot token again from the Developer Portal (Bot → Reset Token).',
    );
  }, 30_000);

  it('an unreachable Discord or Slack API is named with its URL', async () => {
    const closed = await freePort();
    const discordStderr = await failsWith({ ...DISCORD, DISCORD_API_URL: `http://127.0.0.1:${closed}/api` });
    expect(discordStderr).toBe(
      `discord: cannot reach the Discord API at http://127.0.0.1:${closed}/api (ECONNREFUSED); check the network and the API URL setting.`,
    );
    const slackStderr = await failsWith({
      SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-A111-222-startup',
      SLACK_API_URL: `http://127.0.0.1:${closed}/api/`,
    });
    expect(slackStderr).toBe(
      `slack: cannot reach the Slack API at http://127.0.0.1:${closed}/api/ (ECONNREFUSED); check the network and the API URL setting.`,
    );
  }, 60_000);

  it('a port in use is named, for the Slack receiver and for the health server; the stack only at debug level', async () => {
    const port = await freePort();
    const blocker = await listenOn(port);
    try {
      const sentence = `career-advisor: port ${port} is already in use by another process; stop it or set PORT to a free port.`;
      expect(await failsWith({ ...SLACK, SLACK_API_URL: slack.apiUrl, PORT: String(port) })).toBe(sentence);
      expect(await failsWith({ ...DISCORD, DISCORD_API_URL: discord.apiUrl, PORT: String(port) })).toBe(sentence);
      const debug = new RunningProcess({ ...DISCORD, DISCORD_API_URL: discord.apiUrl, PORT: String(port), LOG_LEVEL: 'debug' });
      await debug.exited;
      expect(debug.stderr.split('\n')[0]).toBe(sentence);
      expect(debug.stderr).toMatch(/^\s+at /m);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('a broken knowledge folder names the file; a bad config lists every problem; numbers must be decimal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-start-'));
    cpSync(knowledgeDir, dir, { recursive: true });
    mkdirSync(join(dir, 'folder.md'));
    expect(await failsWith({ ...DISCORD, DISCORD_API_URL: discord.apiUrl, KNOWLEDGE_DIR: dir })).toBe(
      'knowledge: 1 problem found:\n  folder.md:0: is a directory, not a file',
    );
    expect(await failsWith({ LOG_LEVEL: 'loud', DISCORD_TOKEN: 'x', PORT: '0x50', SHUTDOWN_TIMEOUT_MS: '1e3' })).toBe(
      [
        'config: invalid configuration (4 problems):',
        '  - LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
        '  - SHUTDOWN_TIMEOUT_MS: must be a whole number in decimal digits (such as 3000)',
        '  - PORT: must be a whole number in decimal digits (such as 3000)',
        '  - DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set',
      ].join('\n'),
    );
  }, 60_000);
});

describe('readiness while running', () => {
  const slack = new FakeSlackApi();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  it('turns 503 with the reason when Slack rejects the token later, and says so in the log', async () => {
    const port = await freePort();
    const app = new RunningProcess({ ...SLACK, SLACK_API_URL: slack.apiUrl, PORT: String(port) });
    try {
      const readyz = async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        return { status: res.status, body: (await res.json()) as { checks: Record<string, { ok: boolean; reason?: string }> } };
      };
      await waitFor(async () => (await readyz()).status === 200, 30_000, 'ready');
      expect((await readyz()).body.checks).toEqual({ knowledge: { ok: true }, store: { ok: true }, slack: { ok: true } });
      slack.failNext('chat.postMessage', { error: 'token_revoked' });
      const sender = new SlackRequestSender(`http://127.0.0.1:${port}`, SLACK.SLACK_SIGNING_SECRET);
      const event = {
        type: 'event_callback',
        team_id: slack.teamId,
        event_id: 'Ev0REVOKED1',
        event: {
          type: 'app_mention',
          user: 'U0MEMBER1',
          text: `<@${slack.botUserId}> salary of a staff ml architect`,
          ts: '1700000100.000200',
          channel: 'C0GENERAL',
        },
      };
      expect((await sender.postEvent(event)).status).toBe(200);
      await waitFor(async () => (await readyz()).status === 503, 10_000, '/readyz to turn 503');
      expect((await readyz()).body.checks['slack']).toEqual({ ok: false, reason: 'Slack rejected the bot token (token_revoked)' });
      expect(app.events().find((e) => e['event'] === 'slack.auth_rejected')?.['msg']).toBe(
        'Slack rejected SLACK_BOT_TOKEN (token_revoked); not ready until restarted with a valid token',
      );
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      expect(app.output).not.toContain('unhandled_rejection');
    } finally {
      app.kill();
    }
  }, 60_000);

  it('turns 503 with the reason when Discord closes the gateway for a rejected token', async () => {
    const discord = new FakeDiscord();
    await discord.start();
    const port = await freePort();
    const app = new RunningProcess({ ...DISCORD, DISCORD_API_URL: discord.apiUrl, PORT: String(port) });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 30_000, 'ready');
      discord.closeGateway(4004);
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 503, 10_000, '/readyz to turn 503');
      const body = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { checks: Record<string, unknown> };
      expect(body.checks['discord']).toEqual({
        ok: false,
        reason: 'Discord rejected the token (gateway close 4004: authentication failed)',
      });
      expect(app.hasEvent('discord.auth_rejected')).toBe(true);
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      expect(app.output).not.toContain('unhandled_rejection');
    } finally {
      app.kill();
      await discord.stop();
    }
  }, 60_000);
});

describe('the knowledge cache in a real process', () => {
  it('does not serve a planted snapshot (a forged salary figure) nor crash on a malformed one, and says so', async () => {
    // A cache of its own holding a good snapshot, as the first start of an install leaves it (that start's parse is
    // what the planted and the malformed runs below do again).
    const cacheDir = privateSnapshotCopy('dist');
    const ask = async () => {
      const app = new RunningProcess({ KNOWLEDGE_CACHE_DIR: cacheDir }, ['ask', 'staff ml architect salary']);
      const { code } = await app.exited;
      expect(code, app.output).toBe(0);
      expect(app.output).not.toContain('unhandled_rejection');
      return app;
    };
    const first = await ask();
    expect(first.stdout).toContain('$190,000 - $200,000');
    expect(first.stderr).toBe('');
    const [name] = readdirSync(cacheDir).filter((f) => f.startsWith('knowledge-'));
    const file = join(cacheDir, name as string);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('$190,000 - $200,000', '$990,000 - $999,000'), { mode: 0o600 });
    const planted = await ask();
    expect(planted.stdout).toContain('$190,000 - $200,000');
    expect(planted.stdout).not.toContain('$990,000');
    expect(planted.stderr).toContain('its signature does not match (edited or planted)');
    writeFileSync(file, '{"format":', { mode: 0o600 });
    const malformed = await ask();
    expect(malformed.stdout).toContain('$190,000 - $200,000');
    expect(malformed.stderr).toContain('its header is malformed');
  }, 60_000);
});
