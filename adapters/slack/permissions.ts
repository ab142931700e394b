import type { webApi } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import { canonicalZone } from '../../src/digest/timezones.js';
import { errorFields, type Logger } from '../../src/logger.js';

type SlackConfig = NonNullable<Config['slack']>;

/**
 * Who may change what a channel receives (`subscribe … here`, `digest … here`):
 * workspace admins and owners (users.info), people listed in SLACK_ADMIN_USER_IDS, or
 * everyone when SLACK_CHANNEL_CONFIG=anyone. Which commands need it is the core's rule
 * (src/bot.ts asks the Caller only then), so users.info is asked only when a command
 * needs the answer, and cached briefly so a burst of commands costs one call (Slack
 * rate-limits users.info at Tier 4, and admin status changes rarely).
 *
 * The same users.info answer carries the person's own time zone (`tz`), the default
 * for commands with a `tz=` option (a digest) when they do not give one.
 */
export interface ChannelPermissions {
  /** `client` carries the token of the workspace the request came from */
  canManageChannel(client: webApi.WebClient, teamId: string, userId: string): Promise<boolean>;
  /** The person's IANA zone from their Slack profile, if it names one. */
  timezoneOf(client: webApi.WebClient, teamId: string, userId: string): Promise<string | undefined>;
}

interface Profile {
  isAdmin: boolean;
  timezone: string | undefined;
}

export function createChannelPermissions(deps: {
  config: Pick<SlackConfig, 'adminUserIds' | 'channelConfig'>;
  logger: Logger;
  cacheTtlMs?: number;
  now?: () => number;
}): ChannelPermissions {
  const ttl = deps.cacheTtlMs ?? 5 * 60_000;
  const now = deps.now ?? Date.now;
  const admins = new Set(deps.config.adminUserIds);
  const cache = new Map<string, { profile: Profile; until: number }>();
  const inFlight = new Map<string, Promise<Profile>>();

  async function askSlack(client: webApi.WebClient, key: string, userId: string): Promise<Profile> {
    try {
      const res = await client.users.info({ user: userId });
      const isAdmin = !!(res.user?.is_admin || res.user?.is_owner || res.user?.is_primary_owner);
      // Slack sends IANA names; anything else is ignored rather than trusted.
      const tz = typeof res.user?.tz === 'string' && res.user.tz.length <= 64 ? res.user.tz : undefined;
      const profile = { isAdmin, timezone: tz && canonicalZone(tz) ? tz : undefined };
      cache.set(key, { profile, until: now() + ttl });
      return profile;
    } catch (err) {
      // Fail closed, and do not cache: an unknown answer must not open channel settings
      // to everyone, nor lock an admin out for the whole cache lifetime.
      deps.logger.warn('slack users.info failed; treating the user as not an admin, with no time zone of their own', {
        userId,
        ...errorFields(err),
      });
      return { isAdmin: false, timezone: undefined };
    } finally {
      inFlight.delete(key);
    }
  }

  /** One users.info per person per cache lifetime, shared by concurrent commands. */
  function profileOf(client: webApi.WebClient, teamId: string, userId: string): Promise<Profile> {
    const key = `${teamId}:${userId}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return Promise.resolve(hit.profile);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = askSlack(client, key, userId);
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    async canManageChannel(client, teamId, userId) {
      if (deps.config.channelConfig === 'anyone' || admins.has(userId)) return true;
      return (await profileOf(client, teamId, userId)).isAdmin;
    },
    async timezoneOf(client, teamId, userId) {
      return (await profileOf(client, teamId, userId)).timezone;
    },
  };
}

export { CHANNEL_RIGHTS_NOTE } from './capabilities.js';
