/**
 * The reading list's record and rules: one schema for every engine, and the add/remove
 * rules as pure functions for the engines that keep records themselves (memory, JSON
 * files). PostgreSQL states the same rules in SQL (src/store/postgres/saved.ts); the
 * contract suite (test/store/saved.contract.ts) holds all three to the same behaviour.
 */
import { z } from 'zod';
import type { Target } from '../caller.js';
import { copy, sameTarget } from './rules.js';
import { checkRecord, targetSchema } from './schema.js';
import { StoreError } from './store-error.js';
import type { AddSavedResult, SavedPaper } from './store.js';

export const savedPaperSchema = z.object({
  id: z.string().min(1),
  target: targetSchema,
  paper: z.object({
    id: z.string().min(1),
    title: z.string(),
    authors: z.array(z.string()),
    publishedAt: z.string(),
    summary: z.string(),
    upvotes: z.number().int().min(0),
    aiKeywords: z.array(z.string()).optional(),
    day: z.string().optional(),
  }),
  savedBy: z.string(),
  savedAt: z.string().min(1),
});

export const checkSaved = (s: SavedPaper): SavedPaper => checkRecord(savedPaperSchema, 'saved paper', s);

export const duplicateSavedId = (id: string): StoreError =>
  new StoreError('duplicate_id', `A saved paper with id ${id} is already stored.`);

/** Add to one place's list (the caller passes at least every stored entry of that place). */
export function addSaved(
  all: SavedPaper[],
  input: SavedPaper,
  limit: number,
): { result: AddSavedResult; changed: boolean } {
  const entry = checkSaved(input);
  if (all.some((s) => s.id === entry.id)) throw duplicateSavedId(entry.id);
  const mine = all.filter((s) => sameTarget(s.target, entry.target));
  const same = mine.findIndex((s) => s.paper.id === entry.paper.id);
  if (same >= 0)
    return { result: { outcome: 'duplicate', existing: copy(mine[same]!), position: same + 1 }, changed: false };
  if (mine.length >= limit) return { result: { outcome: 'limit_reached', count: mine.length }, changed: false };
  all.push(entry);
  return { result: { outcome: 'added', saved: copy(entry), position: mine.length + 1 }, changed: true };
}

export function removeSaved(all: SavedPaper[], target: Target, id: string): boolean {
  const at = all.findIndex((s) => s.id === id && sameTarget(s.target, target));
  if (at < 0) return false;
  all.splice(at, 1);
  return true;
}
