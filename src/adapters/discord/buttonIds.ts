/**
 * Button custom ids. A click must not depend on a stored message (ephemeral replies come back without one and the
 * process may have restarted), so each button carries what it does and the context-free command it runs, e.g.
 * `ca:r:role lead-ml-architect salary`. Discord caps custom ids at 100 characters; a longer command (a five-role
 * comparison, a long free-text question) goes into a small bounded cache under a random key instead: `ca:r~Xk3…`.
 */
import { randomBytes } from 'node:crypto';
import { BoundedCache } from './boundedCache.ts';

/** What a button does: run a command and show its answer, share an answer into the channel, or vote on it. */
export type ButtonAction = 'run' | 'share' | 'up' | 'down';

export interface DecodedButton {
  action: ButtonAction;
  command: string;
}

export interface ButtonIdsOptions {
  /** Long commands remembered for buttons; the oldest are forgotten first. Default {@link defaultButtonCacheSize}. */
  capacity?: number;
}

const PREFIX = 'ca:';
const CODES: Record<ButtonAction, string> = { run: 'r', share: 's', up: 'u', down: 'd' };
const ACTIONS = new Map(Object.entries(CODES).map(([action, code]) => [code, action as ButtonAction]));

export class ButtonIds {
  private readonly long: BoundedCache<string, string>;

  constructor(options: ButtonIdsOptions = {}) {
    this.long = new BoundedCache(options.capacity ?? defaultButtonCacheSize);
  }

  /** A custom id of at most {@link maxCustomIdLength} characters. */
  encode(action: ButtonAction, command: string): string {
    const inline = `${PREFIX}${CODES[action]}:${command}`;
    if (inline.length <= maxCustomIdLength) return inline;
    const key = randomBytes(12).toString('base64url');
    this.long.set(key, command);
    return `${PREFIX}${CODES[action]}~${key}`;
  }

  /**
   * The action and command of a custom id; `undefined` for ids this adapter did not make, or whose long command was
   * forgotten (cache full, or the process restarted).
   */
  decode(customId: string): DecodedButton | undefined {
    if (!customId.startsWith(PREFIX)) return undefined;
    const action = ACTIONS.get(customId.charAt(PREFIX.length));
    const mode = customId.charAt(PREFIX.length + 1);
    const rest = customId.slice(PREFIX.length + 2);
    if (!action) return undefined;
    if (mode === ':') return { action, command: rest };
    if (mode === '~') {
      const command = this.long.get(rest);
      return command === undefined ? undefined : { action, command };
    }
    return undefined;
  }

  /** Whether a custom id belongs to this adapter (even if its long command has been forgotten). */
  static owns(customId: string): boolean {
    return customId.startsWith(PREFIX);
  }
}

/** Discord's limit on a component's custom id. */
export const maxCustomIdLength = 100;
export const defaultButtonCacheSize = 5_000;
