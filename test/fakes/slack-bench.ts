/**
 * The machinery of `npm run bench:slack` (scripts/bench-slack.ts), also run small by test/e2e/slack-bench.test.ts:
 * one real `bin/career-advisor.js start` child in Slack HTTP mode (memory store, nothing else configured) behind the
 * fake Slack, and signed `/role` slash commands sent to it as an open loop. One command in 50 is `/role gaps` from a
 * new user: the adapter asks the Web API (`users.info`) whether they moderate before answering, so with a slow Web
 * API its ack goes out empty at the ack deadline and the answer follows through the response_url; those are tallied
 * apart. A run reports the tallies (ack latency, errors, answers per request), the child's RSS before and after and
 * the CPU it spent per request.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareSlackCommand, Replica, slackReplicaEnv } from './cluster.ts';
import { HttpSender, openLoop, settle, tally, type Tally } from './load.ts';
import { FakeSlackApi } from './slack-api.ts';

const ROLES = [
  'lead-ml-architect',
  'ml-data-architect',
  'ml-infrastructure-architect',
  'staff-ml-architect',
  'lead vs staff pay',
  'what does a staff ml architect do',
];
const TOPICS = ['salary', 'skills', 'path', ''];

export interface SlackBenchOptions {
  /** `memory` (default: the adapter's cost without the store's) or `sqlite` (a fresh DATA_DIR). */
  store?: 'memory' | 'sqlite';
  /** Node flags for the child, e.g. `--cpu-prof --cpu-prof-dir DIR`. */
  nodeArgs?: readonly string[];
}

export interface RunOptions {
  rate: number;
  seconds: number;
  /** Delay of every response_url answer, in ms. */
  responseDelayMs?: number;
  /** Delay of every Web API answer, in ms. */
  webApiDelayMs?: number;
}

export interface RunResult extends Tally {
  rate: number;
  /** The `/role gaps` commands (a Web API call before the answer). */
  moderator: Tally;
  rssBefore: number;
  rssAfter: number;
  cpuMsPerRequest: number;
  /** The generator's worst lag behind its schedule, in ms. */
  maxLateMs: number;
}

export class SlackBench {
  readonly slack = new FakeSlackApi();
  private readonly http = new HttpSender(3_000);
  private replica!: Replica;
  private users = 0;
  private readonly moderatorKeys = new Set<string>();

  static async start(options: SlackBenchOptions = {}): Promise<SlackBench> {
    const bench = new SlackBench();
    await bench.slack.start();
    const store: Record<string, string> =
      options.store === 'sqlite' ? { STORE: 'sqlite', DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-slack-')) } : { STORE: 'memory' };
    bench.replica = new Replica(
      'slack',
      { ...slackReplicaEnv(bench.slack), ...store, RATE_LIMIT_PER_MINUTE: '10000' },
      options.nodeArgs ?? [],
    );
    await bench.replica.start();
    return bench;
  }

  get pid(): number | undefined {
    return this.replica.child?.pid;
  }

  /** Sends `count` commands one after the other (JIT, connections) before anything is measured. */
  async warmUp(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) await this.http.send(this.command(i));
  }

  /** `rate` commands a second for `seconds`, open loop; waits (up to the Web API delay + 5 s) for later answers. */
  async run({ rate, seconds, responseDelayMs = 0, webApiDelayMs = 0 }: RunOptions): Promise<RunResult> {
    this.slack.responseDelayMs = responseDelayMs;
    this.slack.webApiDelayMs = webApiDelayMs;
    const requests = Array.from({ length: Math.max(1, Math.round(rate * seconds)) }, (_, i) => this.command(i));
    const keys = new Set(requests.map((r) => r.key));
    const rssBefore = this.replica.rss();
    const cpuBefore = this.replica.cpuMs();
    const loop = await openLoop(requests, rate, (r) => this.http.send(r));
    const later = () => {
      const counts = new Map<string, number>();
      for (const r of this.slack.responses) if (keys.has(r.id)) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
      return counts;
    };
    // An answer that did not ride in the ack goes to the response_url, recorded when it arrives.
    await settle(() => {
      const counts = later();
      return loop.results.every((r) => r.status !== 200 || r.inline || counts.has(r.key));
    }, webApiDelayMs + 5_000);
    const cpu = this.replica.cpuMs() - cpuBefore;
    const answers = later();
    const part = (moderator: boolean) => ({
      ...loop,
      results: loop.results.filter((r) => this.moderatorKeys.has(r.key) === moderator),
      overflow: moderator ? 0 : loop.overflow,
    });
    const result = {
      ...tally(part(false), answers),
      moderator: tally(part(true), answers),
      rate,
      rssBefore,
      rssAfter: this.replica.rss(),
      cpuMsPerRequest: cpu / Math.max(1, loop.results.length),
      maxLateMs: loop.maxLateMs ?? 0,
    };
    this.slack.responseDelayMs = 0;
    this.slack.webApiDelayMs = 0;
    return result;
  }

  /** Stops the child (SIGTERM: a `--cpu-prof` profile is written on the way out) and the fake. */
  async stop(): Promise<void> {
    await this.replica?.stop();
    this.http.close();
    await this.slack.stop();
  }

  /** Output of the child so far (warnings and errors: LOG_LEVEL=warn). */
  get output(): string {
    return this.replica.output;
  }

  private command(i: number) {
    this.users += 1;
    if (i % 50 === 25) {
      // A new user each time: the adapter caches who moderates.
      const gaps = prepareSlackCommand(this.slack, this.replica, `U0GAPS${this.users}`, 'gaps');
      this.moderatorKeys.add(gaps.key);
      return gaps;
    }
    const text = `${ROLES[i % ROLES.length]} ${TOPICS[i % TOPICS.length]}`.trim();
    return prepareSlackCommand(this.slack, this.replica, `U0BENCH${String(this.users % 500).padStart(4, '0')}`, text);
  }
}
