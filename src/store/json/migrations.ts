import { z } from 'zod';
import { parseTargetKey } from '../../caller.js';
import { normalizeTopicText } from '../../topics/topic-key.js';
import { deliverySchema, digestScheduleSchema, subscriptionSchema } from '../schema.js';
import type { Delivery, DigestSchedule, Subscription } from '../store.js';
import { JSON_LAYOUT_VERSION } from './layout.js';

/** The last layout that kept everything in one JSON document. */
export const SINGLE_DOCUMENT_VERSION = 1;

/**
 * Migrations of the data file, applied on open after a byte-exact backup.
 *
 * Versions 0 and 1 kept everything in the one file. Each document step takes the parsed
 * JSON of version `from` and returns version `from + 1`, up to version 1, which is
 * validated with the version-1 schema below (a step only reshapes; validation checks).
 * Version 2 splits the records into the bucketed files (layout.ts): `splitVersion1`
 * turns a version-1 document into version-2 records, which the opener writes before it
 * rewrites the manifest — so a crash half-way simply migrates again on the next start.
 *
 * To change the layout: bump JSON_LAYOUT_VERSION, add a step, and add a fabricated old
 * file to test/store/json-store.test.ts.
 */
export interface Migration {
  from: number;
  describe: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const migrations: Migration[] = [
  {
    // v0: the unversioned layout of early builds — no `version` field, targets stored as
    // key strings ("discord:guild:channel:id"), no digest schedules or delivery ledger.
    from: 0,
    describe: 'add a version, turn target keys into target objects, add digests and deliveries',
    up: (doc) => ({
      version: 1,
      subscriptions: asArray(doc.subscriptions).map((s) => {
        if (typeof s !== 'object' || s === null) return s;
        const { target, targetKey, ...rest } = s as Record<string, unknown>;
        const key = typeof targetKey === 'string' ? targetKey : target;
        return { ...rest, target: typeof key === 'string' ? safeParseTargetKey(key) : key };
      }),
      digests: asArray(doc.digests),
      deliveries: asArray(doc.deliveries),
    }),
  },
];

// A bad key is left as it is: validation after the migration reports it with its path.
function safeParseTargetKey(key: string): unknown {
  try {
    return parseTargetKey(key);
  } catch {
    return key;
  }
}

/** Keys the unversioned (v0) layout could hold. */
const V0_KEYS = new Set(['subscriptions', 'digests', 'deliveries']);

/**
 * The version a parsed file declares. Files from before versioning count as 0 — but
 * only when they look like one (a subscriptions list and nothing foreign): any other
 * JSON object, e.g. another program's file at the same path, is not ours to rewrite.
 */
export function versionOf(doc: Record<string, unknown>): number | undefined {
  if (!('version' in doc)) {
    const looksLikeV0 = Array.isArray(doc.subscriptions) && Object.keys(doc).every((k) => V0_KEYS.has(k));
    return looksLikeV0 ? 0 : undefined;
  }
  return typeof doc.version === 'number' && Number.isInteger(doc.version) && doc.version >= 0 ? doc.version : undefined;
}

/** Run every document step from `version` up to version 1. Throws if a step is missing. */
export function migrate(
  doc: Record<string, unknown>,
  version: number,
  steps: Migration[] = migrations,
): Record<string, unknown> {
  let current = doc;
  for (let v = version; v < SINGLE_DOCUMENT_VERSION; v++) {
    const step = steps.find((m) => m.from === v);
    if (!step) throw new Error(`no migration from schema version ${v}`);
    current = step.up(current);
  }
  return current;
}

const v1Target = z.object({
  platform: z.enum(['discord', 'slack', 'terminal']),
  workspaceId: z.string(),
  kind: z.enum(['channel', 'user']),
  id: z.string().min(1),
});

/** The version-1 document, as the previous Paperboy wrote it. */
export const version1Schema = z.object({
  version: z.literal(SINGLE_DOCUMENT_VERSION),
  subscriptions: z.array(subscriptionSchema.omit({ key: true }).extend({ target: v1Target })),
  digests: z.array(digestScheduleSchema.extend({ target: v1Target })),
  deliveries: z.array(
    deliverySchema.omit({ version: true, owner: true, leaseUntil: true }).extend({ target: v1Target }),
  ),
});
export type Version1 = z.output<typeof version1Schema>;

export interface Records {
  subscriptions: Subscription[];
  digests: DigestSchedule[];
  deliveries: Delivery[];
}

/** Version-1 records as version-2 records: topic keys computed, ledger rows versioned. */
export function splitVersion1(doc: Version1): Records {
  return {
    subscriptions: doc.subscriptions.map((s) => ({ ...s, key: normalizeTopicText(s.topic) })),
    digests: doc.digests,
    deliveries: doc.deliveries.map((d) => ({ ...d, version: 0 })),
  };
}

export const LATEST_VERSION = JSON_LAYOUT_VERSION;
