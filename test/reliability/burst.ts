/**
 * Many commands at once through a whole adapter stack, and a verdict on each: answered
 * or not, by what, and whether any message could ping. Shared by the quick reliability
 * test (a few hundred) and the soak test (a thousand per adapter).
 */
import { commands } from '../../commands/index.js';
import { subcommandFor } from '../../adapters/discord/slash-commands.js';
import type { RawArgs } from '../../src/command.js';
import { parseArgs, splitCommand } from '../../src/grammar.js';
import type { RecordedRequest } from '../fakes/discord/fake-discord.js';
import { chatInput, PERMS, type SubOption } from '../fakes/discord/payloads.js';
import { sendSlashCommand } from '../fakes/slack/signed-request.js';
import type { ResponseUrlPost } from '../fakes/slack/fake-slack-api.js';
import { SIGNING_SECRET, type DiscordStack, type SlackStack } from './stacks.js';

/** A realistic mix: lists, one day, a week, a paper, a search, help, and two mistakes. */
export const COMMAND_MIX = [
  'today',
  'today top=3',
  'yesterday',
  'date 2026-08-20',
  'week 2026-W34',
  'paper 2608.19880',
  'search agents',
  'help',
  'date 2026-02-30',
  'today top=500',
];

/**
 * Text → a Discord subcommand with typed options, the way Discord would send it when
 * the text parses; otherwise the raw text as the positional option (an outdated or
 * hostile client), or an unknown subcommand name as is.
 */
export function toDiscordOptions(text: string): { sub: string; options: SubOption[] } {
  let name: string;
  let rest: string;
  try {
    ({ name, rest } = splitCommand(text));
  } catch {
    // Too long for the text grammar: the first word as the subcommand, the rest as is.
    [name = '', rest = ''] = [text.split(' ')[0], text.slice(text.indexOf(' ') + 1)];
  }
  const command = commands.find((c) => c.name === name);
  if (!command) return { sub: name || 'help', options: [] };
  let args: RawArgs;
  try {
    args = parseArgs(command, rest);
  } catch {
    args = command.positional && rest.trim() ? { [command.positional]: rest.trim() } : {};
  }
  const declared = subcommandFor(command).options ?? [];
  const options = Object.entries(args).map(([key, value]): SubOption => {
    const type = declared.find((o) => o.name === key)?.type ?? 3;
    const n = Number(value);
    // Discord only sends numbers for integer options; anything else arrives as text.
    if ((type === 4 || type === 10) && Number.isFinite(n)) return { name: key, type, value: n };
    if (type === 5 && (value === 'true' || value === 'false')) return { name: key, type, value: value === 'true' };
    return { name: key, type: 3, value };
  });
  return { sub: name, options };
}

export interface DiscordVerdict {
  text: string;
  answered: boolean;
  /** Every message body the interaction produced (callback data, edits, follow-ups) */
  bodies: Record<string, unknown>[];
  apologised: boolean;
}

const isAnswer = (r: RecordedRequest): boolean =>
  (r.method === 'PATCH' && r.path.endsWith('/messages/@original')) ||
  (r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path));

/**
 * Dispatch every text (all in one go, or spread evenly over `spreadMs`); resolve when
 * each has its answer or the timeout passed.
 */
export async function discordBurst(
  stack: DiscordStack,
  texts: readonly string[],
  timeoutMs = 60_000,
  spreadMs = 0,
): Promise<DiscordVerdict[]> {
  const { fake } = stack;
  const sent = texts.map((text, i) => {
    const { sub, options } = toDiscordOptions(text);
    const user = { id: String(900000000000200000n + BigInt(i)), username: `user${i}` };
    return { text, payload: chatInput('papers', sub, options, { user, permissions: PERMS.member }) };
  });
  for (const [i, s] of sent.entries()) {
    if (spreadMs > 0 && i > 0) await new Promise((r) => setTimeout(r, spreadMs / sent.length));
    fake.interact(s.payload);
  }
  const deadline = Date.now() + timeoutMs;
  // Index the recorded calls by interaction token once per look (this process also runs
  // the stack under test, so polling must stay cheap).
  const callsByToken = (): Map<string, RecordedRequest[]> => {
    const map = new Map<string, RecordedRequest[]>();
    for (const r of fake.requests) {
      const token = /\/(tok-\d+)(?:\/|$)/.exec(r.path)?.[1];
      if (token) map.set(token, [...(map.get(token) ?? []), r]);
    }
    return map;
  };
  const answeredIn = (calls: RecordedRequest[] | undefined): boolean => {
    const cb = calls?.find((c) => c.path.endsWith('/callback'));
    return !!cb && cb.status === 204 && (cb.body?.type === 4 || calls!.some(isAnswer));
  };
  while (Date.now() < deadline) {
    const byToken = callsByToken();
    if (sent.every((s) => answeredIn(byToken.get(s.payload.token)))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await quiet(() => fake.requests.length);
  const byToken = callsByToken();
  return sent.map(({ text, payload }) => {
    const calls = byToken.get(payload.token) ?? [];
    // A defer (callback type 5) carries no message, only flags; every other call does.
    const bodies = calls.flatMap((c) =>
      c.path.endsWith('/callback') ? (c.body?.type === 4 ? [c.body.data] : []) : c.method === 'DELETE' ? [] : [c.body],
    );
    return {
      text,
      answered: answeredIn(calls),
      bodies,
      apologised: bodies.some((b) => String(b.content ?? '').includes('Something went wrong')),
    };
  });
}

export interface SlackVerdict {
  text: string;
  status: number;
  posts: ResponseUrlPost[];
}

/** POST every text at once as a signed slash command; resolve when each got its answers. */
export async function slackBurst(
  stack: SlackStack,
  texts: readonly string[],
  timeoutMs = 60_000,
): Promise<SlackVerdict[]> {
  const { fake } = stack;
  const ids = texts.map((_, i) => `burst-${Date.now()}-${i}`);
  const statuses = await Promise.all(
    texts.map(async (text, i) => {
      const res = await sendSlashCommand(stack.eventsUrl, SIGNING_SECRET, {
        text,
        user_id: `U0BURST${i}`,
        channel_id: 'C0BURST',
        response_url: fake.responseUrl(ids[i]!),
      });
      return res.status;
    }),
  );
  const deadline = Date.now() + timeoutMs;
  const got = (id: string) => fake.responses.some((r) => r.id === id);
  while (Date.now() < deadline && !ids.every(got)) await new Promise((r) => setTimeout(r, 100));
  await quiet(() => fake.responses.length);
  const byId = new Map<string, ResponseUrlPost[]>();
  for (const r of fake.responses) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return texts.map((text, i) => ({ text, status: statuses[i]!, posts: byId.get(ids[i]!) ?? [] }));
}

/** Wait until a counter stops moving for 300 ms (late follow-ups, a stray duplicate). */
async function quiet(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Every string in a Slack message (text fallback and every text inside blocks). */
export function slackStrings(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key === 'text' || key === 'alt_text' || key === undefined) out.push(v);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v))
        if (
          k === 'text' ||
          k === 'blocks' ||
          k === 'elements' ||
          k === 'fields' ||
          k === 'accessory' ||
          k === 'alt_text' ||
          typeof x === 'object'
        )
          walk(x, k);
  };
  walk(body);
  return out;
}

/**
 * Control sequences Slack would act on: anything in <…> except our own http(s) links.
 * `<!channel>`, `<!here>`, `<@U…>`, `<#C…>`, `<!subteam^…>` all ping or link.
 */
export function slackPings(text: string): string[] {
  return [...text.matchAll(/<([^>]*)>/g)]
    .map((m) => m[0])
    .filter((seq) => !/^<https?:\/\/[^\s|<>]+(\|[^<>]*)?>$/.test(seq));
}
