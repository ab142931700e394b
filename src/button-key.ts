import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Secret } from './config.js';

/**
 * The key that signs the state paging buttons carry (Discord custom_id, Slack button
 * value), so a click can only page the list its message shows. Asynchronous so that
 * it can later come from the shared store, where several instances would agree on it.
 */
export interface ButtonKeySource {
  buttonKey(): Promise<Uint8Array>;
}

/** Derived from PAPERBOY_SECRET_KEY with a purpose label: the secret may serve other uses too. */
export function secretButtonKey(secret: Secret): ButtonKeySource {
  const key = createHmac('sha256', secret.reveal()).update('paperboy paging buttons v1').digest();
  return { buttonKey: () => Promise.resolve(key) };
}

/**
 * A random key for this process. Without PAPERBOY_SECRET_KEY, a restart makes the
 * buttons of earlier messages stop working (they answer "run the command again").
 */
export function processButtonKey(): ButtonKeySource {
  const key = randomBytes(32);
  return { buttonKey: () => Promise.resolve(key) };
}

export const buttonKeyFrom = (config: { secretKey?: Secret | undefined }): ButtonKeySource =>
  config.secretKey ? secretButtonKey(config.secretKey) : processButtonKey();

/** Characters of base64url MAC a button carries: 96 bits, room left for the command. */
export const MAC_LENGTH = 16;

/** HMAC-SHA256 over the parts (length-prefixed, so no two lists of parts collide). */
export function signParts(key: Uint8Array, parts: readonly (string | number)[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) {
    const text = String(part);
    hmac.update(`${text.length}:${text};`);
  }
  return hmac.digest('base64url').slice(0, MAC_LENGTH);
}

export function verifyParts(key: Uint8Array, parts: readonly (string | number)[], mac: string): boolean {
  const expected = Buffer.from(signParts(key, parts));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
