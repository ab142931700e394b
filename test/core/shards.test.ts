import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { describeShardPlan, MAX_SHARD_COUNT, parseShardPlan } from '../../src/shards.js';

const discord = { DISCORD_TOKEN: 't', DISCORD_APP_ID: '123456789012345678' };
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig({ ...discord, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('DISCORD_SHARDS and DISCORD_SHARD_COUNT', () => {
  it('leave Discord unsharded when neither is set (the single-server setup, unchanged)', () => {
    expect(loadConfig(discord).discord?.shards).toBeUndefined();
  });

  it('run every shard in this process with a count alone, or Discord’s recommendation with auto', () => {
    expect(loadConfig({ ...discord, DISCORD_SHARD_COUNT: '4' }).discord?.shards).toEqual({
      ids: [0, 1, 2, 3],
      count: 4,
    });
    for (const auto of ['auto', 'AUTO', ' auto '])
      expect(loadConfig({ ...discord, DISCORD_SHARD_COUNT: auto }).discord?.shards).toBe('auto');
  });

  it.each([
    ['0-3', 8, [0, 1, 2, 3]],
    ['4-7', 8, [4, 5, 6, 7]],
    ['5', 8, [5]],
    ['0,2,4', 8, [0, 2, 4]],
    ['6, 0-1 ,3', 8, [0, 1, 3, 6]],
    ['0 - 2', 3, [0, 1, 2]],
    ['0-99999', MAX_SHARD_COUNT, Array.from({ length: MAX_SHARD_COUNT }, (_, i) => i)],
  ])('DISCORD_SHARDS=%s of %i runs exactly those shards', (ids, count, expected) => {
    expect(parseShardPlan(ids, String(count))).toEqual({ plan: { ids: expected, count }, problems: [] });
  });

  it.each([
    [
      '0-3',
      undefined,
      /DISCORD_SHARDS needs DISCORD_SHARD_COUNT, the total .* DISCORD_SHARDS=0-3 DISCORD_SHARD_COUNT=8/,
    ],
    ['0-3', 'auto', /does not go with DISCORD_SHARD_COUNT=auto.*set DISCORD_SHARD_COUNT to a number/],
    ['0-8', '8', /DISCORD_SHARDS 0-8 goes past DISCORD_SHARD_COUNT=8: shard ids run from 0 to 7/],
    ['8', '8', /goes past DISCORD_SHARD_COUNT=8/],
    ['0-999999999999', '8', /goes past DISCORD_SHARD_COUNT=8/],
    ['3-1', '8', /range 3-1 runs backwards; write 1-3/],
    ['0-3,2', '8', /lists shard 2 more than once/],
    ['1,1', '8', /lists shard 1 more than once/],
    ['-1', '8', /must be shard ids or ranges such as 0-3, 5 or 0,2,4 \(got "-1"\)/],
    ['1.5', '8', /must be shard ids or ranges/],
    ['0,,1', '8', /must be shard ids or ranges/],
    ['0-', '8', /must be shard ids or ranges/],
    ['0-1-2', '8', /must be shard ids or ranges/],
    ['zero', '8', /must be shard ids or ranges/],
    ['0..3', '8', /must be shard ids or ranges/],
    [undefined, '0', /DISCORD_SHARD_COUNT must be "auto" or a whole number from 1 to 100000 \(got "0"\)/],
    [undefined, '-2', /DISCORD_SHARD_COUNT must be "auto" or a whole number/],
    [undefined, '2.5', /DISCORD_SHARD_COUNT must be "auto" or a whole number/],
    [undefined, '1e3', /DISCORD_SHARD_COUNT must be "auto" or a whole number/],
    [undefined, 'eight', /DISCORD_SHARD_COUNT must be "auto" or a whole number/],
    [undefined, '100001', /DISCORD_SHARD_COUNT must be "auto" or a whole number from 1 to 100000/],
    ['0', '0x10', /DISCORD_SHARD_COUNT must be "auto" or a whole number/],
  ])('DISCORD_SHARDS=%s DISCORD_SHARD_COUNT=%s is refused with a message saying what works', (ids, count, message) => {
    const env: Record<string, string> = {};
    if (ids !== undefined) env.DISCORD_SHARDS = ids;
    if (count !== undefined) env.DISCORD_SHARD_COUNT = count;
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('are refused without DISCORD_TOKEN rather than silently ignored', () => {
    expect(() => loadConfig({ DISCORD_SHARD_COUNT: '4' })).toThrow(/shards need the bot token/);
  });

  it('describe themselves for logs and /readyz', () => {
    expect(describeShardPlan(undefined)).toBe('unsharded');
    expect(describeShardPlan('auto')).toMatch(/^auto/);
    expect(describeShardPlan({ ids: [0, 1, 2, 3], count: 4 })).toBe('all 4');
    expect(describeShardPlan({ ids: [4, 5, 6, 7], count: 8 })).toBe('4-7 of 8');
    expect(describeShardPlan({ ids: [0, 2], count: 8 })).toBe('0,2 of 8');
  });
});

describe('PAPERBOY_HTTP_PORT', () => {
  it('is off unless set, and takes a port (0 = any free one) and an optional host', () => {
    expect(loadConfig({}).http).toBeUndefined();
    expect(loadConfig({ PAPERBOY_HTTP_PORT: '9464' }).http).toEqual({ port: 9464, host: undefined });
    expect(loadConfig({ PAPERBOY_HTTP_PORT: '0', PAPERBOY_HTTP_HOST: '127.0.0.1' }).http).toEqual({
      port: 0,
      host: '127.0.0.1',
    });
  });

  it.each(['-1', '65536', 'http', '80.5', '9464x'])('refuses %s with the range it accepts', (port) => {
    expect(() => loadConfig({ PAPERBOY_HTTP_PORT: port })).toThrow(
      /PAPERBOY_HTTP_PORT must be a whole number from 0 to 65535/,
    );
  });

  it("must not be Slack's HTTP port, but may equal PORT in Socket Mode (nothing listens there)", () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '3000' };
    expect(() => loadConfig({ ...slack, PAPERBOY_HTTP_PORT: '3000' })).toThrow(
      /PAPERBOY_HTTP_PORT must differ from PORT \(3000/,
    );
    expect(loadConfig({ ...slack, PAPERBOY_HTTP_PORT: '9464' }).http?.port).toBe(9464);
    expect(loadConfig({ ...slack, SLACK_APP_TOKEN: 'xapp-1', PAPERBOY_HTTP_PORT: '3000' }).http?.port).toBe(3000);
  });
});
