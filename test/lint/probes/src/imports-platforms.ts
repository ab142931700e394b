// The core reaching for platforms, commands, adapters, tests or the composition root.
import type { APIUser } from 'discord-api-types/v10'; // ✗ import-x/no-restricted-paths
import type { App } from '@slack/bolt'; // ✗ import-x/no-restricted-paths
import { renderReply } from '../adapters/discord/render.js'; // ✗ import-x/no-restricted-paths
import { commands } from '../commands/index.js'; // ✗ import-x/no-restricted-paths
import { main } from './main.js'; // ✗ import-x/no-restricted-paths
import { FakeHf } from '../test/papers/fake-hf.js'; // ✗ import-x/no-restricted-paths
export { escapeSlack } from '../adapters/slack/escape.js'; // ✗ import-x/no-restricted-paths

export type Uses = [APIUser, App];
export const borrowed = [renderReply, commands, main, FakeHf];

export async function lazily(name: string): Promise<unknown[]> {
  return [
    await import('discord.js'), // ✗ import-x/no-restricted-paths
    await import('@slack/bolt'), // ✗ import-x/no-restricted-paths
    await import(name), // ✗ no-restricted-syntax
    await import(`discord.js`), // ✗ no-restricted-syntax
  ];
}
