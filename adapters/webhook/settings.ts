import { z } from 'zod';
import { configFields, type Secret } from '../../src/config.js';

/** A webhook's settings, parsed by src/config.ts with every other variable (PlatformEntry.settings). */
export interface WebhookSettings {
  url: string;
  secret: Secret;
  timeoutMs: number;
}

/** Shorter secrets are guessable offline from one signed body. */
const MIN_SECRET = 16;

export const webhookSettings = z
  .object({
    PAPERBOY_WEBHOOK_URL: configFields.url('PAPERBOY_WEBHOOK_URL'),
    PAPERBOY_WEBHOOK_SECRET: configFields.secret,
    PAPERBOY_WEBHOOK_TIMEOUT_MS: configFields.int('PAPERBOY_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
  })
  .transform((env, ctx): WebhookSettings | undefined => {
    const url = env.PAPERBOY_WEBHOOK_URL;
    const secret = env.PAPERBOY_WEBHOOK_SECRET;
    if (!url) {
      if (secret)
        ctx.addIssue({
          code: 'custom',
          message: 'PAPERBOY_WEBHOOK_SECRET is set but PAPERBOY_WEBHOOK_URL is not: set the URL digests are POSTed to',
        });
      return undefined;
    }
    if (!secret || secret.reveal().length < MIN_SECRET) {
      ctx.addIssue({
        code: 'custom',
        message: `PAPERBOY_WEBHOOK_SECRET is required with PAPERBOY_WEBHOOK_URL, at least ${MIN_SECRET} characters (e.g. the output of \`openssl rand -hex 32\`): it signs every POST`,
      });
      return z.NEVER;
    }
    return { url, secret, timeoutMs: env.PAPERBOY_WEBHOOK_TIMEOUT_MS };
  });
