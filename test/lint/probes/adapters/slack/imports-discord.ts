// The Slack adapter reaching into the Discord adapter or SDK, in every spelling.
import { renderReply } from '../discord/render.js'; // ✗ import-x/no-restricted-paths
import * as render from './../discord/./render.js'; // ✗ import-x/no-restricted-paths
import type { OutgoingMessage } from '../../adapters/discord/render.js'; // ✗ import-x/no-restricted-paths
import { Client } from 'discord.js'; // ✗ import-x/no-restricted-paths
import type { APIEmbed } from 'discord-api-types/v10'; // ✗ import-x/no-restricted-paths
export { LIMITS } from '../discord/render.js'; // ✗ import-x/no-restricted-paths

export type Borrowed = [OutgoingMessage, APIEmbed];
export const borrowed = [renderReply, render, Client];

export async function later(): Promise<unknown> {
  return import('../discord/index.js'); // ✗ import-x/no-restricted-paths
}
