import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { describeStore, redactRedisUrl } from '../../src/store/index.ts';

function problems(env: Record<string, string>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}

describe('store config', () => {
  it('defaults to the embedded database under ./data', () => {
    expect(parseConfig({}).store).toEqual({ kind: 'sqlite', dataDir: './data' });
    expect(parseConfig({ DATA_DIR: '/var/lib/career-advisor' }).store).toEqual({ kind: 'sqlite', dataDir: '/var/lib/career-advisor' });
  });

  it('uses Redis when REDIS_URL is set, with the default key prefix', () => {
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).store).toEqual({
      kind: 'redis',
      redisUrl: 'redis://127.0.0.1:6379',
      redisKeyPrefix: 'career-advisor:',
    });
    expect(parseConfig({ REDIS_URL: 'rediss://cache:6380/2', REDIS_KEY_PREFIX: 'ca-prod:' }).store).toMatchObject({
      kind: 'redis',
      redisKeyPrefix: 'ca-prod:',
    });
  });

  it('lets STORE choose explicitly: memory wins over REDIS_URL, redis needs REDIS_URL', () => {
    expect(parseConfig({ STORE: 'memory', REDIS_URL: 'redis://127.0.0.1:6379' }).store).toEqual({ kind: 'memory' });
    expect(parseConfig({ STORE: 'sqlite', REDIS_URL: 'redis://127.0.0.1:6379' }).store).toEqual({ kind: 'sqlite', dataDir: './data' });
    expect(problems({ STORE: 'redis' })).toEqual(['REDIS_URL: required when STORE=redis']);
    expect(problems({ STORE: 'postgres' })).toEqual(['STORE: must be memory, sqlite or redis']);
  });

  it('accepts only redis:// and rediss:// URLs', () => {
    expect(problems({ REDIS_URL: 'http://127.0.0.1:6379' })).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
    expect(problems({ REDIS_URL: '127.0.0.1:6379' })).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
  });

  it('treats the Redis password as a secret the logger redacts, even inside a URL or an error', () => {
    const config = parseConfig({ REDIS_URL: 'redis://default:s3cr%40t-pass@cache.internal:6379/0' });
    expect(config.secrets).toEqual(expect.arrayContaining(['s3cr%40t-pass', 's3cr@t-pass']));
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      format: 'json',
      secrets: config.secrets,
      destination: { write: (l: string) => lines.push(l) },
    });
    logger.warn({ err: new Error('AUTH s3cr@t-pass failed'), url: 'redis://default:s3cr%40t-pass@cache.internal:6379/0' }, 'redis');
    expect(lines.join('')).not.toMatch(/s3cr/);
    expect(lines.join('')).toContain('[REDACTED]');
  });

  it('describes a URL and a store without credentials', () => {
    expect(redactRedisUrl('rediss://user:pa%40ss@cache.internal:6380/3')).toBe('rediss://cache.internal:6380/3');
    expect(redactRedisUrl('redis://:secret@localhost')).toBe('redis://localhost:6379');
    expect(redactRedisUrl('not a url')).toBe('(an unparseable URL)');
    expect(describeStore({ kind: 'redis', redisUrl: 'redis://:secret@cache:6379/1', redisKeyPrefix: 'ca:' })).toBe(
      'redis redis://cache:6379/1 (prefix ca:)',
    );
    expect(describeStore({ kind: 'memory' })).toBe('memory');
    expect(describeStore({ kind: 'sqlite', dataDir: '/srv/data' })).toBe('sqlite /srv/data/career-advisor.db');
  });
});
