/**
 * Socket Mode end to end: the real Bolt SocketModeReceiver connects to a fake socket server found through a fake
 * apps.connections.open, receives envelopes, acks them, and answers through response_url and the Web API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from '../../src/core/advisor.ts';
import { testBot } from '../helpers/bot.ts';
import { realKnowledge } from '../helpers.ts';
import { Health } from '../../src/adapters/shared/health.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/index.ts';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { visibleText } from '../fakes/slack-blockkit.ts';
import { BOT_TOKEN, fixture, RecordingLogger } from '../fakes/slack-harness.ts';
import { FakeSocketModeServer } from '../fakes/slack-socket.ts';

const api = new FakeSlackApi();
const socket = new FakeSocketModeServer();
const health = new Health();
const logger = new RecordingLogger();
let adapter: SlackAdapter;

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// One connection's life, in order: connect, answer, stop. The steps share the adapter on purpose, so they are not shuffled.
describe('Slack adapter in Socket Mode', { shuffle: false }, () => {
  beforeAll(async () => {
    await Promise.all([api.start(), socket.start()]);
    api.socketUrl = socket.url;
    const advisor = createAdvisor({ knowledge: await realKnowledge() });
    adapter = createSlackAdapter(
      { botToken: BOT_TOKEN, appToken: 'xapp-1-A0CAREER1-test', mode: 'socket', apiUrl: api.apiUrl, moderatorIds: ['U0MODERAT1'] },
      { bot: testBot(advisor, { logger }), logger, health },
      { port: 0, webApiRetries: 0 },
    );
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await Promise.all([socket.stop(), api.stop()]);
  });

  it('connects with the app token after hello, and is ready', async () => {
    await socket.connected;
    const open = api.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-1-A0CAREER1-test');
    expect((await health.status()).checks['slack']?.ok).toBe(true);
    expect(adapter.port).toBeUndefined();
  });

  it('acks a slash command envelope with the private answer in it, without a response_url round trip', async () => {
    const { id, url } = api.newResponseUrl();
    const payload = {
      ...fixture<Record<string, string>>('slash-command'),
      command: '/role',
      text: 'staff-ml-architect salary',
      response_url: url,
    };
    const ack = await socket.send({ envelope_id: 'env-slash-1', type: 'slash_commands', accepts_response_payload: true, payload });
    expect(ack.envelope_id).toBe('env-slash-1');
    const answer = ack.payload as Record<string, unknown>;
    expect(answer.response_type).toBe('ephemeral');
    expect(visibleText(answer)).toContain('$190,000 - $200,000');
    await adapter.idle();
    expect(api.responsesTo(id)).toEqual([]);
  });

  it('answers a mention in its thread once, even when the envelope is retried', async () => {
    const body = fixture('app-mention');
    body.event_id = 'Ev0SOCKET001';
    const before = api.callsTo('chat.postMessage').length;
    await socket.send({ envelope_id: 'env-event-1', type: 'events_api', accepts_response_payload: false, payload: body });
    const post = await until(() => api.callsTo('chat.postMessage')[before], 'the mention reply');
    expect(post.args.thread_ts).toBe('1700000100.000200');
    expect(post.token).toBe(BOT_TOKEN);
    await socket.send({
      envelope_id: 'env-event-2',
      type: 'events_api',
      accepts_response_payload: false,
      payload: body,
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    // Acked first: wait until the retried delivery has been handled (and dropped).
    await adapter.idle();
    expect(api.callsTo('chat.postMessage')).toHaveLength(before + 1);
    expect(logger.events('slack.duplicate_event')).toHaveLength(1);
  });

  it('is no longer ready once stopped', async () => {
    await adapter.stop();
    expect((await health.status()).checks['slack']?.ok).toBe(false);
  });
});
