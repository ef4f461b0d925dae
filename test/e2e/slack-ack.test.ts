/**
 * Slack is acknowledged first, always (issue 11): a slash command's answer rides in the ack; a slow store makes the
 * ack go out empty with the answer following through response_url; a slow or hung response_url never holds an ack,
 * is given up after its timeout, and is never followed by a "something went wrong" to the same URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';
import { visibleText } from '../fakes/slack-blockkit.ts';
import { buttonOf, onlyResponse, SlackHarness } from '../fakes/slack-harness.ts';

/** A memory store whose reads and writes take `delayMs` (a store that is slow, not down). */
function slowStore(delayMs: number): Store {
  const real = new MemoryStore({ sweepIntervalMs: 0 });
  return new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'rateLimiter' || prop === 'close' || prop === 'health') return value;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

const harnesses: SlackHarness[] = [];
async function start(options: ConstructorParameters<typeof SlackHarness>[0]): Promise<SlackHarness> {
  const h = new SlackHarness(options);
  harnesses.push(h);
  await h.start();
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

describe('Slack acks first', () => {
  it('sends a slash command answer in the ack itself: one HTTP exchange, no response_url call', async () => {
    const h = await start({});
    const outcome = await h.slash('/role', 'staff-ml-architect salary');
    expect(outcome.responses.map((r) => r.id)).toEqual(['ack']);
    expect(onlyResponse(outcome).response_type).toBe('ephemeral');
    expect(visibleText(onlyResponse(outcome))).toContain('$190,000 - $200,000');
  });

  it('acks empty and answers through response_url when the bot layer is slower than the ack deadline', async () => {
    const h = await start({ store: slowStore(150), adapter: { ackDeadlineMs: 50 } });
    const outcome = await h.slash('/career', 'how much does a staff ml architect make?');
    expect(outcome.status).toBe(200);
    expect(outcome.responses.map((r) => r.id)).not.toContain('ack');
    expect(outcome.responses).toHaveLength(1);
    expect(visibleText(onlyResponse(outcome))).toContain('$190,000 - $200,000');
    expect(h.logger.events('slack.slow_answer')).toHaveLength(1);
  });

  it('acks a click before its response_url answers, and gives up on a hung one without a second message', async () => {
    const h = await start({ adapter: { responseUrlTimeoutMs: 200 } });
    const card = onlyResponse(await h.slash('/role', 'ml-systems-architect'));
    const salary = buttonOf(card, /^Salary$/);
    const { id, url } = h.api.newResponseUrl();
    h.api.responseDelays.set(id, 30_000);
    // The click itself, sent by hand so its response_url is the hung one.
    const payload = JSON.parse(
      JSON.stringify({
        type: 'block_actions',
        user: { id: 'U0MEMBER1', team_id: h.api.teamId },
        team: { id: h.api.teamId },
        api_app_id: 'A0TEST0001',
        token: 't',
        trigger_id: 'x',
        response_url: url,
        container: { type: 'message', is_ephemeral: true, channel_id: 'C0GENERAL' },
        channel: { id: 'C0GENERAL', name: 'general' },
        actions: [
          { action_id: salary.actionId, block_id: salary.blockId ?? 'followups:0', type: 'button', value: salary.value, action_ts: '1' },
        ],
      }),
    ) as Record<string, unknown>;
    const result = await h.sender.postInteraction(payload);
    // Acknowledged while the response_url has not answered (and will not for 30 s).
    expect(result.status).toBe(200);
    await h.adapter.idle();
    // Exactly one POST to that URL: the answer; no "something went wrong" after the timeout.
    expect(h.api.responsesTo(id)).toHaveLength(1);
    expect(visibleText(h.api.responsesTo(id)[0]?.body ?? {})).toContain('$180,000 - $190,000');
    expect(h.logger.events('slack.handler_failed').at(-1)).toMatchObject({ code: 'response_url_failed' });
    // And the app keeps answering.
    expect(visibleText(onlyResponse(await h.slash('/role', 'lead-ml-architect')))).toContain('Lead Machine Learning Architect');
  });
});
