/**
 * A platform's name as its adapter registers it ("discord", "slack", "terminal", …).
 * A plain string on purpose: the core names no platform, so adding one touches no core file.
 */
export type Platform = string;

/**
 * Who sent a command, and from where, as a command sees it. Filled in by the adapter
 * that received it; the platform's own facts (how it writes channel commands, who has
 * channel rights there, whether a person is one across workspaces) come from its
 * capabilities (src/platform.ts `callerFacts`).
 */
export interface Caller {
  platform: Platform;
  userId: string;
  /** Discord guild id, Slack team id, or "local" for the terminal; "" in a Discord DM */
  workspaceId: string;
  /** Where the command was typed (a DM channel for direct messages) */
  channelId: string;
  isDirectMessage: boolean;
  /**
   * This person may change channel-level settings here. The core asks the platform only
   * for commands that need to know (src/bot.ts), and refuses for those that require it.
   */
  canManageChannel: boolean;
  /**
   * Where the platform keeps channel-level forms in a command of their own, its name
   * (Discord: "/papers-channel"); otherwise they are written `/papers … here`.
   */
  channelCommand?: string;
  /** Who has channel rights on this platform, said when they are refused */
  channelRightsNote?: string;
  /**
   * A person is the same person in every workspace of the platform and in its DMs
   * (Discord), so their own topics and digest are one place, not one per workspace.
   */
  usersAcrossWorkspaces?: boolean;
  /**
   * The person's own time zone where the platform knows it (Slack: users.info `tz`;
   * terminal: the host's TZ), an IANA name; the default for settings such as a digest's.
   */
  timezone?: string;
}

/**
 * A Caller as an adapter hands it in: what costs a platform call (Slack's users.info) may
 * be a question, asked by the core only when the command needs the answer.
 */
export interface IncomingCaller extends Omit<Caller, 'canManageChannel' | 'timezone'> {
  canManageChannel: boolean | (() => Promise<boolean>);
  timezone?: string | (() => Promise<string | undefined>);
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
 * The target a command means: this channel with `here`, otherwise the caller's DM. Where
 * a person is one across workspaces (Discord), their own place has no workspace (""); a
 * Slack user id and its DM belong to one workspace, so the workspace stays in the key.
 */
export const callerTarget = (c: Omit<Caller, 'canManageChannel' | 'timezone'>, here: boolean): Target =>
  here && !c.isDirectMessage
    ? { platform: c.platform, workspaceId: c.workspaceId, kind: 'channel', id: c.channelId }
    : { platform: c.platform, workspaceId: c.usersAcrossWorkspaces ? '' : c.workspaceId, kind: 'user', id: c.userId };
