import { expect } from 'vitest';
import { LIMITS, embedChars } from '../../adapters/discord/render.js';

/** A message body as Discord would check it: every limit, and never a ping. */
export function expectValidMessage(body: {
  embeds?: { title?: string; description?: string; footer?: { text: string } }[];
  content?: string;
  allowed_mentions?: unknown;
  components?: unknown[];
}) {
  expect(body.allowed_mentions).toEqual({ parse: [] });
  const embeds = body.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(embeds.reduce((n, e) => n + embedChars(e as never), 0)).toBeLessThanOrEqual(LIMITS.charsPerMessage);
  expect(body.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
  }
  expect(body.components?.length ?? 0).toBeLessThanOrEqual(5);
}
