import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, scrubSecrets } from '../../src/logger.ts';

function capture(secrets: string[] = [], format: 'json' | 'pretty' = 'json') {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', format, secrets, destination: { write: (l: string) => lines.push(l) }, isTTY: false });
  return { logger, lines };
}

describe('logger', () => {
  it('writes JSON lines with the app name', () => {
    const { logger, lines } = capture();
    logger.info({ event: 'x.y', n: 1 }, 'hello');
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 30, app: 'career-advisor', event: 'x.y', n: 1, msg: 'hello' });
  });

  it('redacts secret-bearing keys wherever they are', () => {
    const { logger, lines } = capture();
    logger.info({
      token: 'abc',
      config: { botToken: 'xyz', signingSecret: 's3', nested: { appToken: 'q' } },
      headers: { authorization: 'Bearer zzz' },
    });
    const out = lines.join('');
    for (const value of ['"abc"', '"xyz"', '"s3"', 'zzz']) expect(out).not.toContain(value);
    expect(out).toContain(REDACTED);
  });

  it('scrubs configured secret values and token shapes from messages, errors and URLs', () => {
    const discordToken = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.abcdefghijklmnopqrstuvwxyz123456';
    const { logger, lines } = capture(['my-signing-secret-value', discordToken]);
    logger.error({ err: new Error(`login failed with ${discordToken}`) }, 'failed');
    logger.warn({ url: 'https://hooks.example/x?t=my-signing-secret-value' }, 'called xoxb-123-456-abcdefghij and xapp-1-A0-abcdef123456');
    logger.info({ header: 'Bot some.token.value-here' });
    const out = lines.join('');
    expect(out).not.toContain(discordToken);
    expect(out).not.toContain('my-signing-secret-value');
    expect(out).not.toContain('xoxb-123-456-abcdefghij');
    expect(out).not.toContain('xapp-1-A0-abcdef123456');
    expect(out).not.toContain('some.token.value-here');
    expect(out.split(REDACTED).length).toBeGreaterThan(4);
  });

  it('scrubs pretty output too', () => {
    const { logger, lines } = capture(['hunter2-secret'], 'pretty');
    logger.info('password is hunter2-secret');
    expect(lines.join('')).toContain('password is [REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('salary $190,000 - $200,000 for staff-ml-architect', [])).toBe('salary $190,000 - $200,000 for staff-ml-architect');
  });
});
