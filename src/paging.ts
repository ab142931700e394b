import type { Command } from './command.js';
import { parseArgs, splitCommand } from './grammar.js';

/** The highest page a list command takes (`page=`), the bound buttons are checked against. */
export const PAGE_MAX = 1000;

/**
 * The text a paging button may run: its command must be a list command (one with a
 * `page=` option), parse as it did, carry no page of its own, and the page must be in
 * range. Anything else (a forged `subscribe …`, `today page=9`) is undefined.
 */
export function pageCommandText(commands: readonly Command[], text: string, page: number): string | undefined {
  if (!Number.isInteger(page) || page < 1 || page > PAGE_MAX) return undefined;
  try {
    const { name, rest } = splitCommand(text);
    const command = commands.find((c) => c.name === name);
    if (!command || !('page' in command.args.shape)) return undefined;
    if (parseArgs(command, rest).page !== undefined) return undefined;
  } catch {
    return undefined;
  }
  return `${text} page=${page}`;
}
