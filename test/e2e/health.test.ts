import { afterAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Health, startHealthServer } from '../../src/adapters/shared/health.ts';

describe('health routes without the Slack receiver', () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('serves /healthz always and /readyz from every registered check', async () => {
    const health = new Health();
    let connected = false;
    health.register('knowledge', () => true);
    health.register('discord', () => connected);
    health.register('broken', () => {
      throw new Error('check failed');
    });
    server = await startHealthServer(health, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'not ready',
      checks: {
        knowledge: { ok: true },
        discord: { ok: false, reason: 'not ready' },
        broken: { ok: false, reason: 'check failed: check failed' },
      },
    });
    connected = true;
    health.register('broken', () => true);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // Async checks with a reason, as a store ping gives them.
    health.register('store', async () => ({ ok: false, reason: 'redis: connection refused' }));
    const storeDown = await fetch(`${base}/readyz`);
    expect(storeDown.status).toBe(503);
    expect(((await storeDown.json()) as { checks: Record<string, unknown> }).checks['store']).toEqual({
      ok: false,
      reason: 'redis: connection refused',
    });
    health.register('store', async () => 'reconnecting');
    expect(((await (await fetch(`${base}/readyz`)).json()) as { checks: Record<string, unknown> }).checks['store']).toEqual({
      ok: false,
      reason: 'reconnecting',
    });
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(404);
  });
});
