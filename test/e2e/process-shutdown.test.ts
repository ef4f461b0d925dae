/**
 * SIGTERM with keep-alive clients, through the real process (Slack HTTP mode against the fake Slack): idle
 * connections close, a request arriving on an open connection after SIGTERM is not run, the request in flight
 * finishes with `Connection: close`, and the exit is 0. A request that never finishes is cut at SHUTDOWN_TIMEOUT_MS,
 * and the exit is 1 with a log line saying so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackApi } from '../fakes/slack-api.ts';
import { signSlackRequest } from '../fakes/slack-signer.ts';
import { freePort, getRequest, postRequest, RawConnection, RunningProcess, waitFor } from '../fakes/process.ts';

const SIGNING_SECRET = 'shutdown-signing-secret';

function slashCommand(responseUrl: string): { head: string; body: string } {
  const body = new URLSearchParams({
    command: '/role',
    text: 'staff-ml-architect salary',
    team_id: 'T0000TEST',
    channel_id: 'C1',
    user_id: 'U1',
    user_name: 'member',
    response_url: responseUrl,
    trigger_id: 't1',
  }).toString();
  return postRequest(
    '/slack/events',
    { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(SIGNING_SECRET, body) },
    body,
  );
}

async function startApp(slack: FakeSlackApi, env: Record<string, string> = {}): Promise<{ app: RunningProcess; port: number }> {
  const port = await freePort();
  const app = new RunningProcess({
    PORT: String(port),
    SLACK_BOT_TOKEN: 'xoxb-1111-2222-shutdowntoken',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...env,
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 30_000, 'the app to be ready');
  return { app, port };
}

/** A signed slash command whose body never finishes arriving: a request that holds the shutdown. */
async function stuckRequest(port: number, slack: FakeSlackApi): Promise<RawConnection> {
  const stuck = new RawConnection(port);
  await stuck.open();
  const command = slashCommand(slack.newResponseUrl().url);
  stuck.write(command.head + command.body.slice(0, 10));
  await new Promise((r) => setTimeout(r, 300));
  return stuck;
}

describe('shutdown', () => {
  const slack = new FakeSlackApi();
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  it('closes keep-alive connections, runs no new request, finishes the one in flight with Connection: close, exits 0', async () => {
    const { app, port } = await startApp(slack);
    try {
      const idle = new RawConnection(port);
      await idle.open();
      idle.write(getRequest('/healthz'));
      const first = await idle.read();
      expect(first?.status).toBe(200);
      expect(first?.headers['connection']).toBe('keep-alive');

      // A slash command whose body is still arriving when SIGTERM comes: in flight.
      const { id, url } = slack.newResponseUrl();
      const busy = new RawConnection(port);
      await busy.open();
      const command = slashCommand(url);
      busy.write(command.head + command.body.slice(0, 20));
      await new Promise((r) => setTimeout(r, 300));

      app.child.kill('SIGTERM');
      await waitFor(() => app.hasEvent('shutdown'), 10_000, 'the shutdown log line');
      // The idle keep-alive connection is closed by the server, and a request sent on it is not run.
      idle.write(getRequest('/readyz'));
      const late = await idle.read();
      if (late) {
        expect(late.status).toBe(503);
        expect(late.headers['connection']).toBe('close');
      }
      await idle.waitClosed();

      busy.write(command.body.slice(20));
      const answered = await busy.read();
      expect(answered?.status).toBe(200);
      expect(answered?.headers['connection']).toBe('close');
      await busy.waitClosed();

      expect(await app.exited).toEqual({ code: 0, signal: null });
      // Answered exactly once: in the acknowledgement itself, or through the response_url.
      const viaUrl = slack.responsesTo(id).map((r) => JSON.stringify(r.body));
      const answers = [answered?.body ?? '', ...viaUrl].filter((body) => body.includes('$190,000 - $200,000'));
      expect(answers).toHaveLength(1);
      expect(app.hasEvent('shutdown.done')).toBe(true);
      expect(app.events().filter((e) => (e['level'] as number) >= 40)).toEqual([]);
      expect(app.output).not.toContain('unhandled_rejection');
      expect(app.stderr).toBe('');
    } finally {
      app.kill();
    }
  }, 60_000);

  it('cuts a stuck request at SHUTDOWN_TIMEOUT_MS, says so, and exits 1', async () => {
    const { app, port } = await startApp(slack, { SHUTDOWN_TIMEOUT_MS: '400' });
    try {
      const stuck = await stuckRequest(port, slack);
      app.child.kill('SIGTERM');
      expect((await app.exited).code).toBe(1);
      const timeout = app.events().find((e) => e['event'] === 'shutdown.timeout');
      expect(timeout?.['msg']).toMatch(
        /^shutdown did not finish within SHUTDOWN_TIMEOUT_MS=400 ms \(1 slack HTTP request\); forcing exit with code 1$/,
      );
      await stuck.waitClosed();
      expect(app.output).not.toContain('unhandled_rejection');
    } finally {
      app.kill();
    }
  }, 60_000);

  it('exits 1 at once on a second signal while a request holds the shutdown', async () => {
    const { app, port } = await startApp(slack, { SHUTDOWN_TIMEOUT_MS: '60000' });
    try {
      const stuck = await stuckRequest(port, slack);
      app.child.kill('SIGTERM');
      await waitFor(() => app.hasEvent('shutdown'), 10_000, 'the shutdown log line');
      app.child.kill('SIGINT');
      expect((await app.exited).code).toBe(1);
      expect(app.events().find((e) => e['event'] === 'shutdown.forced')?.['msg']).toBe('second SIGINT: exiting now');
      stuck.close();
    } finally {
      app.kill();
    }
  }, 60_000);
});
