/**
 * The load generator shared by `npm run loadtest` (scripts/loadtest.ts), `npm run bench:slack` (scripts/bench-slack.ts)
 * and the tests that run them small: an HTTP sender on a keep-alive agent, a bounded open loop (requests leave on
 * schedule, never waiting for earlier answers), and the tally that checks every request was answered exactly once.
 */
import { Agent, request } from 'node:http';
import type { PreparedRequest, SentRequest } from './cluster.ts';

/** p-th percentile (0..100) of a list of numbers. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

/** Polls `check` every 50 ms until it is true or `ms` passed. */
export async function settle(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

/**
 * POSTs prepared requests over one keep-alive agent (node:http, lighter than fetch, so the generator measures the
 * server rather than itself). A request with no answer within `timeoutMs` (Slack waits 3 s) is a timeout: status 0.
 */
export class HttpSender {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });

  constructor(private readonly timeoutMs = 3_000) {}

  send(prepared: PreparedRequest): Promise<SentRequest> {
    const started = performance.now();
    const done = (status: number, text: string, timedOut = false): SentRequest => {
      const ackMs = performance.now() - started;
      let callback: number | undefined;
      let inline = false;
      try {
        const json = JSON.parse(text) as { type?: number; blocks?: unknown; text?: unknown };
        callback = prepared.discord ? json.type : undefined;
        // Discord: type 4 is the answer itself. Slack: an ack with blocks or text is the answer riding in it.
        inline = prepared.discord ? json.type === 4 : Array.isArray(json.blocks) || typeof json.text === 'string';
      } catch {
        // an empty ack, or not JSON (a refusal): nothing inline
      }
      return {
        key: prepared.key,
        replica: prepared.replica.name,
        status,
        ackMs,
        inline,
        ...(callback ? { callback } : {}),
        ...(timedOut ? { timedOut } : {}),
      };
    };
    return new Promise((resolve) => {
      const req = request(
        prepared.url,
        { method: 'POST', agent: this.agent, headers: { ...prepared.headers, 'content-length': Buffer.byteLength(prepared.body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', () => resolve(done(0, '')));
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        resolve(done(0, '', true));
        req.destroy();
      });
      // A network error (a dead replica) is status 0; resolve() ignores a second call after a timeout.
      req.on('error', () => resolve(done(0, '')));
      req.end(prepared.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoopResult {
  results: SentRequest[];
  /** Requests not sent because `maxInFlight` were already waiting (each counts as an error). */
  overflow: number;
  /** Wall time from the first send to the last answer. */
  seconds: number;
  /** How late the generator sent, worst case (ms behind schedule): high means it was starved, not the server. */
  maxLateMs?: number;
}

/**
 * Sends `requests` at `rate` per second on schedule, whatever the answers do (an open loop), with at most
 * `maxInFlight` waiting. Build and sign every request before calling, so the clock measures the server.
 */
export async function openLoop(
  requests: readonly PreparedRequest[],
  rate: number,
  send: (r: PreparedRequest) => Promise<SentRequest>,
  maxInFlight = 256,
): Promise<LoopResult> {
  const results: SentRequest[] = [];
  const inFlight = new Set<Promise<void>>();
  let overflow = 0;
  let maxLateMs = 0;
  const start = performance.now();
  for (let i = 0; i < requests.length; i += 1) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    maxLateMs = Math.max(maxLateMs, performance.now() - (start + (i * 1000) / rate));
    if (inFlight.size >= maxInFlight) {
      overflow += 1;
      continue;
    }
    const work = send(requests[i] as PreparedRequest).then((r) => void results.push(r));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }
  await Promise.all(inFlight);
  return { results, overflow, seconds: (performance.now() - start) / 1000, maxLateMs };
}

export interface Tally {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Non-200 answers, network errors, timeouts and overflow. */
  errors: number;
  timeouts: number;
  /** Acknowledged requests answered in the ack only, at the later channel only, in both, or nowhere. */
  inAck: number;
  later: number;
  both: number;
  missing: number;
  /** Answers beyond the first, over all requests. */
  duplicates: number;
  /** How many requests got 0, 1, 2… later answers (response_url calls, Discord edits). */
  laterCalls: Map<number, number>;
}

/** Counts what a load run got back; `later` says how many answers each key got outside the ack. */
export function tally(loop: LoopResult, later: ReadonlyMap<string, number>): Tally {
  const acks = loop.results.map((r) => r.ackMs);
  const t: Tally = {
    requests: loop.results.length,
    p50: percentile(acks, 50),
    p99: percentile(acks, 99),
    max: Math.max(0, ...acks),
    errors: loop.overflow,
    timeouts: 0,
    inAck: 0,
    later: 0,
    both: 0,
    missing: 0,
    duplicates: 0,
    laterCalls: new Map(),
  };
  for (const r of loop.results) {
    if (r.timedOut) t.timeouts += 1;
    if (r.status !== 200) {
      t.errors += 1;
      continue;
    }
    const calls = later.get(r.key) ?? 0;
    t.laterCalls.set(calls, (t.laterCalls.get(calls) ?? 0) + 1);
    const count = calls + (r.inline ? 1 : 0);
    if (count === 0) t.missing += 1;
    if (count > 1) t.duplicates += count - 1;
    if (r.inline && calls > 0) t.both += 1;
    else if (r.inline) t.inAck += 1;
    else if (calls > 0) t.later += 1;
  }
  return t;
}

/** Every request acknowledged and answered exactly once. */
export function exactlyOnce(t: Tally): boolean {
  return t.errors === 0 && t.missing === 0 && t.duplicates === 0;
}
