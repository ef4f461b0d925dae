/**
 * Behaviours every chat adapter must show (after hono's shared router tests; see docs/TESTING.md). Each
 * adapter's e2e test file calls `runAdapterContract(driver)` with a driver that talks to the real platform library
 * (Bolt, discord.js) through a fake platform server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a person saw after an action, flattened so the suite can assert on it whatever the platform. */
export interface SeenReply {
  /** `private`: only the asker sees it (ephemeral); `public`: everyone in the channel or thread. */
  visibility: 'private' | 'public';
  /** Every piece of visible text (title, body, fields, footer/context), joined with newlines. */
  text: string;
  /** Buttons shown, as the platform would render them. `id` is what the driver needs to click it. */
  buttons: Array<{ label: string; id: string }>;
  /** The raw payload(s) sent to the fake platform, for platform-specific assertions. */
  raw: unknown;
}

export interface ContractUser {
  id: string;
  moderator: boolean;
}

export interface AdapterDriver {
  /** Platform name for test titles. */
  name: string;
  /** Starts the fake platform and the real adapter with SHARE_POLICY=moderators and a rate limit of 1000/min. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The role slash command: `args` as typed after `/role` (Discord drivers map it to the command's options). */
  roleCommand(args: string, user: ContractUser): Promise<SeenReply>;
  /** The free-text command (`/career` on Slack, `/ask` on Discord), in a given channel. */
  ask(question: string, user: ContractUser, channel?: string): Promise<SeenReply>;
  /** A public mention of the bot in a channel; resolves with the bot's public reply. */
  mention(text: string, user: ContractUser): Promise<SeenReply>;
  /** A direct message to the bot; resolves with the reply in the DM. */
  directMessage(text: string, user: ContractUser): Promise<SeenReply>;
  /** Clicks a button of an earlier reply; resolves with what the clicking user then sees (updated or new reply). */
  click(reply: SeenReply, buttonLabel: RegExp, user: ContractUser): Promise<{ private?: SeenReply; public?: SeenReply }>;
  /** True when every message the adapter sent so far was sent so that no user text can ping anyone. */
  sentNothingThatPings(): boolean;
  /** True when every message the adapter sent so far is within the platform's size limits. */
  sentWithinLimits(): boolean;
  /** Number of public messages posted so far (to check nothing is posted twice or spammed). */
  publicPostCount(): number;
  /** A moderators' list: `/role gaps` / `/role feedback` on Slack, `/moderate gaps|feedback` on Discord. */
  moderatorCommand(command: 'gaps' | 'feedback', user: ContractUser): Promise<SeenReply>;
  /** Submits the "what was wrong?" form the last 👎 opened, typing `text`; resolves with what the user then sees. */
  submitComment(text: string, user: ContractUser): Promise<SeenReply>;
  /** The same public mention delivered twice, as a platform retry or a replayed event does; resolves with the
   * number of public replies posted for it. */
  mentionDeliveredTwice(text: string, user: ContractUser): Promise<number>;
}

const member: ContractUser = { id: 'member-1', moderator: false };
const moderator: ContractUser = { id: 'moderator-1', moderator: true };

export function runAdapterContract(makeDriver: () => AdapterDriver): void {
  const driver = makeDriver();
  describe(`${driver.name} adapter contract`, () => {
    beforeAll(() => driver.start(), 30_000);
    afterAll(() => driver.stop(), 30_000);

    it('answers a role command privately with the role card and topic buttons', async () => {
      const reply = await driver.roleCommand('staff-ml-architect', member);
      expect(reply.visibility).toBe('private');
      expect(reply.text).toContain('Staff Machine Learning Architect');
      expect(reply.text).toContain('$190,000 - $200,000');
      expect(reply.buttons.map((b) => b.label)).toEqual(expect.arrayContaining(['Salary', 'Skills']));
      expect(reply.buttons.some((b) => /share/i.test(b.label))).toBe(true);
    });

    it('answers a role and topic with the exact figures', async () => {
      const reply = await driver.roleCommand('lead-ml-architect salary', member);
      expect(reply.text).toContain('$188,940 - $233,000 per year');
      expect(reply.text).toContain('Lead ML Engineer');
    });

    it('accepts a typo and suggests roles for an unknown one', async () => {
      expect((await driver.roleCommand('stf ml architecht', member)).text).toContain('Staff Machine Learning Architect');
      const unknown = await driver.roleCommand('plumber', member);
      expect(unknown.text).toMatch(/I cover these careers|Did you mean/);
    });

    it('keeps follow-up context in a free-text conversation', async () => {
      await driver.ask('how much does a staff ml architect make?', member, 'C-FOLLOW');
      const follow = await driver.ask('what about a lead?', member, 'C-FOLLOW');
      expect(follow.text).toContain('Lead Machine Learning Architect');
      expect(follow.text).toContain('$188,940 - $233,000 per year');
    });

    it('replaces the private answer when a topic button is clicked', async () => {
      const card = await driver.roleCommand('ml-infrastructure-architect', member);
      const after = await driver.click(card, /^Salary$/, member);
      expect(after.private?.text).toContain('$180,000 - $200,000');
      expect(after.public).toBeUndefined();
    });

    it('refuses to share into the channel for a member under the moderators policy', async () => {
      const before = driver.publicPostCount();
      const card = await driver.roleCommand('staff-ml-architect salary', member);
      const after = await driver.click(card, /share/i, member);
      expect(after.public).toBeUndefined();
      expect(after.private?.text).toMatch(/moderator/i);
      expect(driver.publicPostCount()).toBe(before);
    });

    it('shares into the channel for a moderator, saying who shared it', async () => {
      const before = driver.publicPostCount();
      const card = await driver.roleCommand('staff-ml-architect salary', moderator);
      const after = await driver.click(card, /share/i, moderator);
      expect(after.public?.visibility).toBe('public');
      expect(after.public?.text).toContain('$190,000 - $200,000');
      expect(after.public?.text).toMatch(/shared by/i);
      expect(driver.publicPostCount()).toBe(before + 1);
    });

    it('answers a mention publicly and a DM in the DM', async () => {
      const pub = await driver.mention('what skills does a lead ml architect need?', member);
      expect(pub.visibility).toBe('public');
      expect(pub.text).toContain('Lead Machine Learning Architect');
      const dm = await driver.directMessage('ml data architect salary', member);
      expect(dm.text).toContain('$393,000');
    });

    it('never lets user text ping anyone', async () => {
      await driver.mention('@everyone @here <!channel> <@&123456789012345678> staff ml architect salary', member);
      await driver.ask('@everyone what does a lead ml architect do <!here>', member);
      expect(driver.sentNothingThatPings()).toBe(true);
    });

    it('keeps the longest answers within platform limits', async () => {
      await driver.roleCommand('', member); // every role with its summary
      await driver.ask(
        'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect salary',
        member,
      );
      await driver.roleCommand('ml-infrastructure-architect best-practices', member);
      await driver.roleCommand('ml-systems-architect challenges', member);
      expect(driver.sentWithinLimits()).toBe(true);
    });

    it('counts a vote once per person and answer, even on a fresh copy of the same answer', async () => {
      const first = await driver.roleCommand('ml-systems-architect salary', member);
      expect((await driver.click(first, /👍|helpful/i, member)).private?.text ?? '').toMatch(/thanks/i);
      const again = await driver.roleCommand('ml-systems-architect salary', member);
      expect((await driver.click(again, /👎|not helpful/i, member)).private?.text ?? '').toMatch(/already/i);
    });

    it('answers a mention delivered twice only once', async () => {
      expect(await driver.mentionDeliveredTwice('what does an ml data architect do?', member)).toBe(1);
    });

    it('lists the unanswered questions for moderators, with counts, and refuses members', async () => {
      await driver.ask('how do I become a plumber?', member, 'C-GAPS');
      await driver.ask('How do I become a plumber', member, 'C-GAPS');
      const refused = await driver.moderatorCommand('gaps', member);
      expect(refused.visibility).toBe('private');
      expect(refused.text).toMatch(/only moderators/i);
      const gaps = await driver.moderatorCommand('gaps', moderator);
      expect(gaps.visibility).toBe('private');
      expect(gaps.text).toMatch(/\*{0,2}2×\*{0,2} “how do i become a plumber\??”/i);
    });

    it('takes a comment after 👎 and lists the answer by 👎 with it for moderators', async () => {
      const card = await driver.roleCommand('ml-data-architect challenges', member);
      await driver.click(card, /👎|not helpful/i, member);
      expect((await driver.submitComment('the challenges read as generic', member)).text).toMatch(/thanks/i);
      expect((await driver.moderatorCommand('feedback', member)).text).toMatch(/only moderators/i);
      const feedback = await driver.moderatorCommand('feedback', moderator);
      expect(feedback.visibility).toBe('private');
      expect(feedback.text).toContain('role ml-data-architect challenges');
      expect(feedback.text).toMatch(/👎 \*{0,2}1\*{0,2} · 👍 \*{0,2}0\*{0,2}/);
      expect(feedback.text).toContain('the challenges read as generic');
      expect(driver.sentNothingThatPings()).toBe(true);
    });

    it('records feedback once per answer', async () => {
      const card = await driver.roleCommand('staff-ml-architect', member);
      const first = await driver.click(card, /👍|helpful/i, member);
      expect(first.private?.text ?? '').toMatch(/thanks/i);
      const second = await driver.click(card, /👍|helpful/i, member);
      expect(second.private?.text ?? '').toMatch(/already/i);
    });
  });
}
