import type { Platform, PlatformCapabilities, PlatformEntry } from '../../src/platform.js';
import { createPoster } from './post.js';
import { webhookSettings, type WebhookSettings } from './settings.js';
import { WebhookDigestSink } from './sink.js';

export { signatureOf, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './post.js';
export { WebhookDigestSink } from './sink.js';

export const WEBHOOK_NAME = 'webhook';

/** It only receives digests: no commands, no threads, no buttons, no files. */
export const WEBHOOK_CAPABILITIES: PlatformCapabilities = {
  commands: false,
  threads: false,
  buttons: false,
  attachments: false,
};

/**
 * The webhook in the composition root's list. It serves the digests of another
 * platform's places — `serves` names it (the terminal's: `digest on` typed at the
 * terminal then arrives as POSTs) — because a webhook has no one to type commands.
 */
export const webhookEntry = (serves: string): PlatformEntry<WebhookSettings> => ({
  name: WEBHOOK_NAME,
  settings: webhookSettings,
  create: (settings) => (settings ? webhookPlatform(settings, serves) : undefined),
});

export function webhookPlatform(
  settings: WebhookSettings,
  serves: string,
  tuning: { sleep?: (ms: number) => Promise<void>; maxInlineWaitMs?: number } = {},
): Platform {
  let sink: WebhookDigestSink | undefined;
  const origin = new URL(settings.url).origin;
  return {
    name: WEBHOOK_NAME,
    capabilities: WEBHOOK_CAPABILITIES,
    async start(ctx) {
      const post = createPoster({ ...settings, ...tuning, logger: ctx.logger });
      sink = new WebhookDigestSink(serves, post);
      ctx.logger.info('webhook digests on', { to: origin, serves });
    },
    async stop() {},
    sink: () => sink,
    // Nothing is connected: it is up once started, and a failing receiver shows in digest status.
    health: () => (sink ? { status: 'up', detail: `posting digests to ${origin}` } : { status: 'starting' }),
  };
}
