/**
 * The Discord renderer on its own: every real answer, and generated extreme ones, stay within Discord's limits without
 * losing what fits; mention forms are neutralised; buttons fit Discord's component rules; button ids round-trip.
 * (The end-to-end files check the same payloads as discord.js actually sent them.)
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { shortenedNotice, splitText, toComponents, toEmbeds, toMessage, truncate } from '../../src/adapters/discord/render.ts';
import { createAdvisor, type Advisor } from '../../src/core/advisor.ts';
import { answerParts } from '../../src/core/answer/parts.ts';
import { TOPICS } from '../../src/core/topics.ts';
import type { Answer, Block } from '../../src/core/types.ts';
import { withinLimits } from '../fakes/discord-driver.ts';
import type { MessageBody } from '../fakes/discord.ts';
import { controlsOf } from '../helpers/bot.ts';
import { realKnowledge } from '../helpers.ts';
import { runs } from '../setup/property.ts';

let advisor: Advisor;
beforeAll(async () => {
  advisor = createAdvisor({ knowledge: await realKnowledge() });
});

/** The controls as the bot layer makes them for Discord (100-character custom ids). */
const ids = (answer: Answer) => controlsOf(answer, 100);

function answerOf(text: string): Answer {
  return advisor.handle({ text, conversationId: `test:${Math.random()}`, user: { id: 'u', isModerator: false }, platform: 'discord' });
}

function body(answer: Answer): MessageBody {
  const message = toMessage(answer, { controls: ids(answer), share: 'offer' });
  return { embeds: message.embeds, components: message.components };
}

function allText(embeds: APIEmbed[]): string {
  return embeds
    .flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? ''])
    .join('\n');
}

function synthetic(blocks: Block[], title = 'A title'): Answer {
  return { intent: 'overview', roles: [], title, blocks, followUps: [], sections: [], confidence: 1, suggestions: [], replay: 'role x' };
}

describe('toEmbeds with the real knowledge', () => {
  it('keeps every role × topic, every comparison, the role list and help within limits, unshortened', () => {
    const texts = ['roles', 'help', 'plumber', ...advisor.roles().flatMap((r) => TOPICS.map((t) => `role ${r.slug} ${t}`))];
    const slugs = advisor.roles().map((r) => r.slug);
    for (const [i, a] of slugs.entries()) for (const b of slugs.slice(i + 1)) texts.push(`compare ${a} ${b} salary`, `compare ${a} ${b}`);
    texts.push(`compare ${slugs.slice(0, 5).join(' ')} salary`, `compare ${slugs.slice(0, 5).join(' ')}`);
    for (const text of texts) {
      const answer = answerOf(text);
      expect(withinLimits(body(answer)), text).toEqual([]);
      for (const part of answerParts(answer).keys()) {
        const embeds = toEmbeds(answer, { part });
        expect(withinLimits({ embeds }), `${text} part ${part}`).toEqual([]);
        expect(embeds.at(-1)?.footer?.text ?? '', `${text} part ${part}`).not.toContain(shortenedNotice);
      }
    }
  });

  it('puts the direct pay line first, figure groups in fields, the source and as-of once in the footer', () => {
    const answer = answerOf('role staff-ml-architect salary');
    const [embed] = toEmbeds(answer);
    expect(embed?.description).toMatch(/^\*\*Staff ML Architect\*\*: median \$190,000 - \$200,000 a year \(estimate, US, 2024\)/);
    expect(
      toEmbeds(answer)
        .flatMap((e) => e.fields ?? [])
        .map((f) => f.name),
    ).toEqual(['More Staff ML Architect figures (US)', 'Machine Learning Architect (US)', 'Staff ML Engineer (US, total compensation)']);
    const footer = toEmbeds(answer).at(-1)?.footer?.text;
    expect(footer).toMatch(/^Source: .*· US market, 2024$/);
    expect(JSON.stringify(toEmbeds(answer)).match(/US market, 2024/g)).toHaveLength(1);
  });

  it('shows the full pay table as the second part, behind a "More" button', () => {
    const answer = answerOf('role staff-ml-architect salary');
    const labels = toComponents({ controls: ids(answer), share: 'offer' }).flatMap((r) => r.components.map((b) => b.label));
    expect(labels).toContain('More');
    const more = toEmbeds(answer, { part: 1 });
    expect(more[0]?.title).toBe('Staff Machine Learning Architect — Salary (more)');
    const rows = more.flatMap((e) => e.fields ?? []);
    expect(rows.length).toBe(13);
    expect(rows.every((f) => f.value.startsWith('**'))).toBe(true);
    expect(allText(more)).toContain('**Over $734,000**');
    expect(withinLimits({ embeds: more })).toEqual([]);
  });
});

describe('toEmbeds with extreme answers', () => {
  const inline = fc.string({ unit: 'grapheme', maxLength: 400 });
  const block: fc.Arbitrary<Block> = fc.oneof(
    fc.record({ type: fc.constant('heading' as const), text: inline }),
    fc.record({ type: fc.constant('paragraph' as const), text: fc.string({ unit: 'grapheme', maxLength: 6_000 }) }),
    fc.record({ type: fc.constant('bullets' as const), items: fc.array(inline, { maxLength: 40 }), ordered: fc.boolean() }),
    fc.record({
      type: fc.constant('table' as const),
      columns: fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 6 }),
      rows: fc.array(fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 6 }), { maxLength: 60 }),
    }),
    fc.record({
      type: fc.constant('fields' as const),
      fields: fc.array(fc.record({ label: fc.string({ maxLength: 400 }), value: fc.string({ maxLength: 2_500 }) }), { maxLength: 30 }),
    }),
    fc.record({ type: fc.constant('source' as const), text: fc.string({ maxLength: 3_000 }) }),
  );

  it('never breaks a Discord limit, whatever the blocks', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 14 }), fc.string({ maxLength: 400 }), (blocks, title) => {
        const answer = synthetic(blocks, title);
        expect(withinLimits({ embeds: toEmbeds(answer), components: toComponents({ controls: ids(answer), share: 'offer' }) })).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });

  it('shows everything, in order, when it fits', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{3,12}( [a-z]{3,12}){0,20}$/), { minLength: 1, maxLength: 8 }), (paragraphs) => {
        const embeds = toEmbeds(synthetic(paragraphs.map((text) => ({ type: 'paragraph' as const, text }))));
        const shown = allText(embeds);
        let from = 0;
        for (const p of paragraphs) {
          const at = shown.indexOf(p, from);
          expect(at).toBeGreaterThanOrEqual(0);
          from = at + p.length;
        }
        expect(shown).not.toContain(shortenedNotice);
      }),
      { numRuns: runs(100) },
    );
  });

  it('splits a description over 4,096 characters across embeds without losing text', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `- item ${i} ${'x'.repeat(40)}`);
    const embeds = toEmbeds(synthetic([{ type: 'bullets', items: lines.map((l) => l.slice(2)) }]));
    expect(embeds.length).toBe(2);
    expect(embeds.map((e) => e.description).join('\n')).toBe(lines.join('\n'));
    expect(embeds[1]?.footer).toBeUndefined();
  });

  it('shortens what cannot fit 6,000 characters and says so in the footer', () => {
    const huge = synthetic([
      { type: 'paragraph', text: 'word '.repeat(10_000) },
      { type: 'source', text: 'Source: somewhere · 2024' },
    ]);
    const embeds = toEmbeds(huge);
    expect(withinLimits({ embeds })).toEqual([]);
    expect(embeds.at(-1)?.footer?.text).toBe(`${shortenedNotice} · Source: somewhere · 2024`);
    expect(embeds.at(-1)?.description?.endsWith('…')).toBe(true);
  });

  it('keeps text after a table below it (a new embed), and splits long field values', () => {
    const embeds = toEmbeds(
      synthetic([
        { type: 'paragraph', text: 'before' },
        { type: 'table', columns: ['Measure', 'Figure'], rows: [['Median', '$1']] },
        { type: 'paragraph', text: 'after' },
        { type: 'fields', fields: [{ label: 'Long', value: `${'a '.repeat(700)}` }] },
      ]),
    );
    expect(embeds.map((e) => e.description)).toEqual(['before', 'after']);
    expect(embeds[0]?.fields).toEqual([{ name: 'Median', value: '**$1**' }]);
    expect(embeds[1]?.fields?.map((f) => f.name)).toEqual(['Long', '\u200b']);
  });

  it('neutralises every mention form anywhere in an answer', () => {
    const ping = '@everyone @here <@&123456789012345678> <@123456789012345678> <#123>';
    const answer = synthetic(
      [
        { type: 'heading', text: ping },
        { type: 'paragraph', text: ping },
        { type: 'bullets', items: [ping, `  ${ping}`] },
        { type: 'table', columns: ['A', ping], rows: [[ping, ping]], caption: ping },
        { type: 'fields', fields: [{ label: ping, value: ping }] },
        { type: 'source', text: ping },
      ],
      ping,
    );
    const json = JSON.stringify(toEmbeds(answer));
    expect(json).not.toMatch(/@everyone|@here|<@&|<@\d|<#\d/);
  });
});

describe('toComponents', () => {
  it('offers follow-ups, Share and feedback within 5 rows of 5, with unique short ids', () => {
    const answer = answerOf(
      'compare ml-systems-architect ml-infrastructure-architect ml-data-architect lead-ml-architect staff-ml-architect salary',
    );
    const rows = toComponents({ controls: ids(answer), share: 'offer' });
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(withinLimits({ components: rows })).toEqual([]);
    const labels = rows.flatMap((r) => r.components.map((b) => b.label));
    expect(labels).toEqual(expect.arrayContaining(['Skills', 'Share in channel', 'Helpful', 'Not helpful']));
  });

  it('shows Share only where it makes sense', () => {
    const answer = answerOf('role staff-ml-architect');
    const labels = (share: 'offer' | 'done' | 'none') =>
      toComponents({ controls: ids(answer), share }).flatMap((r) => r.components.map((b) => [b.label, b.disabled ?? false]));
    expect(labels('none').some(([l]) => l === 'Share in channel' || l === 'Shared')).toBe(false);
    expect(labels('done')).toContainEqual(['Shared', true]);
    const noReplay = toComponents({ controls: ids({ ...answer, replay: undefined }), share: 'offer' }).flatMap((r) =>
      r.components.map((b) => b.label),
    );
    expect(noReplay).not.toContain('Share in channel');
    expect(noReplay).not.toContain('Helpful');
  });

  it('shortens long labels to 80 characters', () => {
    const answer = {
      ...answerOf('role staff-ml-architect'),
      followUps: [{ kind: 'role' as const, label: 'L'.repeat(200), command: 'role staff-ml-architect' }],
    };
    const [row] = toComponents({ controls: ids(answer), share: 'none', feedback: false });
    expect(row?.components[0]?.label?.length).toBe(80);
  });
});

describe('text helpers', () => {
  it('splitText keeps bold balanced and the head within the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '\n', '*', '**'), minLength: 1, maxLength: 500 }),
        fc.integer({ min: 10, max: 200 }),
        (text, max) => {
          const [head] = splitText(text, max);
          expect(head.length).toBeLessThanOrEqual(max);
        },
      ),
    );
    const [head, tail] = splitText(`**${'bold '.repeat(30)}** plain`, 50);
    expect((head.match(/\*\*/g) ?? []).length % 2).toBe(0);
    expect(tail.startsWith('**')).toBe(true);
  });

  it('truncate cuts at a word and marks the cut', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma…');
    expect(truncate('x'.repeat(20), 10)).toHaveLength(10);
  });
});
