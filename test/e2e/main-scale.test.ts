/**
 * `career-advisor start` as a scaled-out replica runs it: Discord interactions over HTTP with the gateway off,
 * `/metrics` on the same PORT. Once behind Bolt's receiver (Slack HTTP mode in the same process), once on the
 * small server a Discord-only replica starts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DISCORD_IDS, FakeDiscord } from '../fakes/discord.ts';
import { MEMBER } from '../fakes/discord-harness.ts';
import { DiscordSigner } from '../fakes/discord-signer.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { freePort, waitFor } from '../fakes/cluster.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

const children: ChildProcessWithoutNullStreams[] = [];
const fakes: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const fake of fakes) await fake.stop();
});

async function startReplica(withSlack: boolean) {
  const discord = new FakeDiscord();
  await discord.start();
  fakes.push(discord);
  const signer = new DiscordSigner();
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    LOG_FORMAT: 'json',
    PORT: String(port),
    STORE: 'memory',
    DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.scaletestdiscordtokenvalue0001',
    DISCORD_APPLICATION_ID: DISCORD_IDS.application,
    DISCORD_API_URL: discord.apiUrl,
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DISCORD_GATEWAY: 'off',
  };
  if (withSlack) {
    const slack = new FakeSlackApi();
    await slack.start();
    fakes.push(slack);
    Object.assign(env, {
      SLACK_BOT_TOKEN: 'xoxb-1111-2222-scaletoken',
      SLACK_SIGNING_SECRET: 'scale-signing-secret',
      SLACK_API_URL: slack.apiUrl,
    });
  }
  const child = spawn(process.execPath, ['bin/career-advisor.js', 'start'], { cwd: root, env });
  children.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitFor('the replica to be ready', async () => (await fetch(`${base}/readyz`)).status === 200, 25_000).catch((error: unknown) => {
    throw new Error(`replica not ready: ${String(error)}\n${output}`);
  });
  return { discord, signer, base, output: () => output };
}

describe.each([
  ['behind the Slack receiver', true],
  ['on its own small server', false],
])('a replica with DISCORD_PUBLIC_KEY and DISCORD_GATEWAY=off, %s', (_name, withSlack) => {
  it('answers signed interactions over HTTP, refuses unsigned ones, opens no gateway and serves /metrics', async () => {
    const { discord, signer, base } = await startReplica(withSlack);
    const url = `${base}/discord/interactions`;
    expect(await signer.post(url, { type: 1 })).toEqual({ status: 200, body: { type: 1 } });
    const interaction = discord.interaction('interaction-chat-input', MEMBER, {
      data: { id: '1180000000000001001', name: 'help', type: 1, guild_id: DISCORD_IDS.guild },
    });
    const unsigned = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(interaction),
    });
    expect(unsigned.status).toBe(401);
    const answer = await signer.post(url, interaction);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(discord.identifies).toEqual([]);
    expect(discord.calls.filter((c) => c.path === '/gateway/bot')).toEqual([]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^career_advisor_answers_total\{platform="discord",intent="help"\} 1$/m);
    expect(metrics).toMatch(/^career_advisor_discord_http_interactions_total\{outcome="refused"\} 1$/m);
    expect(metrics).toMatch(/^career_advisor_answer_seconds_count\{platform="discord",kind="interaction"\} 1$/m);
    expect(metrics).toMatch(/^career_advisor_answer_seconds_count\{platform="discord",kind="http_ack"\} 1$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes /m);
  }, 40_000);
});
