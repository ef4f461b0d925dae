import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordInteractionsEndpoint, type InteractionsEndpointOptions } from '../../src/adapters/discord/http.ts';
import { discordPublicKey, verifyDiscordSignature } from '../../src/adapters/discord/verify.ts';
import { DiscordSigner } from '../fakes/discord-signer.ts';
import { recordingLogger } from '../helpers.ts';

const signer = new DiscordSigner();
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** The endpoint on a loopback server; `dispatch` plays discord.js and may call back through `makeRequest`. */
async function serve(options: Partial<InteractionsEndpointOptions> & Pick<InteractionsEndpointOptions, 'dispatch'>) {
  const outcomes: string[] = [];
  const transport: Array<{ url: string; init: RequestInit }> = [];
  const endpoint = new DiscordInteractionsEndpoint({
    publicKey: signer.publicKeyHex,
    applicationId: '1180000000000000001',
    apiUrl: 'http://127.0.0.1:1/api',
    logger: recordingLogger(),
    onOutcome: (o) => outcomes.push(o),
    fetch: async (url, init) => {
      transport.push({ url, init });
      return new Response(null, { status: 200 });
    },
    ...options,
  });
  const server = createServer((req, res) => {
    if (!endpoint.route(req, res)) res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discord/interactions`;
  return { endpoint, url, outcomes, transport };
}

const callbackUrl = (id: string, token: string) => `http://127.0.0.1:1/api/v10/interactions/${id}/${token}/callback?with_response=false`;
const command = { id: '1180000000000000999', token: 'tok-1', type: 2, data: { name: 'help', type: 1 } };

describe('Discord HTTP interactions endpoint', () => {
  it('answers a signed PING with PONG', async () => {
    const { url, outcomes } = await serve({ dispatch: () => undefined });
    expect(await signer.post(url, { type: 1 })).toEqual({ status: 200, body: { type: 1 } });
    expect(outcomes).toEqual(['pong']);
  });

  it('refuses missing, malformed, forged and altered signatures with 401, before parsing', async () => {
    const dispatched: unknown[] = [];
    const { url, outcomes } = await serve({ dispatch: (d) => void dispatched.push(d) });
    const body = JSON.stringify(command);
    const good = signer.headers(body);
    const post = (headers: Record<string, string>, b = body) => fetch(url, { method: 'POST', headers, body: b }).then((r) => r.status);
    expect(await post({ 'content-type': 'application/json' })).toBe(401);
    expect(await post({ ...good, 'x-signature-ed25519': 'not-hex' })).toBe(401);
    expect(await post({ ...good, 'x-signature-ed25519': 'ab' })).toBe(401);
    expect(await post({ 'content-type': 'application/json', 'x-signature-ed25519': good['x-signature-ed25519'] as string })).toBe(401);
    expect(await post({ ...good, 'x-signature-timestamp': String(Number(good['x-signature-timestamp']) + 1) })).toBe(401);
    expect(await post(good, body.replace('help', 'hel2'))).toBe(401);
    expect(await post(new DiscordSigner().headers(body))).toBe(401);
    // Garbage that is not even JSON is refused for its signature too: 401, not 400 or 500.
    expect(await post({ 'content-type': 'application/json' }, '{{{')).toBe(401);
    expect(dispatched).toEqual([]);
    expect(outcomes.every((o) => o === 'refused')).toBe(true);
    expect((await fetch(url)).status).toBe(405);
  });

  it('gives a signed body that is not an interaction a 400', async () => {
    const { url } = await serve({ dispatch: () => undefined });
    const raw = 'not json';
    expect((await fetch(url, { method: 'POST', headers: signer.headers(raw), body: raw })).status).toBe(400);
    expect((await signer.post(url, { type: 2 })).status).toBe(400);
  });

  it('writes the callback the handlers make as the HTTP response, with mentions off', async () => {
    const ref: { endpoint?: DiscordInteractionsEndpoint } = {};
    const ctx = await serve({
      dispatch: (d) => {
        void ref.endpoint?.makeRequest(callbackUrl(String(d.id), String(d.token)), {
          method: 'POST',
          body: JSON.stringify({ type: 4, data: { content: 'hi <@1>', flags: 64 } }),
        });
      },
    });
    ref.endpoint = ctx.endpoint;
    const answer = await signer.post(ctx.url, command);
    expect(answer).toEqual({ status: 200, body: { type: 4, data: { content: 'hi <@1>', flags: 64, allowed_mentions: { parse: [] } } } });
    expect(ctx.transport).toEqual([]);
    expect(ctx.outcomes).toEqual(['answered']);
  });

  it('defers a slow answer with type 5 (ephemeral) and PATCHes @original with it later', async () => {
    const ref: { endpoint?: DiscordInteractionsEndpoint } = {};
    let late: Promise<Response> | undefined;
    const ctx = await serve({
      deferAfterMs: 50,
      dispatch: (d) => {
        setTimeout(() => {
          late = ref.endpoint?.makeRequest(callbackUrl(String(d.id), String(d.token)), {
            method: 'POST',
            body: JSON.stringify({ type: 4, data: { content: 'late', flags: 64 } }),
          });
        }, 300);
      },
    });
    ref.endpoint = ctx.endpoint;
    expect(await signer.post(ctx.url, command)).toEqual({ status: 200, body: { type: 5, data: { flags: 64 } } });
    await expect.poll(() => late, { timeout: 5_000 }).toBeDefined();
    expect((await late)?.status).toBe(204);
    expect(ctx.transport).toHaveLength(1);
    expect(ctx.transport[0]?.url).toBe('http://127.0.0.1:1/api/v10/webhooks/1180000000000000001/tok-1/messages/%40original');
    expect(ctx.transport[0]?.init.method).toBe('PATCH');
    expect(JSON.parse(String(ctx.transport[0]?.init.body))).toEqual({ content: 'late', allowed_mentions: { parse: [] } });
    expect(ctx.outcomes).toEqual(['deferred']);
  });

  it('answers a slow autocomplete with an empty list (it cannot be deferred)', async () => {
    const ctx = await serve({ deferAfterMs: 50, dispatch: () => undefined });
    expect(await signer.post(ctx.url, { ...command, type: 4 })).toEqual({ status: 200, body: { type: 8, data: { choices: [] } } });
  });

  it('passes every other REST call through untouched', async () => {
    const ctx = await serve({ dispatch: () => undefined });
    await ctx.endpoint.makeRequest('http://127.0.0.1:1/api/v10/channels/1/messages', { method: 'POST', body: '{}' });
    await ctx.endpoint.makeRequest(callbackUrl('42', 'unknown'), { method: 'POST', body: '{}' });
    expect(ctx.transport.map((t) => t.url)).toEqual(['http://127.0.0.1:1/api/v10/channels/1/messages', callbackUrl('42', 'unknown')]);
  });
});

describe('verifyDiscordSignature', () => {
  it('verifies a real Ed25519 signature and never throws on junk', () => {
    const key = discordPublicKey(signer.publicKeyHex);
    const headers = signer.headers('{"type":1}', '1700000000');
    expect(verifyDiscordSignature(key, headers['x-signature-ed25519'], '1700000000', Buffer.from('{"type":1}'))).toBe(true);
    expect(verifyDiscordSignature(key, headers['x-signature-ed25519'], '1700000001', Buffer.from('{"type":1}'))).toBe(false);
    expect(verifyDiscordSignature(key, undefined, undefined, Buffer.alloc(0))).toBe(false);
    expect(verifyDiscordSignature(key, 'zz'.repeat(64), '1', Buffer.alloc(0))).toBe(false);
    expect(() => discordPublicKey('nope')).toThrow(/64 hex characters/);
  });
});
