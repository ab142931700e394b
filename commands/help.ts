import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { POLL_NOTE } from '../src/alerts/describe.js';
import { commandHelp, findCommand } from '../src/help.js';
import { rich, code } from '../src/reply.js';

export const help = defineCommand({
  name: 'help',
  summary: 'What Paperboy can do, or the details of one command',
  examples: ['help', 'help today'],
  positional: 'command',
  args: z.object({ command: z.string().trim().toLowerCase().optional().describe('A command name, e.g. today') }),
  scope: 'personal',
  answers: 'private',
  async run(ctx) {
    const name = ctx.args.command?.replace(/^\/?papers\s+/, '');
    if (name) {
      const command = findCommand(ctx.commands, name);
      return { title: `/papers ${command.name}`, lines: commandHelp(command), visibility: 'private' };
    }
    return {
      title: 'Paperboy · Hugging Face Daily Papers',
      lines: [
        ...ctx.commands.map((c) => `/papers ${c.usage} — ${c.summary}`),
        rich`Type ${code('/papers help <command>')} for options and examples.`,
        rich`Options are ${code('key=value')}, each given once; numbers are plain digits (${code('top=5')}). In ${code('digest')}, ${code('tz=')} takes a zone name such as Europe/Berlin (abbreviations like EST mean several zones).`,
        `Alerts: ${POLL_NOTE}`,
      ],
      visibility: 'private',
    };
  },
});
