/**
 * The terminal view: no line wider than the width (60, 80, 120, and random widths), measured as a terminal does
 * (string-width: wide characters and emoji take two columns); tables that fit stay aligned, tables that do not become
 * key–value lines, and every figure survives either way; colour only when asked; follow-ups numbered; and the chat's
 * number picks, `more` paging and ↑ history.
 */
import { spawn } from 'node:child_process';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../src/adapters/console/chat.ts';
import { colorEnabled, loadWideText, renderAnswer, renderAnswerLines, terminalWidth } from '../../src/adapters/console/view.ts';
import { parseConfig } from '../../src/config.ts';
import type { Advisor } from '../../src/core/advisor.ts';
import { TOPICS } from '../../src/core/topics.ts';
import type { Answer, Block } from '../../src/core/types.ts';
import { ask, cliCommand, cliEnv, realAdvisor } from '../helpers.ts';
import { runs } from '../setup/property.ts';

const WIDTHS = [60, 80, 120];
const ESC = '\u001b';
const PINGS = /@everyone|@here|@channel|<!(?:everyone|here|channel)|<@[!&]?\w+>/i;
/**
 * Whether `figure` is shown whole: its words appear in order and unbroken. (A wrapped table cell puts a figure's later
 * words on the next line, after the other columns' text, so the words need not be adjacent.)
 */
function shows(text: string, figure: string): boolean {
  const words = text.split(/\s+/);
  let at = 0;
  for (const word of figure.split(/\s+/).filter(Boolean)) {
    while (at < words.length && words[at] !== word) at++;
    if (at === words.length) return false;
    at++;
  }
  return true;
}
const widest = (lines: string[]) => Math.max(...lines.map((l) => stringWidth(l)));

let advisor: Advisor;
let answers: Answer[];
beforeAll(async () => {
  await loadWideText();
  advisor = await realAdvisor();
  answers = everyAnswer();
});

/** Every kind of answer: each role's card and topics, comparisons, the lists, and a few questions in words. */
function everyAnswer(): Answer[] {
  const slugs = advisor.knowledge.roles.map((r) => r.slug);
  const questions = [
    ...slugs.flatMap((s) => [`role ${s}`, ...TOPICS.map((t) => `role ${s} ${t}`)]),
    'compare staff-ml-architect lead-ml-architect',
    'compare staff-ml-architect lead-ml-architect salary',
    'compare ml-systems-architect ml-infrastructure-architect skills',
    'roles',
    'help',
    'how much does a staff ML architect make?',
    'lead vs staff pay',
    'what do plumbers earn',
  ];
  return questions.map((q) => ask(advisor, q));
}

function synthetic(blocks: Block[], title = 'A synthetic answer'): Answer {
  return { intent: 'overview', roles: [], title, blocks, followUps: [], sections: [], confidence: 1, suggestions: [] };
}

describe('terminal view widths', () => {
  it.each(WIDTHS)('no line of any answer is wider than %i columns', (width) => {
    const over: string[] = [];
    for (const answer of answers) {
      for (const line of renderAnswerLines(answer, { width })) if (stringWidth(line) > width) over.push(`${answer.title}: ${line}`);
    }
    expect(over).toEqual([]);
  });

  it('fits whatever the blocks, at any width from 20 to 160', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'b', ' ', ' ', '-', '€', '界', '🚀', '**', '\n', 'supercalifragilistic'),
      maxLength: 300,
    });
    const block: fc.Arbitrary<Block> = fc.oneof(
      fc.record({ type: fc.constant('heading' as const), text }),
      fc.record({ type: fc.constant('paragraph' as const), text }),
      fc.record({ type: fc.constant('source' as const), text }),
      fc.record({ type: fc.constant('bullets' as const), items: fc.array(text, { maxLength: 6 }), ordered: fc.boolean() }),
      fc.record({ type: fc.constant('fields' as const), fields: fc.array(fc.record({ label: text, value: text }), { maxLength: 4 }) }),
      fc.integer({ min: 1, max: 6 }).chain((n) =>
        fc.record({
          type: fc.constant('table' as const),
          columns: fc.array(text, { minLength: n, maxLength: n }),
          rows: fc.array(fc.array(text, { minLength: n, maxLength: n }), { maxLength: 6 }),
        }),
      ),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), fc.integer({ min: 20, max: 160 }), fc.boolean(), (blocks, width, color) => {
        const lines = renderAnswerLines(synthetic(blocks), { width, color });
        expect(widest(lines)).toBeLessThanOrEqual(width);
      }),
      { numRuns: runs(300) },
    );
  });

  it('counts wide characters and emoji as two columns', () => {
    const answer = synthetic([
      { type: 'paragraph', text: '机器学习架构师的工资是多少 '.repeat(12) },
      { type: 'paragraph', text: '💰 '.repeat(60) },
    ]);
    for (const width of WIDTHS) {
      const lines = renderAnswerLines(answer, { width });
      expect(widest(lines)).toBeLessThanOrEqual(width);
      expect(widest(lines)).toBeGreaterThan(width - 4); // and it does use the room
    }
  });

  it('wraps between words, never inside one that fits', () => {
    const words = 'challenges and related roles in machine learning architecture across teams '.repeat(4).trim();
    for (const width of WIDTHS) {
      const lines = renderAnswerLines(synthetic([{ type: 'paragraph', text: words }]), { width }).slice(2);
      expect(lines.join(' ')).toBe(words);
    }
  });
});

describe('terminal tables', () => {
  const salary = () => ask(advisor, 'role staff-ml-architect salary');
  const figures = (answer: Answer) => answer.blocks.flatMap((b) => (b.type === 'table' ? b.rows.map((r) => r[1] ?? '') : []));

  it('keeps a table that fits as aligned columns under a rule', () => {
    const answer = synthetic([
      {
        type: 'table',
        columns: ['Measure', 'Figure', 'Basis'],
        rows: [
          ['Median', '$190,000', 'base'],
          ['A cell of forty-four characters, quite long.', '$1', 'total'],
        ],
      },
    ]);
    const lines = renderAnswerLines(answer, { width: 80 }).slice(2);
    expect(lines[1]).toMatch(/^─+ {2}─+ {2}─+$/);
    const starts = [...(lines[1] ?? '').matchAll(/─+/g)].map((m) => m.index ?? 0);
    for (const line of [lines[0], lines[2], lines[3]]) {
      for (const start of starts.slice(1)) {
        expect(line?.slice(start - 2, start), line).toBe('  ');
        expect(line?.[start], line).not.toBe(' ');
      }
    }
  });

  it.each(WIDTHS)('shows every salary figure exactly at %i columns, as a table or as key–value lines', (width) => {
    const answer = salary();
    const text = renderAnswer(answer, { width, full: true });
    for (const figure of figures(answer)) expect(shows(text, figure), figure).toBe(true);
    // The short answer (what `ask` prints without --full) has every figure too, grouped by whom it describes.
    const short = renderAnswer(answer, { width }).replace(/\s+/g, ' ');
    for (const figure of figures(answer)) expect(short, figure).toContain(figure);
  });

  it('turns a table too wide for the terminal into aligned key–value lines', () => {
    const lines = renderAnswerLines(salary(), { width: 60, full: true });
    expect(lines.some((l) => /^─+/.test(l))).toBe(false);
    const figureLines = lines.filter((l) => /^ {2}Figure: +\S/.test(l));
    expect(figureLines.length).toBeGreaterThan(3);
    // Aligned: every value starts in the same column.
    expect(
      new Set(lines.filter((l) => /^ {2}(Figure|Basis|Figures for): +\S/.test(l)).map((l) => /^ {2}[\w ]+: +/.exec(l)?.[0].length)).size,
    ).toBe(1);
  });

  it('lays the 212-column comparison out within 80 and 160 columns', () => {
    const answer = ask(advisor, 'compare staff-ml-architect lead-ml-architect salary');
    for (const width of [80, 160]) {
      const lines = renderAnswerLines(answer, { width });
      expect(widest(lines)).toBeLessThanOrEqual(width);
      expect(shows(lines.join('\n'), '$188,940 - $233,000 per year')).toBe(true);
    }
  });
});

describe('terminal styling and follow-ups', () => {
  it('colours only when asked: bold title and headings, dim source', () => {
    const answer = ask(advisor, 'role staff-ml-architect salary');
    expect(renderAnswer(answer, { width: 80, color: false })).not.toContain(ESC);
    const coloured = renderAnswer(answer, { width: 80, color: true });
    expect(coloured).toContain(`${ESC}[1mSTAFF MACHINE LEARNING ARCHITECT`);
    expect(coloured).toMatch(new RegExp(`${ESC}\\[2mSource`));
  });

  it('decides colour from the terminal, NO_COLOR and FORCE_COLOR', () => {
    expect(colorEnabled({ isTTY: true })).toBe(true);
    expect(colorEnabled({ isTTY: false })).toBe(false);
    expect(colorEnabled({}, parseConfig({ FORCE_COLOR: '1' }).color)).toBe(true);
    expect(colorEnabled({ isTTY: true }, parseConfig({ NO_COLOR: '1' }).color)).toBe(false);
    expect(colorEnabled({ isTTY: true }, parseConfig({ FORCE_COLOR: '0' }).color)).toBe(false);
    expect(colorEnabled({ isTTY: false }, parseConfig({ NO_COLOR: '1', FORCE_COLOR: 'true' }).color)).toBe(true);
    expect(colorEnabled({ isTTY: true }, parseConfig({}).color)).toBe(true);
  });

  it('uses the terminal width on a terminal, 80 elsewhere, and --width over both', () => {
    expect(terminalWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(terminalWidth({})).toBe(80);
    expect(terminalWidth({ isTTY: true, columns: 132 }, 60)).toBe(60);
  });

  it('numbers the follow-ups, with the command to type for ask', () => {
    const answer = ask(advisor, 'role staff-ml-architect');
    const text = renderAnswer(answer, { width: 80 });
    expect(text).toContain('Next:');
    expect(text).toMatch(/^ {2}1\. Salary: role staff-ml-architect salary$/m);
    expect(text).not.toMatch(/More: .*\|/);
    expect(renderAnswer(answer, { width: 80, followUpCommands: false })).toMatch(/^ {2}2\. Skills$/m);
  });

  it('never lets a mention through', () => {
    const answer = synthetic(
      [
        { type: 'paragraph', text: '@everyone <!here> <@U123> **@channel**' },
        { type: 'table', columns: ['@here', 'b'], rows: [['<!channel>', '@everyone']] },
      ],
      '@everyone',
    );
    for (const width of WIDTHS) expect(PINGS.test(renderAnswer(answer, { width, color: true }))).toBe(false);
  });
});

describe('the chat', () => {
  function chat(view: Parameters<typeof runChat>[1]['view'] = {}, tty = false) {
    const input = Object.assign(new PassThrough(), tty ? { isTTY: true, setRawMode: () => undefined } : {});
    const output = Object.assign(new PassThrough(), tty ? { isTTY: true, columns: 70, rows: 40 } : {});
    let text = '';
    output.on('data', (c: Buffer) => (text += c.toString()));
    const done = runChat(advisor, { input, output, view });
    return { input, done: done.then(() => text) };
  }

  it('follows a numbered follow-up when you type its number', async () => {
    const first = ask(advisor, 'role staff-ml-architect', 'other');
    const { input, done } = chat();
    input.end('staff ml architect\n2\n');
    const text = await done;
    const second = first.followUps[1];
    expect(second?.label).toBe('Skills');
    expect(text).toContain('STAFF MACHINE LEARNING ARCHITECT — SKILLS');
    expect(text).toMatch(/^ {2}2\. Skills$/m);
  });

  it('says which numbers it takes when none matches', async () => {
    const { input, done } = chat();
    input.end('staff ml architect\n42\n');
    expect(await done).toMatch(/Pick a follow-up from 1 to \d+/);
  });

  it('pages a long answer and shows the rest on "more"', async () => {
    const { input, done } = chat({ pageLines: 12, width: 60 });
    input.end('role staff-ml-architect salary\nmore\nmore\nmore\nmore\nmore\nmore\nmore\nmore\nmore\nmore\nmore\n');
    const text = await done;
    expect(text).toMatch(/… \d+ more lines: type "more"/);
    expect(text).toContain('That was the whole answer.');
    const answer = ask(advisor, 'role staff-ml-architect salary');
    for (const figure of answer.blocks.flatMap((b) => (b.type === 'table' ? b.rows.map((r) => r[1] ?? '') : [])))
      expect(shows(text, figure), figure).toBe(true);
  });

  it('wraps to the terminal, and ↑ brings back the last question', async () => {
    const { input, done } = chat({}, true);
    input.write('staff ml architect skills\r');
    input.write(`${ESC}[A\r`);
    input.end('quit\r');
    const text = await done;
    expect(text.match(/STAFF MACHINE LEARNING ARCHITECT — SKILLS/g)).toHaveLength(2);
    const visible = text.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '').split(/\r?\n/);
    expect(widest(visible.filter((l) => !l.startsWith('you> ')))).toBeLessThanOrEqual(70);
  });
});

describe('career-advisor ask in a process', () => {
  it.each([60, 120])(
    'fits --width %i, and 80 columns when stdout is not a terminal',
    async (width) => {
      const run = (args: string[]) =>
        new Promise<string>((resolve, reject) => {
          const cli = cliCommand(args);
          const child = spawn(cli.command, cli.args, { env: cliEnv({ NO_COLOR: '1' }) });
          let out = '';
          child.stdout.on('data', (c: Buffer) => (out += c.toString()));
          child.on('error', reject);
          child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
        });
      const question = 'how much does a staff ML architect make?';
      const [narrow, plain] = await Promise.all([run(['ask', '--width', String(width), question]), run(['ask', question])]);
      expect(widest(narrow.trimEnd().split('\n'))).toBeLessThanOrEqual(width);
      expect(widest(plain.trimEnd().split('\n'))).toBeLessThanOrEqual(80);
      expect(narrow).toContain('190,000');
      expect(plain).not.toContain(ESC);
    },
    60_000,
  );
});
