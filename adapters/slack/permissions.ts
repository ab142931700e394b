import type { webApi } from '@slack/bolt';
import type { Command } from '../../src/command.js';
import type { Config } from '../../src/config.js';
import { lineArgs, splitCommand } from '../../src/grammar.js';
import { errorFields, type Logger } from '../../src/logger.js';

type SlackConfig = NonNullable<Config['slack']>;

/**
 * Who may change what a channel receives (`subscribe … here`, `digest … here`):
 * workspace admins and owners (users.info), people listed in SLACK_ADMIN_USER_IDS, or
 * everyone when SLACK_CHANNEL_CONFIG=anyone. users.info is asked only when a command
 * needs the answer, and cached briefly so a burst of commands costs one call (Slack
 * rate-limits users.info at Tier 4, and admin status changes rarely).
 */
export interface ChannelPermissions {
  /** True when this text is a channel-scoped command aimed at the current channel (`here`). */
  needsChannelRights(text: string, isDirectMessage: boolean): boolean;
  canManageChannel(teamId: string, userId: string): Promise<boolean>;
}

export function createChannelPermissions(deps: {
  client: webApi.WebClient;
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
  const cache = new Map<string, { allowed: boolean; until: number }>();
  const inFlight = new Map<string, Promise<boolean>>();

  async function askSlack(key: string, userId: string): Promise<boolean> {
    try {
      const res = await deps.client.users.info({ user: userId });
      const allowed = !!(res.user?.is_admin || res.user?.is_owner || res.user?.is_primary_owner);
      cache.set(key, { allowed, until: now() + ttl });
      return allowed;
    } catch (err) {
      // Fail closed, and do not cache: an unknown answer must not open channel settings
      // to everyone, nor lock an admin out for the whole cache lifetime.
      deps.logger.warn('slack users.info failed; treating the user as not an admin', { userId, ...errorFields(err) });
      return false;
    } finally {
      inFlight.delete(key);
    }
  }

  return {
    needsChannelRights(text, isDirectMessage) {
      if (isDirectMessage) return false;
      try {
        const line = splitCommand(text);
        const command = byName.get(line.name);
        if (!command || command.scope !== 'channel') return false;
        return lineArgs(command, line).here === 'true';
      } catch {
        // Unparseable text: the bot answers with the grammar's own error; no rights needed for that.
        return false;
      }
    },
    async canManageChannel(teamId, userId) {
      if (deps.config.channelConfig === 'anyone' || admins.has(userId)) return true;
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.allowed;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = askSlack(key, userId);
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}

/** Added to a refusal on Slack: who has channel rights here, and how an operator grants them. */
export const CHANNEL_RIGHTS_NOTE =
  'On Slack, workspace admins and owners can change what a channel receives; ' +
  "Paperboy's operator can allow more people with SLACK_ADMIN_USER_IDS or SLACK_CHANNEL_CONFIG=anyone.";
