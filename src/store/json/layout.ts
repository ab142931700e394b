/**
 * Where the JSON store keeps what. `PAPERBOY_DATA_FILE` (./data/paperboy.json) is the
 * manifest: the schema version and the layout. The records live beside it, in
 * `<file>.d/`, split so that no write touches more than a small file and no history
 * accumulates in one:
 *
 *   places/NN.json                 subscriptions and digest schedules of the places in bucket NN
 *   ledger/<list>/NN.json          delivery rows of one Daily Papers list, bucket NN
 *   once/NN.json                   once-keys (alerts sent, requests seen) of bucket NN, with expiry
 *   meta.json                      named values (signing keys)
 *   installations/NN.json          app installations per workspace, tokens sealed (installations.ts)
 *   alerts/NN.json, alert-ledger/NN.json   alert definitions and (place, paper) posts (json-alerts.ts)
 *   saved/NN.json                  reading lists (saved papers) of the places in bucket NN (saved.ts)
 *
 * A place's bucket is a hash of its target key, so all of one place's records share a
 * file and one lock: its checks ("already subscribed", "25 at most") are one atomic step.
 * Old lists are dropped whole, by removing their directory.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues, deliverySchema, digestScheduleSchema, subscriptionSchema } from '../schema.js';
import { StoreError } from '../store-error.js';
import type { Delivery, DigestSchedule, Subscription } from '../store.js';
import type { FileKind } from './locked-file.js';

export const BUCKETS = 32;
export const JSON_LAYOUT_VERSION = 2;

/** FNV-1a: stable across processes and versions, unlike anything seeded. */
export function bucketOf(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h % BUCKETS).padStart(2, '0');
}

export const allBuckets = (): string[] => Array.from({ length: BUCKETS }, (_, i) => String(i).padStart(2, '0'));

export interface Paths {
  manifest: string;
  root: string;
  places(bucket: string): string;
  ledgerDir: string;
  ledger(listDate: string, bucket: string): string;
  once(bucket: string): string;
  meta: string;
  saved(bucket: string): string;
  installations(bucket: string): string;
  alerts(bucket: string): string;
  alertLedger(bucket: string): string;
}

export function pathsFor(manifest: string): Paths {
  const root = `${manifest}.d`;
  return {
    manifest,
    root,
    places: (b) => join(root, 'places', `${b}.json`),
    ledgerDir: join(root, 'ledger'),
    ledger: (d, b) => join(root, 'ledger', d, `${b}.json`),
    once: (b) => join(root, 'once', `${b}.json`),
    meta: join(root, 'meta.json'),
    saved: (b) => join(root, 'saved', `${b}.json`),
    installations: (b) => join(root, 'installations', `${b}.json`),
    alerts: (b) => join(root, 'alerts', `${b}.json`),
    alertLedger: (b) => join(root, 'alert-ledger', `${b}.json`),
  };
}

export interface PlacesDoc {
  subscriptions: Subscription[];
  digests: DigestSchedule[];
}
export interface LedgerDoc {
  deliveries: Delivery[];
}
export interface OnceDoc {
  keys: Record<string, number>;
}
export interface MetaDoc {
  values: Record<string, string>;
}

const placesSchema = z.object({ subscriptions: z.array(subscriptionSchema), digests: z.array(digestScheduleSchema) });
const ledgerSchema = z.object({ deliveries: z.array(deliverySchema) });
const onceSchema = z.object({ keys: z.record(z.string(), z.number()) });
const metaSchema = z.object({ values: z.record(z.string(), z.string()) });

export const manifestSchema = z.object({
  version: z.literal(JSON_LAYOUT_VERSION),
  layout: z.literal('buckets'),
  buckets: z.literal(BUCKETS),
});
export type Manifest = z.output<typeof manifestSchema>;
export const newManifest = (): Manifest => ({ version: JSON_LAYOUT_VERSION, layout: 'buckets', buckets: BUCKETS });

const recover = (path: string): string =>
  `Paperboy has not changed it. To recover, restore the file from a backup, or move it away (mv ${path} ${path}.broken): the records in it are then lost, the rest of the store is kept.`;

/** A bucket file's kind: its schema, and what a missing file means (each repository's file uses it). */
export function kindOf<T>(schema: z.ZodType<T>, empty: () => T): FileKind<T> {
  return {
    empty,
    parse(text, path) {
      if (text.trim() === '') {
        throw new StoreError(
          'store_empty',
          `Paperboy cannot use its data file ${path}: it is empty (a crash or a full disk while it was written?). ${recover(path)}`,
          { file: path },
        );
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (cause) {
        throw new StoreError(
          'store_corrupt',
          `Paperboy cannot use its data file ${path}: it is not valid JSON (${(cause as Error).message}). ${recover(path)}`,
          { cause, file: path },
        );
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new StoreError(
          'store_invalid',
          `Paperboy cannot use its data file ${path}: its content is not valid (${describeIssues(parsed.error)}). ${recover(path)}`,
          { cause: parsed.error, file: path },
        );
      }
      return parsed.data;
    },
  };
}

export const placesKind = kindOf<PlacesDoc>(placesSchema, () => ({ subscriptions: [], digests: [] }));
export const ledgerKind = kindOf<LedgerDoc>(ledgerSchema, () => ({ deliveries: [] }));
export const onceKind = kindOf<OnceDoc>(onceSchema, () => ({ keys: {} }));
export const metaKind = kindOf<MetaDoc>(metaSchema, () => ({ values: {} }));
