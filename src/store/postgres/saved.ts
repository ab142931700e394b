/**
 * Reading lists in PostgreSQL: a place-ordered list (place-list.ts) under the place's
 * reading-list lock, one row per (place, paper). The table: migrations.ts, version 4.
 */
import type { Target } from '../../caller.js';
import { checkSaved, duplicateSavedId } from '../saved-rules.js';
import type { AddSavedResult, SavedPaper, SavedStore } from '../store.js';
import { lockKey, type AdvisoryLock, type Db } from './db.js';
import { quoteIdent } from './migrations.js';
import { keyOf, placeList } from './place-list.js';

const savedLock = (schema: string, target: Target): AdvisoryLock => [
  lockKey(`paperboy:saved:${schema}`),
  lockKey(keyOf(target)),
];

export function pgSaved(db: Db, schema: string): SavedStore {
  const saved = placeList<SavedPaper>(db, {
    table: `${quoteIdent(schema)}.saved_papers`,
    keyColumn: 'paper_id',
    idConstraint: 'saved_papers_id_unique',
    keyOfRecord: (entry) => entry.paper.id,
    lock: (target) => savedLock(schema, target),
    duplicateId: duplicateSavedId,
    what: 'saved paper',
  });
  return {
    list: (target) => saved.list(target),
    add: async (input, limit): Promise<AddSavedResult> => {
      const entry = checkSaved(input);
      const r = await saved.add(entry, limit);
      return r.outcome === 'added' ? { outcome: 'added', saved: entry, position: r.position } : r;
    },
    remove: (target, id) => saved.remove(target, id),
  };
}
