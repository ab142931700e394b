// lint as: src/main.ts
// The composition root wires adapters but reads no environment and loads no SDK itself.
import { Client } from 'discord.js'; // ✗ import-x/no-restricted-paths
import { FakeHf } from '../test/papers/fake-hf.js'; // ✗ import-x/no-restricted-paths
import { commands } from '../commands/index.js';

export const uses = [Client, FakeHf, commands];
export const token = process.env.DISCORD_TOKEN; // ✗ paperboy/only-config-reads-env

export async function startPlatforms(): Promise<unknown> {
  return import('../adapters/discord/index.js');
}
