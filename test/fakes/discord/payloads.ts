/**
 * Discord API objects as the real API sends them, trimmed to what discord.js reads.
 * Shared by the fake server (REST answers, gateway dispatches) and the tests that build
 * interactions. Ids are 18-digit snowflakes so discord.js keys rate-limit buckets right.
 */

export const FAKE_APP_ID = '900000000000000001';
export const FAKE_BOT_ID = FAKE_APP_ID;
export const FAKE_GUILD_ID = '900000000000000100';
export const FAKE_CHANNEL_ID = '900000000000000200';

/** Permission bits (as decimal strings, the way Discord sends them). */
export const PERMS = {
  /** Everything a server owner has */
  all: '2251799813685247',
  /** View Channel + Send Messages + Read History: an ordinary member */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n)),
  /** An ordinary member who may also Manage Channels (1 << 4) */
  channelManager: String((1n << 4n) | (1n << 10n) | (1n << 11n) | (1n << 16n)),
};

let counter = 0n;
/** Increasing, unique snowflakes (time-ordered like real ones). */
export function snowflake(): string {
  counter += 1n;
  return String(((BigInt(Date.now()) - 1420070400000n) << 22n) + (counter % 4096n));
}

export interface FakeUser {
  id: string;
  username: string;
}

export const userObject = (u: FakeUser) => ({
  id: u.id,
  username: u.username,
  global_name: u.username,
  discriminator: '0',
  avatar: null,
  bot: false,
  public_flags: 0,
});

export const botUser = () => ({ ...userObject({ id: FAKE_BOT_ID, username: 'Paperboy' }), bot: true });

/** A message object as REST returns it after create/edit. */
export function messageObject(
  channelId: string,
  id: string,
  body: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    channel_id: channelId,
    author: botUser(),
    content: (body.content as string | undefined) ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: ((body.attachments as Record<string, unknown>[] | undefined) ?? [])
      .filter((a) => a.url)
      .map(({ text: _text, ...a }) => a),
    embeds: (body.embeds as unknown[] | undefined) ?? [],
    components: (body.components as unknown[] | undefined) ?? [],
    pinned: false,
    type: 0,
    flags: (body.flags as number | undefined) ?? 0,
    ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
    ...extra,
  };
}

export function guildCreate(guildId: string, channelIds: string[]) {
  return {
    id: guildId,
    name: 'Paperboy test guild',
    icon: null,
    owner_id: '900000000000000999',
    unavailable: false,
    member_count: 2,
    large: false,
    features: [],
    roles: [
      {
        id: guildId,
        name: '@everyone',
        permissions: PERMS.member,
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    members: [],
    presences: [],
    voice_states: [],
    threads: [],
    stage_instances: [],
    guild_scheduled_events: [],
    channels: channelIds.map((id, i) => ({
      id,
      type: 0,
      guild_id: guildId,
      name: `papers-${i}`,
      position: i,
      permission_overwrites: [],
    })),
    joined_at: new Date().toISOString(),
    preferred_locale: 'en-US',
  };
}

export interface InteractionWhere {
  user: FakeUser;
  /** Member permissions in the guild; ignored for DMs */
  permissions?: string;
  guildId?: string;
  channelId?: string;
  /** A direct message with the bot */
  dm?: boolean;
}

/** The envelope every INTERACTION_CREATE shares (guild member or DM user). */
function base(type: number, where: InteractionWhere) {
  const id = snowflake();
  const channelId = where.channelId ?? FAKE_CHANNEL_ID;
  const common = {
    id,
    application_id: FAKE_APP_ID,
    type,
    token: `tok-${id}`,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    app_permissions: PERMS.all,
    channel_id: channelId,
  };
  if (where.dm) {
    return { ...common, user: userObject(where.user), channel: { id: channelId, type: 1 }, context: 1 };
  }
  const guildId = where.guildId ?? FAKE_GUILD_ID;
  return {
    ...common,
    guild_id: guildId,
    guild_locale: 'en-US',
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'papers' },
    context: 0,
    member: {
      user: userObject(where.user),
      roles: [],
      permissions: where.permissions ?? PERMS.member,
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
    },
  };
}

export type OptionValue = string | number | boolean;
export interface SubOption {
  name: string;
  type: number;
  value: OptionValue;
  focused?: boolean;
}

/** `/<command> <sub> name:value ...` (type 2), or its autocomplete (type 4). */
export function chatInput(
  command: string,
  sub: string,
  options: SubOption[],
  where: InteractionWhere,
  autocomplete = false,
) {
  return {
    ...base(autocomplete ? 4 : 2, where),
    data: {
      id: '900000000000000050',
      name: command,
      type: 1,
      options: [{ name: sub, type: 1, options }],
    },
  };
}

/** A button click (type 3) on `message`. */
export function buttonClick(customId: string, message: Record<string, unknown>, where: InteractionWhere) {
  return {
    ...base(3, where),
    message,
    data: { custom_id: customId, component_type: 2 },
  };
}

/** Discord's routing rule: the shard that receives a server's events; DMs go to shard 0. */
export function shardForGuild(guildId: string | undefined, count: number): number {
  if (!guildId) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/**
 * The `n`-th server id that Discord routes to `shard` of `count`
 * (`(id >> 22) % count === shard`); 19-digit, like real ones.
 */
export function guildOnShard(shard: number, count: number, n = 0): string {
  const base = 300_000_000_000n; // ms after Discord's epoch, in 2024
  const c = BigInt(count);
  const timestamp = base + ((BigInt(shard) - (base % c) + c) % c) + BigInt(n) * c;
  return String((timestamp << 22n) + BigInt(n % 4096));
}
