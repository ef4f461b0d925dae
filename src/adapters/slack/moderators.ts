/**
 * Who counts as a moderator in Slack: the ids in SLACK_MODERATOR_IDS, plus workspace admins and owners
 * (`users.info` → `is_admin` / `is_owner`). Lookups are cached so a busy channel does not call `users.info` on every
 * click; a failed lookup is not cached for long, and it never makes anyone a moderator.
 */
import type { Logger } from '../../core/types.ts';

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
  /** How long an admin/owner lookup is trusted. Default {@link defaultModeratorCacheTtlMs} (10 minutes). */
  ttlMs?: number;
  /** How long a failed lookup is remembered as "not a moderator". Default 30 s. */
  failureTtlMs?: number;
  /** Most users cached. Default 5,000. */
  maxEntries?: number;
  now?: () => number;
}

export class ModeratorDirectory {
  private readonly fixed: ReadonlySet<string>;
  private readonly cache = new Map<string, { moderator: boolean; expires: number }>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: ModeratorDirectoryOptions) {
    this.fixed = new Set(options.moderatorIds);
    this.ttlMs = options.ttlMs ?? defaultModeratorCacheTtlMs;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** What is known without calling Slack: a configured moderator, or a cached admin/owner. For request metadata. */
  isKnownModerator(userId: string): boolean {
    if (this.fixed.has(userId)) return true;
    const cached = this.cache.get(userId);
    return cached !== undefined && cached.expires > this.now() && cached.moderator;
  }

  /** Whether the user may moderate: configured, or a workspace admin or owner (looked up and cached). */
  async isModerator(userId: string, client: UsersInfoClient): Promise<boolean> {
    if (this.fixed.has(userId)) return true;
    const cached = this.cache.get(userId);
    if (cached && cached.expires > this.now()) return cached.moderator;
    let moderator = false;
    let ttl = this.ttlMs;
    try {
      const result = await client.users.info({ user: userId });
      moderator = Boolean(result.user?.is_admin || result.user?.is_owner || result.user?.is_primary_owner);
    } catch (error) {
      ttl = this.failureTtlMs;
      this.options.logger.warn({ event: 'slack.users_info_failed', user: userId, err: describe(error) }, 'users.info failed; treating the user as a member');
    }
    this.cache.delete(userId);
    this.cache.set(userId, { moderator, expires: this.now() + ttl });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    return moderator;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const defaultModeratorCacheTtlMs = 10 * 60_000;
