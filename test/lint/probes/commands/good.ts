// What a command may use: src/, other commands, zod and Node's built-ins.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { dayReply } from '../src/day-reply.js';
import { listOptions } from '../src/list-reply.js';
import { today } from './today.js';

export const probe = defineCommand({
  name: 'probe',
  summary: `Like ${today.name}, with an id ${randomUUID()}`,
  usage: 'probe',
  examples: ['probe'],
  args: z.object(listOptions),
  scope: 'personal',
  run: (ctx) => dayReply(ctx, ctx.services.papers.today(ctx.services.now())),
});
