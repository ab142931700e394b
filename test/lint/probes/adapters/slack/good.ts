// What an adapter may use: its own folder, its own SDK, src/, the command list and other packages.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { commands } from '../../commands/index.js';
import type { Reply } from '../../src/reply.js';
import { escapeSlack } from './escape.js';

export type Uses = [App, Reply];
export const text = z.string().transform(escapeSlack);
export const names = commands.map((c) => c.name);
