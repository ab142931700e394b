/**
 * A platform's name as its adapter registers it ("discord", "slack", "terminal", …).
 * A plain string on purpose: the core names no platform, so adding one touches no core file.
 */
export type Platform = string;

/** Who sent a command, and from where. Filled in by the adapter that received it. */

export interface Caller {
  platform: Platform;
  userId: string;
  /** Discord guild id, Slack team id, or "local" for the terminal; "" in a Discord DM */
  workspaceId: string;
  /** Where the command was typed (a DM channel for direct messages) */
  channelId: string;
  isDirectMessage: boolean;
  /**
   * The adapter checked that this person may change channel-level settings
   * (Discord: Manage Channels; Slack: admin/owner or SLACK_ADMIN_USER_IDS).
   */
  canManageChannel: boolean;
  /**
   * Where the platform keeps channel-level forms in a command of their own, its name
   * (Discord: "/papers-channel"); otherwise they are written `/papers … here`.
   */
  channelCommand?: string;
  /**
   * The person's own time zone where the platform knows it (Slack: users.info `tz`;
   * terminal: the host's TZ), an IANA name; the default for settings such as a digest's.
   */
  timezone?: string;
}

/**
 * A place Paperboy posts to: a channel, or a person (delivered by DM). The key is the
 * stable identity used by the store and the delivery ledger.
 */
export interface Target {
  platform: Platform;
  workspaceId: string;
  kind: 'channel' | 'user';
  /** channel id for kind=channel, user id for kind=user */
  id: string;
}

export const targetKey = (t: Target): string => `${t.platform}:${t.workspaceId}:${t.kind}:${t.id}`;

export function parseTargetKey(key: string): Target {
  const [platform, workspaceId, kind, id] = key.split(':');
  if (!platform || workspaceId === undefined || (kind !== 'channel' && kind !== 'user') || !id) {
    throw new Error(`not a target key: ${key}`);
  }
  return { platform: platform as Platform, workspaceId, kind, id };
}

/**
 * The target a command means: this channel with `here`, otherwise the caller's DM.
 * A Discord user is one person across every server and the DM with the bot, so their
 * own topics and digest are not split per server (workspace ""); a Slack user id and
 * its DM belong to one workspace, so the workspace stays part of the key there.
 */
export const callerTarget = (c: Caller, here: boolean): Target =>
  here && !c.isDirectMessage
    ? { platform: c.platform, workspaceId: c.workspaceId, kind: 'channel', id: c.channelId }
    : { platform: c.platform, workspaceId: c.platform === 'discord' ? '' : c.workspaceId, kind: 'user', id: c.userId };
