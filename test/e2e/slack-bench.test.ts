/**
 * `npm run bench:slack` cannot rot: its machinery (test/fakes/slack-bench.ts on test/fakes/load.ts) runs here at a
 * tiny scale against the real adapter process, and every command must be answered exactly once, in the ack or at the
 * response_url, with a slow Web API and response_url too. No timing is asserted. The tally itself is checked on
 * made-up results, so a bench that counted wrong would fail here rather than print PASS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentRequest } from '../fakes/cluster.ts';
import { exactlyOnce, tally } from '../fakes/load.ts';
import { SlackBench } from '../fakes/slack-bench.ts';

describe('the Slack ack bench, small', () => {
  let bench: SlackBench;
  beforeAll(async () => {
    bench = await SlackBench.start();
    await bench.warmUp(3);
  }, 60_000);
  afterAll(() => bench?.stop(), 30_000);

  it('answers every slash command exactly once', async () => {
    const run = await bench.run({ rate: 30, seconds: 1 });
    expect(run.requests + run.moderator.requests).toBe(30);
    expect(run.moderator.requests).toBe(1);
    expect({ errors: run.errors, missing: run.missing, duplicates: run.duplicates, both: run.both, timeouts: run.timeouts }).toEqual({
      errors: 0,
      missing: 0,
      duplicates: 0,
      both: 0,
      timeouts: 0,
    });
    expect(exactlyOnce(run) && exactlyOnce(run.moderator)).toBe(true);
    // (Where each answer went is not asserted: on a stalled machine one may miss the ack deadline, and that is fine.)
    expect(run.inAck + run.later).toBe(run.requests);
    expect(run.rssAfter).toBeGreaterThan(0);
  });

  it('still answers exactly once when the Web API is slower than the ack deadline and the response_url is slow', async () => {
    const run = await bench.run({ rate: 30, seconds: 1, responseDelayMs: 2_000, webApiDelayMs: 2_000 });
    expect(exactlyOnce(run) && exactlyOnce(run.moderator)).toBe(true);
    // `/role gaps` waits for users.info past the 1.5 s ack deadline: an empty ack, then one answer at the response_url.
    expect({ inAck: run.moderator.inAck, later: run.moderator.later, both: run.moderator.both }).toEqual({ inAck: 0, later: 1, both: 0 });
    expect(bench.output).toMatch(/slack\.slow_answer/);
  });
});

describe('the tally', () => {
  const sent = (key: string, over: Partial<SentRequest> = {}): SentRequest => ({
    key,
    replica: 'A',
    status: 200,
    ackMs: 1,
    inline: false,
    ...over,
  });

  it('counts answers in the ack, at the response_url, both and none, and errors and timeouts', () => {
    const t = tally(
      {
        results: [
          sent('ack', { inline: true }),
          sent('later'),
          sent('both', { inline: true }),
          sent('none'),
          sent('twice'),
          sent('lost', { status: 0, timedOut: true }),
          sent('refused', { status: 401 }),
        ],
        overflow: 2,
        seconds: 1,
      },
      new Map([
        ['later', 1],
        ['both', 1],
        ['twice', 2],
      ]),
    );
    expect({
      inAck: t.inAck,
      later: t.later,
      both: t.both,
      missing: t.missing,
      duplicates: t.duplicates,
      errors: t.errors,
      timeouts: t.timeouts,
    }).toEqual({ inAck: 1, later: 2, both: 1, missing: 1, duplicates: 2, errors: 4, timeouts: 1 });
    expect(exactlyOnce(t)).toBe(false);
    expect(
      exactlyOnce(tally({ results: [sent('ack', { inline: true }), sent('later')], overflow: 0, seconds: 1 }, new Map([['later', 1]]))),
    ).toBe(true);
  });
});
