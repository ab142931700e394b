// The terminal adapter needs no platform SDK and no other adapter.
import { escapeSlack } from '../slack/escape.js'; // ✗ import-x/no-restricted-paths
import type { App } from '@slack/bolt'; // ✗ import-x/no-restricted-paths
import { Client } from 'discord.js'; // ✗ import-x/no-restricted-paths
import { today } from '../../commands/today.js'; // ✗ import-x/no-restricted-paths
import { main } from '../../src/main.js'; // ✗ import-x/no-restricted-paths
import { FakeHf } from '../../test/papers/fake-hf.js'; // ✗ import-x/no-restricted-paths
import { colours } from './render.js';

export type Uses = App;
export const borrowed = [escapeSlack, Client, today, main, FakeHf, colours];
