/** The control codec: what buttons carry, round-tripped, bounded, and refused when forged. */
import { describe, expect, it } from 'vitest';
import { ControlCodec, inlineControl, parseInlineControl, validControl } from '../../src/bot/controls.ts';
import { silentLogger } from '../../src/core/types.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import type { Store } from '../../src/store/types.ts';

function codec(maxLength: number, store: Store = new MemoryStore({ sweepIntervalMs: 0 })) {
  return new ControlCodec({ store, maxLength, logger: silentLogger });
}

describe('inline controls', () => {
  it('round-trip every action, with the offset of "More"', () => {
    for (const control of [
      { action: 'run', command: 'role lead-ml-architect salary' },
      { action: 'share', command: 'compare a b' },
      { action: 'up', command: 'role x' },
      { action: 'down', command: 'role x' },
      { action: 'comment', command: 'role x' },
      { action: 'more', command: 'role x best-practices', offset: 12 },
    ] as const) {
      expect(parseInlineControl(inlineControl(control))).toEqual(control);
    }
    expect(inlineControl({ action: 'run', command: 'role lead-ml-architect salary' })).toBe('ca:r:role lead-ml-architect salary');
  });

  it('carry no markup or mention word, even for hostile commands, and give them back unchanged', () => {
    const hostile = '<!channel> @here <@U1> 100% & more';
    const encoded = inlineControl({ action: 'share', command: hostile });
    expect(encoded).not.toMatch(/[<>&@]/);
    expect(parseInlineControl(encoded)).toEqual({ action: 'share', command: hostile });
  });

  it('refuse whatever was not made by the codec', () => {
    for (const forged of [
      undefined,
      42,
      '',
      'role staff-ml-architect',
      '{"c":"role x"}',
      'ca:x:role x',
      'ca:r:',
      'ca:r:   ',
      'ca:m:role x', // "More" without an offset
      'ca:r.3:role x', // an offset on anything else
      'ca:m.99999:role x',
      'ca:r:role x\u0000',
      'ca:r:100%zz',
      `ca:r:${'x'.repeat(700)}`,
      'ca:r~short',
    ]) {
      expect(parseInlineControl(forged)).toBeUndefined();
    }
    expect(validControl({ action: 'run', command: 'x', offset: -1 })).toBeUndefined();
    expect(validControl({ action: 'more', command: 'x', offset: 1.5 })).toBeUndefined();
  });
});

describe('ControlCodec', () => {
  it('keeps short controls inline and puts long ones into the Store, within the platform limit', async () => {
    const store = new MemoryStore({ sweepIntervalMs: 0 });
    const discord = codec(100, store);
    const short = await discord.encode({ action: 'run', command: 'role lead-ml-architect salary' });
    expect(short).toBe('ca:r:role lead-ml-architect salary');
    const command = `compare ${'ml-infrastructure-architect '.repeat(5)}salary`;
    const long = (await discord.encode({ action: 'share', command })) as string;
    expect(long).toMatch(/^ca:s~[A-Za-z0-9_-]{16}$/);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(await discord.decode(long)).toEqual({ action: 'share', command });
    // Another process sharing the store reads the same control.
    expect(await codec(100, store).decode(long)).toEqual({ action: 'share', command });
    // "More" keeps its offset in both forms.
    const more = (await discord.encode({ action: 'more', command, offset: 7 })) as string;
    expect(more).toMatch(/^ca:m\.7~/);
    expect(await discord.decode(more)).toEqual({ action: 'more', command, offset: 7 });
  });

  it('refuses a stored reference reused for another action, a missing one, and a store outage', async () => {
    const store = new MemoryStore({ sweepIntervalMs: 0 });
    const discord = codec(100, store);
    const long = (await discord.encode({ action: 'share', command: `compare ${'a-very-long-role-name '.repeat(6)}` })) as string;
    expect(await discord.decode(long.replace('ca:s~', 'ca:r~'))).toBeUndefined();
    expect(await discord.decode('ca:r~AAAAAAAAAAAAAAAA')).toBeUndefined();
    await store.close();
    expect(await discord.decode(long)).toBeUndefined();
    // A long control that cannot be stored is left out rather than shown broken.
    expect(await discord.encode({ action: 'run', command: 'x'.repeat(200) })).toBeUndefined();
  });

  it('expires stored controls with the Store', async () => {
    let now = 1_700_000_000_000;
    const store = new MemoryStore({ now: () => now, sweepIntervalMs: 0 });
    const discord = new ControlCodec({ store, maxLength: 100, logger: silentLogger, ttlMs: 60_000 });
    const long = (await discord.encode({ action: 'run', command: 'x'.repeat(200) })) as string;
    now += 59_000;
    expect(await discord.decode(long)).toEqual({ action: 'run', command: 'x'.repeat(200) });
    now += 2_000;
    expect(await discord.decode(long)).toBeUndefined();
  });
});
