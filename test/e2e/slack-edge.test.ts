/**
 * Slack edge inputs (issue 11): signed bodies that are not objects get 400 at once, an interactive payload without a
 * user gets 200 and a log line, and payloads or commands the app does not handle are answered at once instead of
 * after Bolt's 3 s — while unsigned requests are still refused with 401 and everything real still works.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../fakes/slack-signer.ts';
import { visibleText } from '../fakes/slack-blockkit.ts';
import { onlyResponse, SIGNING_SECRET, SlackHarness } from '../fakes/slack-harness.ts';

const h = new SlackHarness();
beforeAll(() => h.start());
afterAll(() => h.stop());

const FORM = 'application/x-www-form-urlencoded';

describe('Slack edge inputs', () => {
  it('answers a signed body that is not an object with 400, and never hangs', async () => {
    for (const [raw, type] of [
      ['null', 'application/json'],
      ['42', 'application/json'],
      ['[1,2]', 'application/json'],
      ['{oops', 'application/json'],
      ['payload=null', FORM],
      ['payload=%7Bbroken', FORM],
    ] as const) {
      expect((await h.sender.post(raw, type)).status, raw).toBe(400);
    }
    expect(h.logger.events('slack.malformed_request').length).toBeGreaterThanOrEqual(6);
  });

  it('acknowledges block_actions without a user with 200 and a log line', async () => {
    const result = await h.sender.postInteraction({
      type: 'block_actions',
      team: { id: 'T0000TEST' },
      actions: [{ action_id: 'more', value: 'x' }],
      response_url: 'http://127.0.0.1:9/nowhere',
      container: {},
    });
    expect(result.status).toBe(200);
    expect(h.logger.events('slack.payload_without_user')).toHaveLength(1);
    expect(h.logger.events('slack.handler_failed')).toEqual([]);
  });

  it('acknowledges what it does not handle at once: unknown payload types, actions, commands and events', async () => {
    const before = h.logger.events('slack.unhandled_payload').length;
    for (const send of [
      () => h.sender.postInteraction({ type: 'weird_thing', user: { id: 'U0MEMBER1' } }),
      () =>
        h.sender.postInteraction({
          type: 'block_actions',
          user: { id: 'U0MEMBER1' },
          actions: [{ action_id: 'someone_elses_button', value: 'x' }],
        }),
      () =>
        h.sender.postForm({
          command: '/unknown',
          text: 'x',
          user_id: 'U0MEMBER1',
          team_id: 'T0000TEST',
          channel_id: 'C1',
          response_url: 'http://127.0.0.1:9/x',
        }),
      () => h.sender.postEvent({ type: 'app_rate_limited', minute_rate_limited: 1 }),
    ]) {
      const result = await send();
      expect(result.status).toBe(200);
    }
    expect(h.logger.events('slack.unhandled_payload').length).toBe(before + 4);
  });

  it('still refuses unsigned requests with 401 and answers real ones', async () => {
    expect((await h.sender.post('null', 'application/json', { secret: 'not-the-secret' })).status).toBe(401);
    expect(visibleText(onlyResponse(await h.slash('/role', 'staff-ml-architect')))).toContain('Staff Machine Learning Architect');
    const verify = await h.sender.postEvent({ type: 'url_verification', token: 'x', challenge: 'c-1' });
    expect(JSON.parse(verify.body)).toEqual({ challenge: 'c-1' });
  });

  it('verifies every request Bolt would route to the endpoint, however its path is spelled, once', async () => {
    const { url: responseUrl } = h.api.newResponseUrl();
    const form = new URLSearchParams({
      command: '/role',
      text: 'staff-ml-architect',
      team_id: 'T0000TEST',
      channel_id: 'C1',
      user_id: 'U0MEMBER1',
      user_name: 'm',
      response_url: responseUrl,
      trigger_id: 't',
    }).toString();
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        // The path goes out as written (a URL string would lose its #fragment).
        const req = request(
          { host: '127.0.0.1', port: new URL(h.baseUrl).port, path, method: 'POST', headers: { 'content-type': FORM, ...headers } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const handledBefore = h.api.acks.length + h.api.responses.length;
    const now = Math.floor(Date.now() / 1000);
    const good = signSlackRequest(SIGNING_SECRET, form, now)['x-slack-signature'] as string;
    for (const [path, headers] of [
      ['/slack/events?retry=1', {}],
      ['/slack/events#fragment', {}],
      ['/slack/events', { 'x-slack-request-timestamp': String(now), 'x-slack-signature': good.replace('v0=', 'v1=') }],
      ['/slack/events', { 'x-slack-request-timestamp': String(now), 'x-slack-signature': good.slice(0, -2) }],
      ['/slack/events', { 'x-slack-request-timestamp': `${now}.5`, 'x-slack-signature': good }],
      ['/slack/events', signSlackRequest(SIGNING_SECRET, form, now + 6 * 60)],
    ] as const) {
      expect(await post(path, form, headers), `${path} ${JSON.stringify(headers)}`).toEqual({ status: 401, body: '' });
    }
    // Slack's unsigned connectivity check is answered, and a payload smuggled beside it goes nowhere.
    for (const body of [
      `ssl_check=1&${form}`,
      `ssl_check=1&payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U0MEMBER1' } }))}`,
    ]) {
      expect(await post('/slack/events', body)).toEqual({ status: 200, body: '' });
    }
    expect(h.api.acks.length + h.api.responses.length).toBe(handledBefore);
    expect(h.logger.events('slack.bad_signature').length).toBeGreaterThanOrEqual(6);
    // The same command, signed, on the path spelled with a query string, is answered.
    expect((await post('/slack/events?retry=1', form, signSlackRequest(SIGNING_SECRET, form))).body).toContain(
      'Staff Machine Learning Architect',
    );
  });
});
