import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { knowledgeDir } from '../helpers.ts';

function problems(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^config: invalid configuration/);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('config', () => {
  it('has working defaults with no variables at all (console mode)', () => {
    const config = parseConfig({});
    // KNOWLEDGE_DIR unset: the package's own knowledge/, as an absolute path, whatever the current folder.
    expect(config).toMatchObject({
      logLevel: 'info',
      logFormat: 'auto',
      knowledgeDir,
      sharePolicy: 'moderators',
      rateLimitPerMinute: 10,
      contextTtlMs: 30 * 60_000,
    });
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.port).toBeUndefined();
  });

  it('reads Slack HTTP, Slack Socket Mode and Discord settings', () => {
    const http = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'shh-secret',
      PORT: '3000',
      SLACK_API_URL: 'http://127.0.0.1:9000/api/',
      SLACK_MODERATOR_IDS: 'U1, U2',
    });
    expect(http.slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'shh-secret',
      mode: 'http',
      apiUrl: 'http://127.0.0.1:9000/api/',
      moderatorIds: ['U1', 'U2'],
    });
    expect(http.port).toBe(3000);
    expect(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A' }).slack?.mode).toBe('socket');
    const discord = parseConfig({
      DISCORD_TOKEN: 'abc.def.ghi',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_MODERATOR_ROLE_IDS: '223456789012345678',
      SHARE_POLICY: 'everyone',
    });
    expect(discord.discord).toEqual({
      token: 'abc.def.ghi',
      applicationId: '123456789012345678',
      moderatorRoleIds: ['223456789012345678'],
      gateway: true,
      shards: 'auto',
    });
    expect(discord.sharePolicy).toBe('everyone');
    expect(discord.secrets).toContain('abc.def.ghi');
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ PORT: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: '' })).toMatchObject({ logLevel: 'info' });
  });

  it('lists every problem at once, by variable name', () => {
    const found = problems({
      LOG_LEVEL: 'loud',
      PORT: 'eighty',
      SHARE_POLICY: 'admins',
      SLACK_BOT_TOKEN: 'xoxp-user',
      DISCORD_APPLICATION_ID: 'abc',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['LOG_LEVEL', 'PORT', 'SHARE_POLICY', 'SLACK_BOT_TOKEN', 'DISCORD_APPLICATION_ID', 'RATE_LIMIT_PER_MINUTE']),
    );
  });

  it('requires the credentials that go together', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
    expect(problems({ SLACK_SIGNING_SECRET: 'x' })).toEqual(['SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set']);
    expect(problems({ DISCORD_TOKEN: 'abc' })).toEqual(['DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set']);
    expect(problems({ SLACK_API_URL: 'ftp://x' })[0]).toMatch(/^SLACK_API_URL: must be an http\(s\) URL/);
    expect(problems({ SLACK_MODERATOR_IDS: 'bob' })[0]).toMatch(/^SLACK_MODERATOR_IDS: each entry must be a Slack user id/);
  });

  it('reports format and pairing problems together, in one pass', () => {
    const found = problems({ LOG_LEVEL: 'loud', DISCORD_TOKEN: 'x' });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^LOG_LEVEL: /);
    expect(found[1]).toBe('DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set');
    const many = problems({ PORT: '0x50', SLACK_SIGNING_SECRET: 'x', SHUTDOWN_TIMEOUT_MS: 'soon', KNOWLEDGE_MAX_FILE_KB: '0' });
    expect(many.map((p) => p.split(':')[0]).sort()).toEqual(['KNOWLEDGE_MAX_FILE_KB', 'PORT', 'SHUTDOWN_TIMEOUT_MS', 'SLACK_BOT_TOKEN']);
  });

  it('takes numbers in decimal digits only', () => {
    for (const port of ['0x50', '1e3', '0b1', '0o17', '80.0', '-1', '+80', '8 0', 'Infinity']) {
      expect(problems({ PORT: port }), port).toEqual(['PORT: must be a whole number in decimal digits (such as 3000)']);
    }
    expect(parseConfig({ PORT: '080' }).port).toBe(80);
    expect(parseConfig({ PORT: ' 3000 ' }).port).toBe(3000);
    expect(problems({ PORT: '70000' })).toEqual(['PORT: must be at most 65535']);
    expect(problems({ RATE_LIMIT_PER_MINUTE: '1e1' })[0]).toMatch(/^RATE_LIMIT_PER_MINUTE: must be a whole number in decimal digits/);
  });

  it('reads the lifecycle and knowledge limits, with defaults', () => {
    const defaults = parseConfig({});
    expect(defaults).toMatchObject({ shutdownTimeoutMs: 10_000, knowledgeMaxFileBytes: 256 * 1024 });
    expect(defaults.knowledgeCacheDir).toMatch(/node_modules[/\\]\.cache[/\\]career-advisor$/);
    expect(parseConfig({ SHUTDOWN_TIMEOUT_MS: '250', KNOWLEDGE_MAX_FILE_KB: '8', KNOWLEDGE_CACHE_DIR: '/var/cache/ca' })).toMatchObject({
      shutdownTimeoutMs: 250,
      knowledgeMaxFileBytes: 8192,
      knowledgeCacheDir: '/var/cache/ca',
    });
    expect(parseConfig({ KNOWLEDGE_CACHE_DIR: 'off' }).knowledgeCacheDir).toBe(false);
  });

  it('reads the Discord HTTP interactions key, the gateway switch and the shard count', () => {
    const base = { DISCORD_TOKEN: 'abc.def.ghi', DISCORD_APPLICATION_ID: '123456789012345678' };
    const key = 'A'.repeat(64);
    const http = parseConfig({ ...base, DISCORD_PUBLIC_KEY: key, DISCORD_GATEWAY: 'off', DISCORD_SHARDS: '4' });
    expect(http.discord).toMatchObject({ publicKey: 'a'.repeat(64), gateway: false, shards: 4 });
    expect(parseConfig({ ...base, DISCORD_SHARDS: 'auto' }).discord).toMatchObject({ gateway: true, shards: 'auto' });
    expect(problems({ ...base, DISCORD_PUBLIC_KEY: 'abc' })[0]).toMatch(/^DISCORD_PUBLIC_KEY: must be the 64-hex-character public key/);
    expect(problems({ ...base, DISCORD_PUBLIC_KEY: 'g'.repeat(64) })[0]).toMatch(/^DISCORD_PUBLIC_KEY:/);
    expect(problems({ ...base, DISCORD_SHARDS: '0' })[0]).toMatch(/^DISCORD_SHARDS: must be 'auto' or a whole number/);
    expect(problems({ ...base, DISCORD_SHARDS: 'many' })[0]).toMatch(/^DISCORD_SHARDS:/);
    expect(problems({ ...base, DISCORD_GATEWAY: 'maybe' })[0]).toMatch(/^DISCORD_GATEWAY:/);
    expect(problems({ ...base, DISCORD_GATEWAY: 'off' })).toEqual([
      'DISCORD_PUBLIC_KEY: required when DISCORD_GATEWAY is off (otherwise nothing reaches the bot from Discord)',
    ]);
    expect(problems({ DISCORD_PUBLIC_KEY: key, DISCORD_APPLICATION_ID: '123456789012345678' })).toEqual([
      'DISCORD_TOKEN: required when DISCORD_PUBLIC_KEY is set (answers posted in channels use it)',
    ]);
  });
});
