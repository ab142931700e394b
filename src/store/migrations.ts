import { parseTargetKey } from '../caller.js';
import { CURRENT_VERSION } from './schema.js';

/**
 * Schema migrations for the data file, applied in order on open (after a backup copy is
 * made). Each step takes the parsed JSON of version `from` and returns version `from + 1`;
 * the result of the last step is validated with the current zod schema, so a step only
 * has to reshape, not to check.
 *
 * To change the file layout: bump CURRENT_VERSION in schema.ts, append a step here, and
 * add a fabricated old file to test/store/lowdb-store.test.ts.
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

/** Run every step from `version` up to CURRENT_VERSION. Throws if a step is missing. */
export function migrate(
  doc: Record<string, unknown>,
  version: number,
  steps: Migration[] = migrations,
): Record<string, unknown> {
  let current = doc;
  for (let v = version; v < CURRENT_VERSION; v++) {
    const step = steps.find((m) => m.from === v);
    if (!step) throw new Error(`no migration from schema version ${v}`);
    current = step.up(current);
  }
  return current;
}
