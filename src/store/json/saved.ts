import { z } from 'zod';
import { targetKey, type Target } from '../../caller.js';
import { copy, sameTarget } from '../rules.js';
import { addSaved, removeSaved, savedPaperSchema } from '../saved-rules.js';
import type { SavedPaper, SavedStore } from '../store.js';
import { allBuckets, bucketOf, kindOf, type Paths } from './layout.js';
import type { FileKind, Mutation } from './locked-file.js';

/**
 * Reading lists in their own bucket files (`saved/NN.json`), apart from the places'
 * subscriptions and schedules: a list may hold hundreds of papers with their abstracts,
 * and a subscribe should not rewrite them. A place's bucket is the hash of its target
 * key, so its checks ("saved already", "500 at most") and its write are one locked step.
 */
export interface SavedDoc {
  saved: SavedPaper[];
}

export const savedKind: FileKind<SavedDoc> = kindOf<SavedDoc>(z.object({ saved: z.array(savedPaperSchema) }), () => ({
  saved: [],
}));

/** The JSON store's file access, as the store lends it (locks, caches, closed checks). */
export interface SavedFiles {
  read<R>(path: string, pick: (doc: SavedDoc) => R): Promise<R>;
  change<R>(path: string, mutate: Mutation<SavedDoc, R>): Promise<R>;
}

export function jsonSaved(paths: Paths, files: SavedFiles): SavedStore {
  const fileOf = (target: Target): string => paths.saved(bucketOf(targetKey(target)));
  return {
    list: async (target) => {
      if (target) return files.read(fileOf(target), (d) => copy(d.saved.filter((s) => sameTarget(s.target, target))));
      const all = await Promise.all(allBuckets().map((b) => files.read(paths.saved(b), (d) => copy(d.saved))));
      return all.flat();
    },
    add: (entry, limit) =>
      files.change(fileOf(entry.target), (d) => {
        const { result, changed } = addSaved(d.saved, entry, limit);
        return { value: result, changed };
      }),
    remove: (target, id) =>
      files.change(fileOf(target), (d) => {
        const removed = removeSaved(d.saved, target, id);
        return { value: removed, changed: removed };
      }),
  };
}
