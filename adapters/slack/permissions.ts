import type { webApi } from '@slack/bolt';
import type { Command } from '../../src/command.js';
import type { Config } from '../../src/config.js';
import { lineArgs, splitCommand } from '../../src/grammar.js';
import { canonicalZone } from '../../src/digest/timezones.js';
import { errorFields, type Logger } from '../../src/logger.js';

type SlackConfig = NonNullable<Config['slack']>;

/**
 * Who may change what a channel receives (`subscribe … here`, `digest … here`):
 * workspace admins and owners (users.info), people listed in SLACK_ADMIN_USER_IDS, or
 * everyone when SLACK_CHANNEL_CONFIG=anyone. users.info is asked only when a command
 * needs the answer, and cached briefly so a burst of commands costs one call (Slack
 * rate-limits users.info at Tier 4, and admin status changes rarely).
 *
 * The same users.info answer carries the person's own time zone (`tz`), the default
 * for commands with a `tz=` option (a digest) when they do not give one.
 */
export interface ChannelPermissions {
  /** True when this text is a channel-scoped command aimed at the current channel (`here`). */
  needsChannelRights(text: string, isDirectMessage: boolean): boolean;
  /** `client` carries the token of the workspace the request came from */
  canManageChannel(client: webApi.WebClient, teamId: string, userId: string): Promise<boolean>;
  /** The person's IANA zone when this text is a command that would default to it; else undefined. */
  timezoneFor(client: webApi.WebClient, text: string, teamId: string, userId: string): Promise<string | undefined>;
}

interface Profile {
  isAdmin: boolean;
  timezone: string | undefined;
}

export function createChannelPermissions(deps: {
  commands: readonly Command[];
  config: Pick<SlackConfig, 'adminUserIds' | 'channelConfig'>;
  logger: Logger;
  cacheTtlMs?: number;
  now?: () => number;
}): ChannelPermissions {
  const ttl = deps.cacheTtlMs ?? 5 * 60_000;
  const now = deps.now ?? Date.now;
  const byName = new Map(deps.commands.map((c) => [c.name, c]));
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

  /** The command this text runs and its arguments, or undefined when the grammar refuses it. */
  function parsed(text: string): { command: Command; args: Record<string, string> } | undefined {
    try {
      const line = splitCommand(text);
      const command = byName.get(line.name);
      return command ? { command, args: lineArgs(command, line) } : undefined;
    } catch {
      // Unparseable text: the bot answers with the grammar's own error; nothing needed for that.
      return undefined;
    }
  }

  return {
    needsChannelRights(text, isDirectMessage) {
      if (isDirectMessage) return false;
      const p = parsed(text);
      return !!p && p.command.scope === 'channel' && p.args.here === 'true';
    },
    async canManageChannel(client, teamId, userId) {
      if (deps.config.channelConfig === 'anyone' || admins.has(userId)) return true;
      return (await profileOf(client, teamId, userId)).isAdmin;
    },
    async timezoneFor(client, text, teamId, userId) {
      const p = parsed(text);
      if (!p || !('tz' in p.command.args.shape) || p.args.tz !== undefined) return undefined;
      return (await profileOf(client, teamId, userId)).timezone;
    },
  };
}

/** Added to a refusal on Slack: who has channel rights here, and how an operator grants them. */
export const CHANNEL_RIGHTS_NOTE =
  'On Slack, workspace admins and owners can change what a channel receives; ' +
  "Paperboy's operator can allow more people with SLACK_ADMIN_USER_IDS or SLACK_CHANNEL_CONFIG=anyone.";
