import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Secret } from './config.js';

/**
 * Secrets at rest (a workspace's bot token): AES-256-GCM through node:crypto, under a key
 * derived from PAPERBOY_SECRET_KEY with a purpose label of its own (the same secret signs
 * paging buttons, src/button-key.ts). A sealed value reads
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The key id is a fingerprint of the
 * key, so "sealed under another key" can be told apart from "damaged"; `context` (e.g.
 * the workspace) is authenticated too, so a sealed value copied onto another workspace's
 * record does not open. There is no plaintext fallback anywhere: what does not open is
 * an error.
 */
export interface Sealer {
  /** The key's fingerprint, as it appears in what this sealer seals */
  readonly keyId: string;
  seal(plaintext: string, context: string): string;
  /** The plaintext; throws UnsealError when the value was sealed under another key, for another context, or damaged */
  open(sealed: string, context: string): string;
}

export class UnsealError extends Error {
  constructor(
    readonly reason: 'other_key' | 'damaged',
    message: string,
  ) {
    super(message);
    this.name = 'UnsealError';
  }
}

const PURPOSE = 'paperboy sealed records v1';

export function sealerFrom(secret: Secret): Sealer {
  const key = createHmac('sha256', secret.reveal()).update(PURPOSE).digest();
  const keyId = createHmac('sha256', key).update('key id').digest('base64url').slice(0, 8);
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return ['v1', keyId, ...parts].join('.');
    },
    open(sealed, context) {
      const [version, id, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !id || !iv || !tag || body === undefined)
        throw new UnsealError('damaged', 'not a sealed value');
      if (id !== keyId)
        throw new UnsealError(
          'other_key',
          `sealed under another PAPERBOY_SECRET_KEY (key id ${id}, this one is ${keyId})`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new UnsealError(
          'damaged',
          'the sealed value does not authenticate (changed, or moved from another record)',
        );
      }
    },
  };
}
