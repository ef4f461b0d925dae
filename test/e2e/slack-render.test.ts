/**
 * Block Kit rendering (src/adapters/slack/render.ts): Markdown → mrkdwn, escaping before markup, and Slack's limits
 * for any answer, however long. Checked with the independent Block Kit checker of test/fakes/slack-blockkit.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInlineControl } from '../../src/bot/controls.ts';
import { controlsOf } from '../helpers/bot.ts';
import {
  contentBlocks,
  escapeMrkdwn,
  markdownToMrkdwn,
  noteLine,
  noticeMessage,
  renderBlocks,
  roleOptions,
  roleSlugOf,
  splitMrkdwn,
  userMention,
  type RenderOptions,
  type SlackMessage,
} from '../../src/adapters/slack/render.ts';
import type { Answer, Block } from '../../src/core/types.ts';
import { blockKitProblems, buttonsOf, pingProblems, selectMenusOf, suggestionProblems, visibleText } from '../fakes/slack-blockkit.ts';
import { runs } from '../setup/property.ts';

function answer(over: Partial<Answer> = {}): Answer {
  return {
    intent: 'overview',
    roles: ['r'],
    topic: 'overview',
    title: 'A role',
    blocks: [],
    followUps: [],
    sections: [],
    confidence: 1,
    suggestions: [],
    replay: 'role r',
    ...over,
  };
}

/** `<` that is not markup the renderer itself adds (links, a verified user mention, a channel link). */
function strayAngles(message: SlackMessage): string[] {
  const json = JSON.stringify(message.blocks) + message.text;
  return [...json.matchAll(/<(?!(?:https?:\/\/|mailto:)[^\s<>|]+\||@[UW][A-Z0-9]+>|#[CDG][A-Z0-9]+>)[^>]{0,20}/g)].map((m) => m[0]);
}

const asJson = (m: SlackMessage) => m as unknown as Record<string, unknown>;

/** renderBlocks with the answer's controls, as the adapter calls it. */
function render(a: Answer, options: Omit<RenderOptions, 'controls'>): SlackMessage {
  return renderBlocks(a, { controls: controlsOf(a), ...options });
}

describe('markdownToMrkdwn', () => {
  it.each([
    ['**bold**', '*bold*'],
    ['__bold__', '*bold*'],
    ['*italic*', '_italic_'],
    ['_italic_', '_italic_'],
    ['**Scalability** — build for *growing* data', '*Scalability* — build for _growing_ data'],
    ['**a** and **b**', '*a* and *b*'],
    ['2 * 3 * 4', '2 * 3 * 4'],
    ['`role <name> [topic]`', '`role &lt;name&gt; [topic]`'],
    ['see [the docs](https://example.com/a?b=1&c=2)', 'see <https://example.com/a?b=1&amp;c=2|the docs>'],
    ['[**bold link**](https://example.com)', '<https://example.com|*bold link*>'],
    ['[x](javascript:alert)', 'x (javascript:alert)'],
    ['a & b < c > d', 'a &amp; b &lt; c &gt; d'],
    ['already &lt; escaped', 'already &amp;lt; escaped'],
    ['💰 **Median: $190,000 - $200,000** (US)', '💰 *Median: $190,000 - $200,000* (US)'],
  ])('%s → %s', (markdown, mrkdwn) => {
    expect(markdownToMrkdwn(markdown)).toBe(mrkdwn);
  });

  it('escapes before adding markup, so text can never become a link, mention or special mention', () => {
    const out = markdownToMrkdwn(
      '<https://evil.example|click me> <!channel> <!here|here> <@U0VICTIM1> <!subteam^S1|@team> @everyone `<!everyone>` [<!here>](https://ok.example)',
    );
    expect(out).not.toMatch(/<(?!https:\/\/ok\.example\|)/);
    expect(out).toContain('&lt;https://evil.example|click me&gt;');
    expect(pingProblems({ text: out }, new Set())).toEqual([]);
  });

  it('ignores forged placeholder characters', () => {
    expect(markdownToMrkdwn('\ue0000\ue001 **x**')).toBe('0 *x*');
  });
});

describe('mentions the adapter itself builds', () => {
  it('only from a well-formed user id', () => {
    expect(userMention('U0MEMBER1')).toBe('<@U0MEMBER1>');
    expect(userMention('W0ENTERPRISE')).toBe('<@W0ENTERPRISE>');
    for (const bad of ['<!channel>', 'U1> <!here', 'u0member1', '', undefined, 'U0MEMBER1|x']) expect(userMention(bad)).toBe('someone');
    expect(noteLine({ kind: 'shared-by', user: 'U0MODERAT1' })).toContain('<@U0MODERAT1>');
  });
});

describe('renderBlocks', () => {
  it('renders headings, paragraphs, bullets (nested, ordered), tables, fields and the source', () => {
    const message = render(
      answer({
        blocks: [
          { type: 'heading', text: 'Key skills' },
          { type: 'bullets', items: ['**Python**', '  NumPy', 'SQL'] },
          { type: 'bullets', items: ['first', 'second'], ordered: true },
          { type: 'paragraph', text: 'Plain & simple' },
          {
            type: 'table',
            columns: ['Measure', 'Figure'],
            rows: [
              ['Median', '$1'],
              ['Range', '—'],
            ],
            caption: 'Pay',
          },
          { type: 'fields', fields: [{ label: 'A', value: '*x*' }] },
          { type: 'source', text: 'Source: knowledge/r.md · US, 2024' },
        ],
        followUps: [{ kind: 'topic', label: 'Salary', command: 'role r salary' }],
      }),
      { share: true },
    );
    expect(blockKitProblems(asJson(message))).toEqual([]);
    const blocks = message.blocks as unknown as Array<Record<string, unknown>>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'A role' } });
    expect(JSON.stringify(blocks)).toContain('*Key skills*\\n• *Python*\\n      ◦ NumPy\\n• SQL');
    expect(JSON.stringify(blocks)).toContain('1. first\\n2. second');
    expect(JSON.stringify(blocks)).toContain('Plain &amp; simple');
    const table = blocks.find((b) => Array.isArray(b.fields) && JSON.stringify(b).includes('Median'));
    expect(table).toMatchObject({ text: { text: 'Pay' }, fields: [{ text: '*Median*\n_Figure:_ $1' }, { text: '*Range*' }] });
    expect(blocks.find((b) => b.type === 'context')).toMatchObject({
      elements: [{ type: 'mrkdwn', text: 'Source: knowledge/r.md · US, 2024' }],
    });
    expect(buttonsOf(asJson(message)).map((b) => [b.label, b.actionId])).toEqual([
      ['Salary', 'followup:0'],
      ['📣 Share in channel', 'share'],
      ['👍 Helpful', 'feedback:up'],
      ['👎 Not helpful', 'feedback:down'],
    ]);
    expect(parseInlineControl(buttonsOf(asJson(message))[0]?.value)).toEqual({ action: 'run', command: 'role r salary' });
    expect(parseInlineControl(buttonsOf(asJson(message))[2]?.value)).toEqual({ action: 'up', command: 'role r' });
    expect(message.text).toContain('A ROLE');
    expect(message.text).toContain('Plain &amp; simple');
  });

  it('escapes hostile text everywhere: title, body, table, fields, source, labels, fallback', () => {
    const evil = '<!channel> <@U0VICTIM1> <https://evil.example|win> @here &';
    const message = render(
      answer({
        title: evil,
        blocks: [
          { type: 'heading', text: evil },
          { type: 'paragraph', text: evil },
          { type: 'bullets', items: [evil, `  ${evil}`] },
          { type: 'table', columns: [evil, evil], rows: [[evil, evil]], caption: evil },
          { type: 'fields', fields: [{ label: evil, value: evil }] },
          { type: 'source', text: evil },
        ],
        followUps: [{ kind: 'role', label: evil, command: evil }],
        replay: evil,
      }),
      { share: true, note: noteLine({ kind: 'shared-by', user: 'U0MODERAT1' }) },
    );
    expect(strayAngles(message)).toEqual([]);
    expect(pingProblems(asJson(message), new Set(['U0MODERAT1']))).toEqual([]);
    expect(blockKitProblems(asJson(message))).toEqual([]);
    expect(visibleText(asJson(message))).toContain('Shared by <@U0MODERAT1>');
  });

  it('splits a long paragraph across sections, and long field values into sections', () => {
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ');
    const message = render(
      answer({
        blocks: [
          { type: 'paragraph', text: long },
          { type: 'fields', fields: [{ label: 'Big', value: 'y'.repeat(2500) }] },
        ],
      }),
      {},
    );
    expect(blockKitProblems(asJson(message))).toEqual([]);
    const text = visibleText(asJson(message));
    expect(text).toContain('word0');
    expect(text).toContain('word899');
    expect(text.replace(/\s+/g, ' ')).toContain(long);
  });

  it('packs many follow-ups into actions blocks of at most 25, with unique action ids', () => {
    const followUps = Array.from({ length: 40 }, (_, i) => ({
      kind: 'role' as const,
      label: `Role number ${i} ${'x'.repeat(100)}`,
      command: `role r${i}`,
    }));
    const message = render(answer({ followUps }), { share: true });
    expect(blockKitProblems(asJson(message))).toEqual([]);
    expect(buttonsOf(asJson(message)).filter((b) => b.actionId.startsWith('followup:'))).toHaveLength(40);
  });

  it('keeps button values under 2,000 characters, even for a very long replay', () => {
    const message = render(answer({ replay: '"'.repeat(5000), followUps: [{ kind: 'topic', label: 'X', command: '\\'.repeat(3000) }] }), {
      share: true,
    });
    expect(blockKitProblems(asJson(message))).toEqual([]);
    for (const b of buttonsOf(asJson(message))) expect((b.value ?? '').length).toBeLessThanOrEqual(2000);
  });

  it('ends the first page at the answer\'s "more" marker, and More shows the rest', () => {
    const a = answer({
      blocks: [
        { type: 'paragraph', text: 'Short answer' },
        { type: 'source', text: 'Source: r.md' },
        { type: 'more' },
        { type: 'table', columns: ['Measure', 'Figure'], rows: [['Median', '$1']] },
      ],
    });
    const first = render(a, {});
    expect(blockKitProblems(asJson(first))).toEqual([]);
    expect(visibleText(asJson(first))).toContain('Short answer');
    expect(visibleText(asJson(first))).not.toContain('$1');
    expect(first.text).not.toContain('$1');
    const more = buttonsOf(asJson(first)).find((b) => b.actionId === 'more');
    const offset = parseInlineControl(more?.value)?.offset;
    expect(offset).toBe(2);
    const rest = render(a, { offset });
    expect(visibleText(asJson(rest))).toContain('$1');
    expect(visibleText(asJson(rest))).not.toContain('Short answer');
    expect(buttonsOf(asJson(rest)).some((b) => b.actionId === 'more')).toBe(false);
  });

  it('the role menu is static up to 100 roles, external past that; role search options stay within limits', () => {
    const menuOf = (n: number) => {
      const roleMenu = Array.from({ length: n }, (_, i) => ({
        role: { slug: `role-${i}`, title: `Role ${i}`, summary: 'A role.' },
        control: `ca:r:role role-${i}`,
      }));
      const message = asJson(render(answer({ intent: 'roles' }), { roleMenu }));
      expect(blockKitProblems(message), String(n)).toEqual([]);
      return selectMenusOf(message);
    };
    expect(menuOf(1).map((m) => m.type)).toEqual(['static_select']);
    expect(menuOf(100).map((m) => [m.type, (m.options as unknown[]).length])).toEqual([['static_select', 100]]);
    expect(menuOf(101).map((m) => m.type)).toEqual(['external_select']);
    // Titles of 100 characters, hostile summaries, a slug too long for a value, one role twice, 150 roles.
    const roles = [
      { slug: 'a'.repeat(150), title: 'Too long to carry', summary: 'x' },
      ...Array.from({ length: 150 }, (_, i) => ({
        slug: `r-${i}`,
        title: `${'T'.repeat(95)} ${i}`,
        summary: `<!here> @channel ${'s'.repeat(200)}`,
      })),
      { slug: 'r-0', title: 'Again', summary: '' },
    ];
    const options = roleOptions(roles);
    expect(suggestionProblems({ options })).toEqual([]);
    expect(pingProblems({ options }, new Set())).toEqual([]);
    expect(options).toHaveLength(100);
    expect(options[0]?.value).toBe('ca:r:role r-0');
    expect(roleSlugOf(options[0]?.value)).toBe('r-0');
    // The checker itself catches what Slack would refuse.
    const option = (over: object) => ({ text: { type: 'plain_text', text: 'x' }, value: 'v', ...over });
    for (const bad of [
      { options: [option({ text: { type: 'mrkdwn', text: 'x' } })] },
      { options: [option({ text: { type: 'plain_text', text: 'x'.repeat(76) } })] },
      { options: [option({ value: 'v'.repeat(151) })] },
      { options: [option({ description: { type: 'plain_text', text: 'd'.repeat(76) } })] },
      { options: [option({}), option({})] },
      { options: Array.from({ length: 101 }, (_, i) => option({ value: `v${i}` })) },
      { options: [], option_groups: [] },
    ])
      expect(suggestionProblems(bad), JSON.stringify(bad).slice(0, 80)).not.toEqual([]);
  });

  it('a notice is escaped, with a fallback', () => {
    const notice = noticeMessage('Try `/invite @Career Advisor` <!here> & go');
    expect(strayAngles(notice)).toEqual([]);
    expect(notice.text).toContain('&amp;');
    expect(blockKitProblems(asJson(notice))).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------------------------
// Any answer, however long: within limits, and "More" pages together show every part exactly once.

/** Words, Markdown marks and hostile markup, so generated text exercises conversion, escaping and splitting. */
const word = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom(
      'salary',
      'skills',
      'architect',
      'the',
      'of',
      'ML',
      '$190,000',
      'C/C++',
      '—',
      'a',
      'data-pipelines',
      'x'.repeat(120),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('**bold**', '*it*', '_it_', '`code`', '[docs](https://example.com/?a=1&b=2)', '&', '<', '>', '|', '\n'),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<!channel>', '@everyone', '<@U0VICTIM1>', '<https://evil.example|x>', '&lt;', '<!subteam^S1|@t>'),
  },
);
const inline = fc.array(word, { minLength: 0, maxLength: 12 }).map((w) => w.join(' ').replace(/\n/g, ' '));
const longText = fc.array(word, { minLength: 1, maxLength: 700 }).map((w) => w.join(' '));
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('heading' as const), text: inline }),
  fc.record({ type: fc.constant('paragraph' as const), text: longText }),
  fc.record({
    type: fc.constant('bullets' as const),
    items: fc.array(
      fc.oneof(
        longText,
        inline.map((s) => `  ${s}`),
      ),
      { minLength: 1, maxLength: 30 },
    ),
    ordered: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('table' as const),
    columns: fc.array(inline, { minLength: 1, maxLength: 6 }),
    rows: fc.array(fc.array(longText, { minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 25 }),
  }),
  fc.record({
    type: fc.constant('fields' as const),
    fields: fc.array(fc.record({ label: inline, value: longText }), { minLength: 1, maxLength: 25 }),
  }),
  fc.record({ type: fc.constant('source' as const), text: longText }),
);
const anyAnswer = fc.record({
  title: fc.string({ maxLength: 400 }),
  blocks: fc.array(block, { minLength: 0, maxLength: 80, size: 'large' }),
  followUps: fc.array(
    fc.record({
      kind: fc.constant('topic' as const),
      label: fc.string({ minLength: 1, maxLength: 120 }),
      command: fc.string({ maxLength: 600 }),
    }),
    { maxLength: 30 },
  ),
  replay: fc.string({ maxLength: 600 }),
});

describe('any answer', () => {
  it('renders within Block Kit limits, every page, and the pages cover the whole answer once, in order', () => {
    let paginated = 0;
    fc.assert(
      fc.property(anyAnswer, fc.boolean(), (generated, share) => {
        const a = answer(generated);
        const shown: string[] = [];
        let offset = 0;
        let pages = 0;
        for (; pages < 200; pages += 1) {
          const message = render(a, {
            share,
            offset,
            ...(pages === 0 ? { note: noteLine({ kind: 'shared-by', user: 'U0MODERAT1' }) } : {}),
          });
          expect(blockKitProblems(asJson(message))).toEqual([]);
          expect(strayAngles(message)).toEqual([]);
          expect(pingProblems(asJson(message), new Set(['U0MODERAT1']))).toEqual([]);
          const blocks = message.blocks as unknown as Array<Record<string, unknown>>;
          shown.push(
            ...blocks
              .filter((b, i) => (b.type === 'section' || b.type === 'context') && !(pages === 0 && i === 0))
              .map((b) => JSON.stringify(b)),
          );
          const more = buttonsOf(asJson(message)).find((b) => b.actionId === 'more');
          if (!more) break;
          const next = Number(/^ca:m\.(\d+):/.exec(more.value ?? '')?.[1]);
          expect(next).toBeGreaterThan(offset);
          offset = next as number;
        }
        if (pages > 0) paginated += 1;
        expect(shown).toEqual(contentBlocks(a).map((b) => JSON.stringify(b)));
      }),
      { numRuns: runs(40) },
    );
    // The generator must actually reach the "More" path for this to mean anything.
    expect(paginated).toBeGreaterThan(10);
  });

  it('splitMrkdwn never cuts inside <…> markup or an &entity;, and loses no words', () => {
    const piece = fc.oneof(
      fc.stringMatching(/^[a-z]{1,30}$/),
      fc.constant('<https://example.com/a|link text>'),
      fc.constant('&amp;'),
      fc.constant('\n'),
      fc.constant('&lt;'),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 400 }), fc.integer({ min: 40, max: 300 }), (pieces, max) => {
        const text = pieces.join(' ');
        const parts = splitMrkdwn(text, max);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(max);
          expect((part.match(/</g) ?? []).length).toBe((part.match(/>/g) ?? []).length);
          expect(part).not.toMatch(/&[a-z]{0,3}$/);
        }
        expect(parts.join(' ').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: runs(200) },
    );
  });

  it('escapeMrkdwn escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a&b<c>d"e\'')).toBe('a&amp;b&lt;c&gt;d"e\'');
  });
});
