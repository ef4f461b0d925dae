/**
 * Who counts as a moderator in Slack — the adapter's implementation of the bot layer's moderator port: the ids in
 * SLACK_MODERATOR_IDS, plus workspace admins and owners (`users.info` → `is_admin` / `is_owner`). Lookups are cached
 * in the shared Store, so a busy channel does not call `users.info` on every click and every replica agrees; a failed
 * lookup is remembered only briefly, and it never makes anyone a moderator.
 */
import { storeKeys } from '../../bot/keys.ts';
import type { Logger } from '../../core/types.ts';
import type { Store } from '../../store/types.ts';

/** The one Web API call this needs, so tests and callers can hand in Bolt's client as is. */
export interface UsersInfoClient {
  users: {
    info(args: { user: string }): Promise<{ ok?: boolean; user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean } }>;
  };
}

export interface ModeratorDirectoryOptions {
  /** Users who are always moderators (SLACK_MODERATOR_IDS). */
  moderatorIds: readonly string[];
  logger: Logger;
  /** Where lookups are cached (the bot's Store). */
  store: Store;
  /** How long an admin/owner lookup is trusted. Default {@link defaultModeratorCacheTtlMs} (10 minutes). */
  ttlMs?: number;
  /** How long a failed lookup is remembered as "not a moderator". Default 30 s. */
  failureTtlMs?: number;
}

export class ModeratorDirectory {
  private readonly fixed: ReadonlySet<string>;
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;

  constructor(private readonly options: ModeratorDirectoryOptions) {
    this.fixed = new Set(options.moderatorIds);
    this.ttlMs = options.ttlMs ?? defaultModeratorCacheTtlMs;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
  }

  /** Whether the user may moderate: configured, or a workspace admin or owner (looked up and cached). */
  async isModerator(userId: string, client: UsersInfoClient): Promise<boolean> {
    if (this.fixed.has(userId)) return true;
    const key = storeKeys.moderator('slack', userId);
    const cached = await this.options.store.get<boolean>(key).catch(() => undefined);
    if (typeof cached === 'boolean') return cached;
    let moderator = false;
    let ttl = this.ttlMs;
    try {
      const result = await client.users.info({ user: userId });
      moderator = Boolean(result.user?.is_admin || result.user?.is_owner || result.user?.is_primary_owner);
    } catch (error) {
      ttl = this.failureTtlMs;
      this.options.logger.warn(
        { event: 'slack.users_info_failed', user: userId, err: describe(error) },
        'users.info failed; treating the user as a member',
      );
    }
    // A store that is away only costs another lookup next time.
    await this.options.store.set(key, moderator, ttl).catch(() => undefined);
    return moderator;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const defaultModeratorCacheTtlMs = 10 * 60_000;
