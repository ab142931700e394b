import { z } from 'zod';
import { targetKey, type Target } from '../../caller.js';
import { sameTarget } from '../rules.js';
import { addSaved, removeSaved, savedPaperSchema } from '../saved-rules.js';
import type { SavedPaper, SavedStore } from '../store.js';
import { allBuckets, bucketOf, kindOf, type Paths } from './layout.js';
import type { FileKind, JsonFileOps } from './locked-file.js';

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

export function jsonSaved(paths: Paths, files: JsonFileOps): SavedStore {
  const fileOf = (target: Target): string => paths.saved(bucketOf(targetKey(target)));
  return {
    list: async (target) => {
      if (target)
        return files.read(fileOf(target), savedKind, (d) => d.saved.filter((s) => sameTarget(s.target, target)));
      const all = await Promise.all(allBuckets().map((b) => files.read(paths.saved(b), savedKind, (d) => d.saved)));
      return all.flat();
    },
    add: (entry, limit) =>
      files.change(fileOf(entry.target), savedKind, (d) => {
        const { result, changed } = addSaved(d.saved, entry, limit);
        return { value: result, changed };
      }),
    remove: (target, id) =>
      files.change(fileOf(target), savedKind, (d) => {
        const removed = removeSaved(d.saved, target, id);
        return { value: removed, changed: removed };
      }),
  };
}
