import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderText } from '../../src/core/answer/render.ts';
import type { Answer } from '../../src/core/types.ts';
import { realAdvisor } from '../helpers.ts';
import { runs } from '../setup/property.ts';

/** Anything Slack or Discord would turn into a ping if posted as is. */
const PINGS = /@everyone|@here|@channel|<!(?:everyone|here|channel|subteam)|<@[!&]?[\w]+>|<#\w+>/i;

/**
 * Every text of an answer a member can see. Not `replay`: it carries the member's own words back as the command that
 * asks again (button payloads, logs), never as message text; Slack and Discord markup is removed by the adapters
 * before a message reaches the core (test/adapters/inbound.test.ts).
 */
function everyText(answer: Answer): string {
  return [
    answer.title,
    JSON.stringify(answer.blocks),
    JSON.stringify(answer.followUps),
    answer.suggestions.join(' '),
    renderMarkdown(answer),
    renderText(answer),
  ].join('\n');
}

const PIECES = [
  '@everyone',
  '@here',
  '@channel',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123>',
  '<@U12345>',
  '<@&123456789012345678>',
  '<@!123>',
  '<#C123|general>',
  '**',
  '__',
  '`',
  '```',
  '> ',
  '[x](javascript:alert(1))',
  '<script>',
  '&amp;',
  '\u202e',
  '\u0000',
  '\ud83d\ude80',
  'staff ml architect',
  'lead',
  'salary',
  'vs',
  'what about',
  'compare',
  'role',
  'roles',
  'help',
  '$$$',
  '¿cuánto gana?',
  'зарплата',
  '给我工资',
  'infra',
  'skills',
  '\n',
  '\t',
  ' ',
  'stf',
  'architecht',
  'ml',
  'data',
  '%',
  '{"text":1}',
  'null',
];

describe('bad input never crashes and never pings', () => {
  it(`handles ${runs(2_000).toLocaleString('en-US')} random and adversarial inputs`, async () => {
    const advisor = await realAdvisor();
    const adversarial = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join(' '));
    const input = fc.oneof(
      { weight: 3, arbitrary: adversarial },
      { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
      { weight: 1, arbitrary: fc.string({ minLength: 2_000, maxLength: 20_000 }) },
    );
    let conversation = 0;
    fc.assert(
      fc.property(input, fc.boolean(), (text, sameConversation) => {
        if (!sameConversation) conversation++;
        const answer = advisor.handle({
          text,
          conversationId: `prop:${conversation}`,
          user: { id: 'U', isModerator: false },
          platform: 'test',
        });
        expect(answer.intent).toMatch(/^[a-z-]+$/);
        expect(PINGS.test(everyText(answer))).toBe(false);
      }),
      // 2,000 runs take about a second; `npm run test:fuzz` runs 50,000.
      { numRuns: runs(2_000) },
    );
  });

  it('caps huge input and reads binary, other languages and Markdown injection safely', async () => {
    const advisor = await realAdvisor();
    const req = (text: string) => advisor.handle({ text, conversationId: 'x', user: { id: 'U', isModerator: false }, platform: 'test' });
    expect(req(`staff ml architect salary ${'x'.repeat(1_000_000)}`).roles).toEqual(['staff-ml-architect']);
    expect(req('\u0000\u0001\u0002\ufffd\ufffe').intent).toBe('help');
    // Spanish is understood (answered in English); Chinese is not, and says so.
    expect(req('¿Cuánto gana un arquitecto de ML?')).toMatchObject({ intent: 'salary', language: 'es' });
    expect(req('机器学习架构师的工资是多少')).toMatchObject({ intent: 'unknown', language: 'zh' });
    const injected = req('**@everyone** <!channel> [click](http://evil) staff ml architect');
    expect(injected.roles).toEqual(['staff-ml-architect']);
    expect(PINGS.test(everyText(injected))).toBe(false);
    expect(everyText(injected)).not.toContain('http://evil');
  });
});
