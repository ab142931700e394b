import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands } from '../../commands/index.js';
import { defineCommand, flagArg, intArg } from '../../src/command.js';
import { describeOptions } from '../../src/help.js';

describe('usage lines come from the schema', () => {
  it('name every option of every command, the positional first', () => {
    for (const command of commands) {
      const usage = command.usage;
      expect(usage.startsWith(command.name), usage).toBe(true);
      for (const option of describeOptions(command)) {
        if (option.name === command.positional) continue;
        expect(usage, command.name).toContain(option.flag ? `[${option.name}]` : `${option.name}=`);
      }
    }
  });

  it('reads as before for the list commands and shows choices, numbers and placeholders', () => {
    const byName = new Map(commands.map((c) => [c.name, c.usage]));
    expect(byName.get('today')).toBe('today [top=N] [min_upvotes=N] [sort=top|new|trending|foryou] [page=N]');
    expect(byName.get('date')).toBe(
      'date <YYYY-MM-DD> [top=N] [min_upvotes=N] [sort=top|new|trending|foryou] [page=N]',
    );
    expect(byName.get('cite')).toBe('cite <id or link> [<id> …] [format=bibtex|ris]');
    expect(byName.get('digest')).toBe(
      'digest [on|off|status|now] [time=HH:MM] [tz=Area/City] [top=N] [min_upvotes=N] [days=weekdays|daily|weekly] [day=mon] [rank=upvotes|foryou] [here]',
    );
  });

  it('follows a new option without anyone editing a usage string', () => {
    const probe = defineCommand({
      name: 'probe',
      summary: 'A probe',
      examples: ['probe x'],
      positional: 'what',
      args: z.object({ what: z.string(), times: intArg('How often', 1, 9).optional(), loud: flagArg('Louder') }),
      scope: 'personal',
      run: async () => ({ title: 'probe', visibility: 'private' }),
    });
    expect(probe.usage).toBe('probe <what> [times=N] [loud]');
    const given = defineCommand({ ...probe, usage: 'probe <anything>' });
    expect(given.usage).toBe('probe <anything>');
  });
});
