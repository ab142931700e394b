import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { registerCommands } from '../../adapters/discord/register.js';
import { buildSlashCommands } from '../../adapters/discord/slash-commands.js';
import { Secret } from '../../src/config.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FAKE_APP_ID, FAKE_GUILD_ID } from '../fakes/discord/payloads.js';

const run = promisify(execFile);

describe('registering the slash commands', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('PUTs to one guild when DISCORD_GUILD_ID is set, and globally otherwise', async () => {
    fake = await FakeDiscord.start();
    const base = { token: new Secret('t0k'), appId: FAKE_APP_ID, apiUrl: fake.apiUrl };
    expect(await registerCommands({ ...base, guildId: FAKE_GUILD_ID }, commands)).toMatchObject({
      scope: 'guild',
      names: buildSlashCommands(commands).map((c) => c.name),
    });
    expect(await registerCommands({ ...base, guildId: undefined }, commands)).toMatchObject({ scope: 'global' });
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((p) => p.path)).toEqual([
      `/applications/${FAKE_APP_ID}/guilds/${FAKE_GUILD_ID}/commands`,
      `/applications/${FAKE_APP_ID}/commands`,
    ]);
    expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(buildSlashCommands(commands))));
  });

  it('explains a refused token instead of printing a stack trace', async () => {
    fake = await FakeDiscord.start({ acceptToken: 'the-real-token' });
    await expect(
      registerCommands(
        { token: new Secret('bad'), appId: FAKE_APP_ID, guildId: undefined, apiUrl: fake.apiUrl },
        commands,
      ),
    ).rejects.toThrow(/DISCORD_TOKEN/);
  });

  it('npm run register works end to end and never prints the token', async () => {
    fake = await FakeDiscord.start();
    const env = {
      ...process.env,
      DISCORD_TOKEN: 'sekrit-token-value',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_GUILD_ID: FAKE_GUILD_ID,
      DISCORD_API_URL: fake.apiUrl,
    };
    const out = await run(process.execPath, ['--import', 'tsx', 'bin/register-discord.ts'], { env });
    expect(out.stdout).toMatch(
      /^Registered \/papers(, \/papers-channel)? with \d+ subcommands to server \d+ \(visible now\)\.\n$/,
    );
    expect(out.stdout + out.stderr).not.toContain('sekrit');
    const noToken = await run(process.execPath, ['--import', 'tsx', 'bin/register-discord.ts'], {
      env: { ...process.env, DISCORD_TOKEN: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(noToken).toMatchObject({ code: 2 });
    expect((noToken as { stderr: string }).stderr).toContain('DISCORD_TOKEN is not set');
  });
});
