/**
 * Platform markup is translated by each adapter before the bot layer and the core read a message. The markup
 * forms are written out here from Slack's and Discord's documentation ("Formatting text for app surfaces";
 * "Message Formatting"), not taken from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { discordText } from '../../src/adapters/discord/inbound.ts';
import { slackText } from '../../src/adapters/slack/inbound.ts';
import { cleanInput } from '../../src/core/nlu/input.ts';

describe('Slack message markup → plain text', () => {
  it('drops user, group and special mentions, keeps link labels and channel names, unescapes & < >', () => {
    expect(cleanInput(slackText('<@U0123ABC> how much does a staff ml architect make?'))).toBe('how much does a staff ml architect make?');
    expect(cleanInput(slackText('<!here> <!channel> <!everyone> <!subteam^S0123|@team> skills?'))).toBe('skills?');
    expect(slackText('see <https://example.com/x|the profile> in <#C0123|careers>')).toBe('see the profile in #careers');
    expect(slackText('<https://example.com/a>')).toBe('https://example.com/a');
    expect(slackText('R&amp;D &lt;3 a &gt; b')).toBe('R&D <3 a > b');
    // An escaped mention a member typed stays text: it is unescaped after the markup is gone.
    expect(slackText('&lt;@U1&gt;')).toBe('<@U1>');
  });
});

describe('Discord message markup → plain text', () => {
  it('drops user, nickname, role and channel mentions and custom emoji', () => {
    expect(discordText('<@123456789012345678> what does an ML infra architect do')).toBe('what does an ML infra architect do');
    expect(discordText('<@!123> <@&456> <#789> <:party:111> <a:wave:222> help')).toBe('help');
    expect(discordText('no markup here')).toBe('no markup here');
  });
});

describe('the core reads plain text', () => {
  it('keeps markup that reaches it as text, and still drops plain mass mentions and control characters', () => {
    expect(cleanInput('@everyone\u0000 staff ml architect')).toBe('staff ml architect');
    expect(cleanInput('<@U1> staff')).toBe('<@U1> staff');
  });
});
