import { z } from 'zod';
import type { Command } from './command.js';
import { PaperboyError } from './errors.js';
import { excerpt } from './input.js';
import { closest } from './suggest.js';
import { rich, code } from './reply.js';

interface OptionDoc {
  name: string;
  description: string;
  detail: string;
  required: boolean;
  flag: boolean;
}

/** Read each argument's description and bounds back from the command's zod schema. */
export function describeOptions(command: Command): OptionDoc[] {
  const schema = z.toJSONSchema(command.args, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const detail: string[] = [];
    if (Array.isArray(prop.enum)) detail.push(prop.enum.join(' | '));
    if (typeof prop.minimum === 'number' && typeof prop.maximum === 'number')
      detail.push(`${prop.minimum}–${prop.maximum}`);
    if (prop.default !== undefined) detail.push(`default ${String(prop.default)}`);
    return {
      name,
      description: typeof prop.description === 'string' ? prop.description : '',
      detail: detail.join(', '),
      required: schema.required?.includes(name) ?? false,
      flag: prop.flag === true,
    };
  });
}

export function commandHelp(command: Command): string[] {
  const lines = [command.summary, `Usage: /papers ${command.usage}`];
  const options = describeOptions(command);
  if (options.length) {
    lines.push('Options:');
    for (const o of options) {
      const label = o.name === command.positional ? `<${o.name}>` : o.flag ? o.name : `${o.name}=`;
      lines.push(`  ${label} — ${o.description}${o.detail ? ` (${o.detail})` : ''}`);
    }
  }
  lines.push(`Examples: ${command.examples.map((e) => `/papers ${e}`).join('  ·  ')}`);
  if (command.notes) lines.push(...command.notes);
  return lines;
}

/** The command called `name`, or the error that suggests the closest one. */
export function findCommand(commands: readonly Command[], name: string): Command {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  const guess = closest(
    name,
    commands.map((c) => c.name),
  );
  throw new PaperboyError(
    'unknown_command',
    rich`There is no "${excerpt(name)}" command${guess ? rich` — did you mean ${code(guess)}?` : '.'} Type ${code('/papers help')} to see them all.`,
  );
}
