/**
 * The Slack driver of the shared adapter contract (test/contract/adapter-contract.ts): the real adapter and Bolt
 * against {@link FakeSlackApi}, through {@link SlackHarness}. Contract users map to Slack ids (`member-1` →
 * `UMEMBER1`); moderators are exactly the ids given in config.moderatorIds, and everyone else is a plain member
 * (users.info says not admin, not owner).
 */
import type { AdapterDriver, ContractUser, SeenReply } from '../contract/adapter-contract.ts';
import type { ResponseUrlCall, WebApiCall } from './slack-api.ts';
import { blockKitProblems, buttonsOf, pingProblems, visibleText } from './slack-blockkit.ts';
import { SlackHarness, type Outcome } from './slack-harness.ts';

type Json = Record<string, unknown>;

/** Where a reply lives, so a click on it can be sent the way Slack would send it. */
interface ReplyPlace {
  message: Json;
  ephemeral: boolean;
  channel: string;
  ts?: string;
  threadTs?: string;
}

export function slackUserId(user: ContractUser): string {
  return `U${user.id.replace(/[^a-z0-9]/gi, '').toUpperCase()}`;
}

export class SlackDriver implements AdapterDriver {
  readonly name = 'Slack';
  private readonly harness: SlackHarness;
  private readonly moderatorIds: Set<string>;
  /** Users the tests acted as: the only ids the adapter may ever mention (share "by", shortcut asker). */
  private readonly actingUsers = new Set<string>();
  private deliveries = 0;

  constructor(options: { moderators: ContractUser[] }) {
    this.moderatorIds = new Set(options.moderators.map(slackUserId));
    this.harness = new SlackHarness({ sharePolicy: 'moderators', rateLimitPerMinute: 1000, moderatorIds: [...this.moderatorIds] });
  }

  start(): Promise<void> {
    return this.harness.start();
  }

  stop(): Promise<void> {
    return this.harness.stop();
  }

  private as(user: ContractUser): string {
    const id = slackUserId(user);
    if (user.moderator !== this.moderatorIds.has(id))
      throw new Error(`slack driver: ${user.id} is ${user.moderator ? '' : 'not '}a moderator in the contract but not in config`);
    this.actingUsers.add(id);
    return id;
  }

  async roleCommand(args: string, user: ContractUser): Promise<SeenReply> {
    return privateReply(await this.harness.slash('/role', args, { user: this.as(user) }), 'C0CONTRACT');
  }

  async ask(question: string, user: ContractUser, channel = 'C0CONTRACT'): Promise<SeenReply> {
    return privateReply(await this.harness.slash('/career', question, { user: this.as(user), channel }), channel);
  }

  async mention(text: string, user: ContractUser): Promise<SeenReply> {
    const outcome = await this.harness.mention(text, { user: this.as(user), channel: 'C0CONTRACT' });
    return publicReply(last(outcome.posts, 'a public reply to the mention'), 'public');
  }

  async directMessage(text: string, user: ContractUser): Promise<SeenReply> {
    const outcome = await this.harness.dm(text, { user: this.as(user) });
    return publicReply(last(outcome.posts, 'a reply in the DM'), 'private');
  }

  async click(reply: SeenReply, buttonLabel: RegExp, user: ContractUser): Promise<{ private?: SeenReply; public?: SeenReply }> {
    const place = reply.raw as ReplyPlace;
    const button = buttonsOf(place.message).find((b) => buttonLabel.test(b.label));
    if (!button) throw new Error(`slack driver: no button matching ${buttonLabel} in ${reply.buttons.map((b) => b.label).join(', ')}`);
    const outcome = await this.harness.click(
      { actionId: button.actionId, blockId: button.blockId, ...(button.value !== undefined ? { value: button.value } : {}) },
      {
        user: this.as(user),
        channel: place.channel,
        ephemeral: place.ephemeral,
        ...(place.ephemeral ? {} : { message: { ...place.message, ts: place.ts } }),
        ...(place.threadTs ? { threadTs: place.threadTs } : {}),
      },
    );
    const response = outcome.responses.at(-1);
    const post = outcome.posts.at(-1);
    return {
      ...(response
        ? { private: seenFromResponse(response, place.channel) }
        : outcome.ephemerals.length > 0
          ? { private: publicReply(outcome.ephemerals.at(-1) as WebApiCall, 'private') }
          : {}),
      ...(post ? { public: publicReply(post, 'public') } : {}),
    };
  }

  async moderatorCommand(command: 'gaps' | 'feedback', user: ContractUser): Promise<SeenReply> {
    return privateReply(await this.harness.slash('/role', command, { user: this.as(user) }), 'C0CONTRACT');
  }

  async submitComment(text: string, user: ContractUser): Promise<SeenReply> {
    const result = await this.harness.submitLastModal(text, { user: this.as(user) });
    if (result.status !== 200 || result.body?.response_action !== 'update')
      throw new Error(`slack driver: the modal submission got ${result.status} ${JSON.stringify(result.body)}`);
    const view = result.body.view as Json;
    return seen(view, 'private', { message: view, ephemeral: true, channel: 'C0CONTRACT' });
  }

  async mentionDeliveredTwice(text: string, user: ContractUser): Promise<number> {
    const eventId = `Ev0TWICE${String(++this.deliveries).padStart(4, '0')}`;
    const who = { user: this.as(user), channel: 'C0CONTRACT', ts: `1700007${String(this.deliveries).padStart(3, '0')}.000100` };
    const first = await this.harness.mention(text, who, { eventId });
    const retry = await this.harness.mention(text, who, {
      eventId,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    return first.posts.length + retry.posts.length;
  }

  sentNothingThatPings(): boolean {
    const problems = this.harness.api.sentMessages().flatMap((m) => pingProblems(m, this.actingUsers));
    if (problems.length > 0) console.error('slack driver: pings', problems);
    return problems.length === 0;
  }

  sentWithinLimits(): boolean {
    const problems = this.harness.api.sentMessages().flatMap((m) => blockKitProblems(m));
    if (problems.length > 0) console.error('slack driver: limits', problems);
    return problems.length === 0;
  }

  publicPostCount(): number {
    return this.harness.api.callsTo('chat.postMessage').filter((c) => !String(c.args.channel).startsWith('D')).length;
  }
}

function last<T>(items: T[], what: string): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error(`slack driver: expected ${what}, got none`);
  return item;
}

function seen(message: Json, visibility: 'private' | 'public', place: ReplyPlace): SeenReply {
  return {
    visibility,
    text: visibleText(message),
    buttons: buttonsOf(message).map((b) => ({ label: b.label, id: b.actionId })),
    raw: place,
  };
}

function seenFromResponse(response: ResponseUrlCall, channel: string): SeenReply {
  // Through response_url, a reply is private unless it explicitly asks to be in_channel.
  const visibility = response.body.response_type === 'in_channel' ? 'public' : 'private';
  return seen(response.body, visibility, { message: response.body, ephemeral: visibility === 'private', channel });
}

function privateReply(outcome: Outcome, channel: string): SeenReply {
  if (outcome.status !== 200) throw new Error(`slack driver: Bolt answered ${outcome.status}`);
  return seenFromResponse(last(outcome.responses, 'a response_url reply'), channel);
}

function publicReply(call: WebApiCall, visibility: 'private' | 'public'): SeenReply {
  const channel = String(call.args.channel);
  const ephemeral = call.method === 'chat.postEphemeral';
  return seen(call.args, visibility, {
    message: call.args,
    ephemeral,
    channel,
    ts: `1700009999.${String(call.seq).padStart(6, '0')}`,
    ...(typeof call.args.thread_ts === 'string' ? { threadTs: call.args.thread_ts } : {}),
  });
}
