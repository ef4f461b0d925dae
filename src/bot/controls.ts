/**
 * The control codec: what a button (or a menu option, or a modal) carries, for every platform. A click must not
 * depend on a stored message — ephemeral messages come back without one and the process may have restarted — so a
 * control carries what it does and the context-free command it runs:
 *
 *   ca:r:role lead-ml-architect salary      run a command (follow-up, role menu)
 *   ca:m.4:role lead-ml-architect salary    "More": the same answer from content block 4 on
 *   ca:s:… ca:u:… ca:d:… ca:c:…             share, 👍, 👎, and the "what was wrong?" comment form
 *
 * A control longer than the platform allows (Discord caps custom ids at 100 characters) goes into the Store under a
 * random id — `ca:r~Xk3…` — shared by every process and kept for {@link defaultControlTtlMs}. Every control that comes
 * back is validated as untrusted input: a forged, truncated or expired one decodes to `undefined`.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/types.ts';
import type { Store } from '../store/types.ts';
import { storeKeys } from './keys.ts';

export type ControlAction = 'run' | 'more' | 'share' | 'up' | 'down' | 'comment';

export interface Control {
  action: ControlAction;
  /** A command in the core's grammar: the replay of an answer, or a follow-up. */
  command: string;
  /** For `more`: the index of the first content block to show. */
  offset?: number;
}

const PREFIX = 'ca:';
const CODES: Record<ControlAction, string> = { run: 'r', more: 'm', share: 's', up: 'u', down: 'd', comment: 'c' };
const ACTIONS = new Map(Object.entries(CODES).map(([action, code]) => [code, action as ControlAction]));
const STORED_ID = /^[A-Za-z0-9_-]{16}$/;
const HEAD = /^ca:([a-z])(?:\.(\d{1,4}))?([:~])/;
// eslint-disable-next-line no-control-regex -- a command never contains control characters: reject, do not clean
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** The longest command a control may carry (the core caps questions at 500 characters). */
export const maxCommandChars = 600;
/** How long a control stored for a long button lives: about as long as anyone clicks an old message. */
export const defaultControlTtlMs = 30 * 24 * 60 * 60_000;

/** A control as plain data, checked: the one gate every decoded or stored control passes. */
export function validControl(value: unknown): Control | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, command, offset } = value as Record<string, unknown>;
  if (typeof action !== 'string' || !(action in CODES)) return undefined;
  if (typeof command !== 'string' || command.trim() === '' || command.length > maxCommandChars || CONTROL_CHARS.test(command))
    return undefined;
  if (offset !== undefined && (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > 9999)) return undefined;
  return { action: action as ControlAction, command, ...(offset !== undefined && action === 'more' ? { offset } : {}) };
}

function head(control: Control): string {
  return `${PREFIX}${CODES[control.action]}${control.action === 'more' ? `.${control.offset ?? 0}` : ''}`;
}

/**
 * The inline form, whatever its length. Pure: renderers that page (Slack's "More") use it directly. `%`, `<`, `>`,
 * `&` and `@` are percent-escaped, so a payload never carries platform markup or a mention word, even unseen.
 */
export function inlineControl(control: Control): string {
  return `${head(control)}:${control.command.replace(/[%<>&@]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

function unescapeCommand(text: string): string | undefined {
  if (/%(?![0-9A-F]{2})/.test(text)) return undefined;
  return text.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Parses the inline form; `undefined` for anything else (including the stored form). */
export function parseInlineControl(raw: unknown): Control | undefined {
  if (typeof raw !== 'string' || raw.length > maxCommandChars * 3 + 16) return undefined;
  const match = HEAD.exec(raw);
  if (!match || match[3] !== ':') return undefined;
  const action = ACTIONS.get(match[1] as string);
  if (!action) return undefined;
  if ((match[2] !== undefined) !== (action === 'more')) return undefined;
  const command = unescapeCommand(raw.slice(match[0].length));
  if (command === undefined) return undefined;
  return validControl({ action, command, ...(match[2] !== undefined ? { offset: Number(match[2]) } : {}) });
}

export interface ControlCodecOptions {
  store: Store;
  /** The longest control the platform carries (Slack button values 2,000, Discord custom ids 100). */
  maxLength: number;
  logger: Logger;
  /** How long a stored control lives. Default {@link defaultControlTtlMs}. */
  ttlMs?: number;
}

export class ControlCodec {
  readonly maxLength: number;

  constructor(private readonly options: ControlCodecOptions) {
    this.maxLength = options.maxLength;
  }

  /**
   * The string a button carries: inline when it fits, else a reference to the Store. `undefined` when the control
   * is invalid or the Store could not keep it (the button is then left out rather than shown broken).
   */
  async encode(control: Control): Promise<string | undefined> {
    const valid = validControl(control);
    if (!valid) return undefined;
    const inline = inlineControl(valid);
    if (inline.length <= this.maxLength) return inline;
    const id = randomBytes(12).toString('base64url');
    try {
      await this.options.store.set(storeKeys.control(id), valid, this.options.ttlMs ?? defaultControlTtlMs);
    } catch (error) {
      this.options.logger.warn(
        { event: 'bot.control_store_failed', action: valid.action, err: error },
        'could not store a long button; leaving it out',
      );
      return undefined;
    }
    return `${head(valid)}~${id}`;
  }

  /** What a control that came back from the platform says; `undefined` for anything forged, broken or expired. */
  async decode(raw: unknown): Promise<Control | undefined> {
    if (typeof raw !== 'string' || raw.length > Math.max(this.maxLength, 2000)) return undefined;
    const match = HEAD.exec(raw);
    if (!match) return undefined;
    if (match[3] === ':') return parseInlineControl(raw);
    const action = ACTIONS.get(match[1] as string);
    const id = raw.slice(match[0].length);
    if (!action || !STORED_ID.test(id)) return undefined;
    let stored: unknown;
    try {
      stored = await this.options.store.get(storeKeys.control(id));
    } catch (error) {
      this.options.logger.warn({ event: 'bot.control_lookup_failed', err: error }, 'could not look up a long button');
      return undefined;
    }
    const control = validControl(stored);
    // The stored control must be the one the id's head names: a reference cannot be re-used for another action.
    if (!control || control.action !== action || head(control) !== match[0].slice(0, -1)) return undefined;
    return control;
  }
}
