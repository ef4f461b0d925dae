/**
 * No view of any platform sends a mention, even when one reaches it from a composer, the knowledge or a member's
 * words: each adapter's view breaks them with the shared helper. The mention forms are written out here from Slack's
 * and Discord's documentation, independently of the helper's own pattern.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { neutralizeMentions } from '../../src/bot/mentions.ts';
import { batchLine } from '../../src/adapters/console/batch.ts';
import { loadWideText, renderAnswer } from '../../src/adapters/console/view.ts';
import { toEmbeds } from '../../src/adapters/discord/render.ts';
import { renderBlocks } from '../../src/adapters/slack/render.ts';
import type { Answer } from '../../src/core/types.ts';

const PINGS = /@everyone|@here|@channel|<!(?:everyone|here|channel|subteam)|<@[!&]?\w+>|<#\w+>/i;
const FORMS = [
  '@everyone',
  '@here',
  '@channel',
  '<!everyone>',
  '<!here>',
  '<!channel>',
  '<!subteam^S123>',
  '<@U12345>',
  '<@!123>',
  '<@&123456>',
  '<#C123>',
];

const poisoned: Answer = {
  intent: 'help',
  roles: [],
  title: '@everyone <!here>',
  blocks: [
    { type: 'paragraph', text: FORMS.join(' ') },
    { type: 'bullets', items: ['<@U1> and @here'] },
  ],
  followUps: [],
  sections: [],
  confidence: 1,
  suggestions: [],
};

beforeAll(loadWideText);

describe('mentions never leave a view', () => {
  it('the helper breaks every documented mass and direct mention form and keeps the text readable', () => {
    for (const form of FORMS) {
      const out = neutralizeMentions(`hi ${form} there`);
      expect(PINGS.test(out), form).toBe(false);
      expect(out.replace(/\u200b/g, '')).toBe(`hi ${form} there`);
    }
  });

  it('Slack blocks and fallback, Discord embeds, the terminal view and the ask --json line carry none', () => {
    const slack = renderBlocks(poisoned, {});
    expect(PINGS.test(JSON.stringify(slack.blocks))).toBe(false);
    expect(PINGS.test(slack.text)).toBe(false);
    expect(PINGS.test(JSON.stringify(toEmbeds(poisoned)))).toBe(false);
    expect(PINGS.test(renderAnswer(poisoned, { width: 80 }))).toBe(false);
    expect(PINGS.test(batchLine(poisoned, null))).toBe(false);
  });
});
