// A command reaching past src/ for storage, scheduling, tests, platforms or the root.
import { Low } from 'lowdb'; // ✗ import-x/no-restricted-paths
import { JSONFile } from 'lowdb/node'; // ✗ import-x/no-restricted-paths
import cron from 'node-cron'; // ✗ import-x/no-restricted-paths
import { FakeHf } from '../test/papers/fake-hf.js'; // ✗ import-x/no-restricted-paths
import { renderReply } from '../adapters/discord/render.js'; // ✗ import-x/no-restricted-paths
import type { App } from '@slack/bolt'; // ✗ import-x/no-restricted-paths
import { main } from '../src/main.js'; // ✗ import-x/no-restricted-paths
import { USAGE } from '../bin/paperboy.js'; // ✗ import-x/no-restricted-paths

export type Uses = App;
export const borrowed = [Low, JSONFile, cron, FakeHf, renderReply, main, USAGE];
export const token = process.env.HF_TOKEN; // ✗ paperboy/only-config-reads-env

export async function later(): Promise<unknown> {
  return import('lowdb'); // ✗ import-x/no-restricted-paths
}
