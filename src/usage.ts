import { z } from 'zod';

/**
 * A command's usage line ("today [top=N] [min_upvotes=N] [sort=top|new|trending] [page=N]"),
 * generated from its zod schema as help is, so the two cannot drift apart.
 *
 * - The positional argument comes first: `<topic>` when required, `[YYYY-MM]` when not;
 *   a choice of words is shown as it is typed (`on|off|status|now`).
 * - Then every other option in schema order: `[here]` for a flag, `[sort=top|new]` for a
 *   choice, `[top=N]` for a number, `[time=HH:MM]` for text.
 * - What stands for a value is the argument's `usage` meta (`.meta({ usage: 'HH:MM' })`),
 *   else the choices, `N` for a number, or the option's name. A positional `usage` that
 *   brings its own brackets ("<id or link> [<id> …]") is shown as written.
 */
export function usageOf(command: { name: string; args: z.ZodObject; positional?: string | undefined }): string {
  const schema = z.toJSONSchema(command.args, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const props = Object.entries(schema.properties ?? {});
  const required = (name: string): boolean => schema.required?.includes(name) ?? false;
  const parts = [command.name];
  const positional = props.find(([name]) => name === command.positional);
  if (positional) {
    const [name, prop] = positional;
    const choices = Array.isArray(prop.enum) && typeof prop.usage !== 'string';
    const value = placeholder(name, prop);
    if (/^[<[]/.test(value)) parts.push(value);
    else if (required(name)) parts.push(choices ? value : `<${value}>`);
    else parts.push(`[${value}]`);
  }
  for (const [name, prop] of props) {
    if (name === command.positional) continue;
    const option = prop.flag === true ? name : `${name}=${placeholder(name, prop)}`;
    parts.push(required(name) ? option : `[${option}]`);
  }
  return parts.join(' ');
}

function placeholder(name: string, prop: Record<string, unknown>): string {
  if (typeof prop.usage === 'string') return prop.usage;
  if (Array.isArray(prop.enum)) return prop.enum.join('|');
  if (prop.type === 'integer' || prop.type === 'number') return 'N';
  return name;
}
