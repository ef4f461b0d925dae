/**
 * The lifecycle in one process, with a recorded exit: readiness per component (a store plugs in with one line),
 * stop order, a failing stop, and a stop that outlives SHUTDOWN_TIMEOUT_MS.
 */
import { describe, expect, it } from 'vitest';
import { describeStartupError, Lifecycle, StartupError } from '../../src/lifecycle.ts';
import { recordingLogger } from '../helpers.ts';

function lifecycle(shutdownTimeoutMs = 5_000) {
  const logger = recordingLogger();
  const exits: number[] = [];
  const life = new Lifecycle({ logger, shutdownTimeoutMs, exit: (code) => void exits.push(code), flushLogs: async () => undefined });
  return { life, logger, exits };
}

describe('lifecycle', () => {
  it('reports readiness per component, with the store health as it is, and 503 once shutting down', async () => {
    const { life } = lifecycle();
    let storeUp = false;
    life.add({ name: 'knowledge', ready: () => true });
    life.add({ name: 'store', ready: async () => (storeUp ? { ok: true } : { ok: false, detail: 'redis: connection refused' }) });
    life.add({ name: 'discord', ready: () => 'gateway not connected' });
    expect(await life.health.status()).toEqual({
      ready: false,
      checks: {
        knowledge: { ok: true },
        store: { ok: false, reason: 'redis: connection refused' },
        discord: { ok: false, reason: 'gateway not connected' },
      },
    });
    storeUp = true;
    life.add({ name: 'discord', ready: () => true });
    expect((await life.health.status()).ready).toBe(true);
    void life.shutdown('SIGTERM');
    expect(await life.health.status()).toMatchObject({ ready: false, checks: { shutdown: { ok: false, reason: 'shutting down' } } });
  });

  it('stops components in reverse order (servers, adapters, then the store), survives a failing stop, exits 0', async () => {
    const { life, logger, exits } = lifecycle();
    const order: string[] = [];
    life.add({ name: 'store', stop: async () => void order.push('store') });
    life.add({
      name: 'discord',
      stop: async () => {
        order.push('discord');
        throw new Error('socket already closed');
      },
    });
    life.add({ name: 'slack.http', stop: async () => void order.push('slack.http') });
    expect(await life.shutdown('SIGTERM')).toBe(0);
    expect(order).toEqual(['slack.http', 'discord', 'store']);
    expect(exits).toEqual([0]);
    expect(logger.records.find((r) => r.obj['event'] === 'shutdown.stop_failed')?.msg).toBe(
      'discord did not stop cleanly: socket already closed',
    );
    // A second call is the same shutdown.
    expect(await life.shutdown('SIGINT')).toBe(0);
    expect(exits).toEqual([0]);
  });

  it('exits 1 and names what was still stopping when the deadline passes', async () => {
    const { life, logger, exits } = lifecycle(50);
    life.add({ name: 'store', stop: () => new Promise(() => undefined) });
    expect(await life.shutdown('SIGTERM')).toBe(1);
    expect(exits).toEqual([1]);
    expect(logger.records.find((r) => r.obj['event'] === 'shutdown.timeout')?.msg).toBe(
      'shutdown did not finish within SHUTDOWN_TIMEOUT_MS=50 ms (store still stopping); forcing exit with code 1',
    );
  });

  it('turns startup errors into one sentence', () => {
    expect(describeStartupError(new StartupError('x', 'exactly this'))).toBe('exactly this');
    expect(describeStartupError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000, syscall: 'listen' }))).toBe(
      'career-advisor: port 3000 is already in use by another process; stop it or set PORT to a free port.',
    );
    expect(describeStartupError(Object.assign(new Error('listen EACCES'), { code: 'EACCES', port: 80, syscall: 'listen' }))).toMatch(
      /^career-advisor: not allowed to listen on port 80 /,
    );
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(describeStartupError(refused, { component: 'discord', apiUrl: 'http://127.0.0.1:9/api' })).toBe(
      'discord: cannot reach the Discord API at http://127.0.0.1:9/api (ECONNREFUSED); check the network and the API URL setting.',
    );
    expect(
      describeStartupError(Object.assign(new Error('An API error occurred: token_revoked'), { data: { error: 'token_revoked' } }), {
        component: 'slack',
      }),
    ).toMatch(/^slack: Slack rejected SLACK_BOT_TOKEN \(token_revoked\)/);
    expect(describeStartupError(new Error('boom\n  at x'), { component: 'slack' })).toBe('slack: failed to start: boom');
  });
});
