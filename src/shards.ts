/**
 * Which Discord gateway shards this process runs. Discord splits a bot's servers over
 * `count` shards by `(guild_id >> 22) % count` (DMs: shard 0); every shard is one
 * gateway connection. Any instance can still post anywhere over REST.
 * Several Paperboy instances share a bot by each running a range of the same total
 * (`DISCORD_SHARDS=0-3 DISCORD_SHARD_COUNT=8` here, `4-7` there). Parsed from the two
 * environment variables by src/config.ts; the messages say what would work.
 */

/**
 * `undefined`: unsharded (one connection, shard 0 of 1 — the single-server default).
 * `'auto'`: every shard in this process, as many as Discord recommends.
 * `{ ids, count }`: these shards of `count` in total.
 */
export type ShardPlan = 'auto' | { ids: number[]; count: number } | undefined;

/** Far above any real bot (Discord's largest run tens of thousands); bounds the range expansion. */
export const MAX_SHARD_COUNT = 100_000;

const EXAMPLE = 'e.g. DISCORD_SHARDS=0-3 DISCORD_SHARD_COUNT=8';

/** Parse DISCORD_SHARDS / DISCORD_SHARD_COUNT; returns the plan or every problem found. */
export function parseShardPlan(
  idsText: string | undefined,
  countText: string | undefined,
): { plan: ShardPlan; problems: string[] } {
  const ids = idsText?.trim() || undefined;
  const countRaw = countText?.trim() || undefined;
  if (countRaw === undefined) {
    if (ids === undefined) return { plan: undefined, problems: [] };
    return {
      plan: undefined,
      problems: [
        `DISCORD_SHARDS needs DISCORD_SHARD_COUNT, the total number of shards across every instance (${EXAMPLE})`,
      ],
    };
  }
  if (countRaw.toLowerCase() === 'auto') {
    if (ids === undefined) return { plan: 'auto', problems: [] };
    return {
      plan: undefined,
      problems: [
        'DISCORD_SHARDS does not go with DISCORD_SHARD_COUNT=auto: instances can only split the shards when they agree on the total, so set DISCORD_SHARD_COUNT to a number',
      ],
    };
  }
  const count = Number(countRaw);
  if (!/^\d+$/.test(countRaw) || count < 1 || count > MAX_SHARD_COUNT) {
    return {
      plan: undefined,
      problems: [
        `DISCORD_SHARD_COUNT must be "auto" or a whole number from 1 to ${MAX_SHARD_COUNT} (got "${countRaw}")`,
      ],
    };
  }
  if (ids === undefined) return { plan: { ids: range(0, count - 1), count }, problems: [] };
  const parsed = parseIds(ids, count);
  return 'problem' in parsed
    ? { plan: undefined, problems: [parsed.problem] }
    : { plan: { ids: parsed.ids, count }, problems: [] };
}

/** "3", "0-3", "0,2,4" or "0-3,8-11": ascending, unique, each below `count`. */
function parseIds(text: string, count: number): { ids: number[] } | { problem: string } {
  const seen = new Set<number>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) {
      return {
        problem: `DISCORD_SHARDS must be shard ids or ranges such as 0-3, 5 or 0,2,4 (got "${text}")`,
      };
    }
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (last < first) return { problem: `DISCORD_SHARDS range ${part} runs backwards; write ${last}-${first}` };
    // Checked before expanding, so a huge range costs nothing.
    if (last >= count) {
      return {
        problem: `DISCORD_SHARDS ${part} goes past DISCORD_SHARD_COUNT=${count}: shard ids run from 0 to ${count - 1}`,
      };
    }
    for (let id = first; id <= last; id++) {
      if (seen.has(id)) return { problem: `DISCORD_SHARDS lists shard ${id} more than once (got "${text}")` };
      seen.add(id);
    }
  }
  return { ids: [...seen].sort((a, b) => a - b) };
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** "0-3 of 8", "all 4", "auto" — for logs and /readyz. */
export function describeShardPlan(plan: ShardPlan): string {
  if (plan === undefined) return 'unsharded';
  if (plan === 'auto') return 'auto (Discord recommends the count)';
  const { ids, count } = plan;
  if (ids.length === count) return `all ${count}`;
  const contiguous = ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
  return contiguous && ids.length > 1 ? `${ids[0]}-${ids.at(-1)} of ${count}` : `${ids.join(',')} of ${count}`;
}
