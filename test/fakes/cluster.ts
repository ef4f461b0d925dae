/**
 * A scaled-out bot on one machine, for the load test (scripts/loadtest.ts) and the fault tests: one real
 * `redis-server`, one fake Slack, one fake Discord, and N replicas, each a real `bin/career-advisor.js start` child in
 * Slack HTTP mode with Discord interactions over HTTP (`DISCORD_GATEWAY=off`), all on loopback. Requests are signed
 * as Slack and Discord sign them; every answer is counted per request, so duplicates and missing answers show.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/ports.ts';
import { distSnapshotEnv } from '../helpers/knowledge-cache.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { DISCORD_IDS, FakeDiscord, type FakeUser } from './discord.ts';
import { DiscordSigner } from './discord-signer.ts';
import { HttpSender } from './load.ts';
import { FakeSlackApi } from './slack-api.ts';
import { signSlackRequest } from './slack-signer.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CLUSTER_SIGNING_SECRET = 'cluster-signing-secret';
const SLACK_TOKEN = 'xoxb-1111-2222-clustertoken';

export { freePort };

/** Polls `check` every 100 ms until it resolves true (a rejection counts as not yet). */
export async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export class Replica {
  child: ChildProcessWithoutNullStreams | undefined;
  output = '';
  port = 0;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    // Extra node flags, e.g. `--cpu-prof` to see where a request's time goes (CLUSTER_NODE_ARGS for the load test).
    private readonly nodeArgs: readonly string[] = (process.env.CLUSTER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const child = spawn(process.execPath, [...this.nodeArgs, 'bin/career-advisor.js', 'start'], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        LOG_FORMAT: 'json',
        LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'warn',
        PORT: String(this.port),
        ...distSnapshotEnv(),
        ...this.env,
      },
    });
    this.child = child;
    child.stdout.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (this.output += c.toString()));
    await waitFor(`replica ${this.name} to be ready`, async () => (await fetch(`${this.url}/readyz`)).status === 200).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${this.output}`);
      },
    );
  }

  /** `/readyz` with each component's check reduced to whether it is ok (the reasons are tested elsewhere). */
  async readyz(): Promise<{ status: number; checks: Record<string, boolean> }> {
    const res = await fetch(`${this.url}/readyz`);
    const { checks } = (await res.json()) as { checks: Record<string, { ok: boolean }> };
    return { status: res.status, checks: Object.fromEntries(Object.entries(checks).map(([name, check]) => [name, check.ok])) };
  }

  /**
   * Call before sending a request: the function returned resolves once this process logged that it finished
   * handling one more request (`slack.handled`, a debug line: start it with `LOG_LEVEL: 'debug'`; Slack is
   * acknowledged first, so the HTTP response comes earlier).
   */
  watch(): () => Promise<void> {
    const before = this.events('slack.handled').length;
    return () => waitFor(`${this.name} to finish a request`, async () => this.events('slack.handled').length > before, 10_000);
  }

  /** Log lines with this event name, as JSON (pass `LOG_LEVEL` in the env to see info lines). */
  events(name: string): Array<Record<string, unknown>> {
    return this.output
      .split('\n')
      .filter((l) => l.includes(`"event":"${name}"`))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Resident memory of the replica process, in bytes (Linux). */
  rss(): number {
    const pid = this.child?.pid;
    if (!pid) return 0;
    try {
      return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  }

  /** CPU time the replica process used so far (user + system), in ms (Linux). */
  cpuMs(): number {
    const pid = this.child?.pid;
    if (!pid) return 0;
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in 1/100 s.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0;
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}

export interface ClusterOptions {
  replicas?: number;
  /** Per person per minute; the load test spreads requests over many people and sets it high. */
  ratePerMinute?: number;
  /** Keep Redis data on disk so a restart keeps it. */
  appendonly?: boolean;
}

export interface SentRequest {
  /** The answer's key: the Slack response_url id, or the Discord interaction token. */
  key: string;
  replica: string;
  status: number;
  ackMs: number;
  /** Discord: the callback type in the HTTP response (4 answered, 5 deferred). */
  callback?: number;
  /** Whether the answer came in the HTTP response itself (Discord type 4, or Slack's answer riding in the ack). */
  inline?: boolean;
  /** No answer within the sender's timeout (status 0). */
  timedOut?: boolean;
}

export interface PreparedRequest {
  key: string;
  replica: { name: string };
  url: string;
  headers: Record<string, string>;
  body: string;
  discord?: boolean;
}

export class Cluster {
  readonly slack = new FakeSlackApi();
  readonly discord = new FakeDiscord();
  readonly signer = new DiscordSigner();
  readonly replicas: Replica[] = [];
  redis!: RedisServer;
  private readonly http = new HttpSender();

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const cluster = new Cluster();
    await cluster.slack.start();
    await cluster.discord.start();
    cluster.redis = await startRedis(options.appendonly ? { appendonly: true } : {});
    const env = {
      STORE: 'redis',
      REDIS_URL: cluster.redis.url,
      REDIS_KEY_PREFIX: `cluster-${process.pid}:`,
      ...slackReplicaEnv(cluster.slack),
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbCdE.clusterdiscordtokenvalue00001',
      DISCORD_APPLICATION_ID: DISCORD_IDS.application,
      DISCORD_API_URL: cluster.discord.apiUrl,
      DISCORD_PUBLIC_KEY: cluster.signer.publicKeyHex,
      DISCORD_GATEWAY: 'off',
      RATE_LIMIT_PER_MINUTE: String(options.ratePerMinute ?? 10_000),
    };
    for (let i = 0; i < (options.replicas ?? 2); i += 1) cluster.replicas.push(new Replica(String.fromCharCode(65 + i), env));
    await Promise.all(cluster.replicas.map((r) => r.start()));
    return cluster;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.replicas.map((r) => r.stop()));
    await this.redis?.stop();
    await this.slack.stop();
    await this.discord.stop();
    this.http.close();
  }

  prepareSlackCommand(replica: Replica, user: string, text: string): PreparedRequest {
    return prepareSlackCommand(this.slack, replica, user, text);
  }

  /** A signed `/role` slash command interaction for one replica; the answer is the HTTP response (or a later PATCH). */
  prepareDiscordCommand(replica: Replica, user: FakeUser, role: string, topic?: string): PreparedRequest {
    const data = {
      id: '1180000000000001001',
      name: 'role',
      type: 1,
      guild_id: DISCORD_IDS.guild,
      options: [{ name: 'role', type: 3, value: role }, ...(topic ? [{ name: 'topic', type: 3, value: topic }] : [])],
    };
    const d = this.discord.interaction('interaction-chat-input', user, { data });
    const body = JSON.stringify(d);
    return {
      key: String(d.token),
      replica,
      url: `${replica.url}/discord/interactions`,
      headers: this.signer.headers(body),
      body,
      discord: true,
    };
  }

  /** Sends a prepared request (keep-alive); network errors (a dead replica) and timeouts come back as status 0. */
  send(request: PreparedRequest): Promise<SentRequest> {
    return this.http.send(request);
  }

  slackCommand(replica: Replica, user: string, text: string): Promise<SentRequest> {
    return this.send(this.prepareSlackCommand(replica, user, text));
  }

  discordCommand(replica: Replica, user: FakeUser, role: string, topic?: string): Promise<SentRequest> {
    return this.send(this.prepareDiscordCommand(replica, user, role, topic));
  }

  /** How many answers each Slack response_url got. */
  slackAnswers(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.slack.responses) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    return counts;
  }

  /** How many later edits (PATCH @original) each deferred Discord interaction got, by token. */
  discordEdits(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const c of this.discord.calls) {
      if (c.method !== 'PATCH' || !c.path.endsWith('/messages/@original')) continue;
      const token = c.path.split('/')[3] as string;
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    return counts;
  }
}

/** The environment of a replica in Slack HTTP mode against `slack`. */
export function slackReplicaEnv(slack: FakeSlackApi): Record<string, string> {
  return { SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: CLUSTER_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
}

let triggers = 0;

/** A signed `/role` slash command for one replica, ready to send; a later answer arrives at its response_url. */
export function prepareSlackCommand(slack: FakeSlackApi, replica: Replica, user: string, text: string): PreparedRequest {
  const { id, url } = slack.newResponseUrl();
  const body = new URLSearchParams({
    command: '/role',
    text,
    team_id: slack.teamId,
    channel_id: 'C0LOAD',
    user_id: user,
    user_name: user.toLowerCase(),
    response_url: url,
    trigger_id: `t${++triggers}`,
  }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(CLUSTER_SIGNING_SECRET, body) };
  return { key: id, replica, url: `${replica.url}/slack/events`, headers, body };
}
