/**
 * Installations in the JSON store: `<file>.d/installations/NN.json`, one bucket per hash
 * of (platform, workspace), so installing into one workspace locks one small file. A
 * data directory from before this bucket existed simply has none yet: nothing to migrate.
 */
import { join } from 'node:path';
import { z } from 'zod';
import {
  findInstallation,
  installationKey,
  installationSchema,
  installationsOf,
  putInstallation,
  removeInstallation,
} from '../installation-rules.js';
import type { Installation, InstallationStore } from '../store.js';
import { allBuckets, bucketOf, kindOf, type Paths } from './layout.js';
import type { FileKind, Mutation } from './locked-file.js';

export interface InstallationsDoc {
  installations: Installation[];
}

export const installationsKind: FileKind<InstallationsDoc> = kindOf<InstallationsDoc>(
  z.object({ installations: z.array(installationSchema) }),
  () => ({ installations: [] }),
);

export const installationsPath = (paths: Paths, bucket: string): string =>
  join(paths.root, 'installations', `${bucket}.json`);

/** What the JSON store lends this repository: a locked read and a locked read-modify-write. */
export interface JsonFileOps {
  read<T, R>(path: string, kind: FileKind<T>, pick: (doc: T) => R): Promise<R>;
  change<T, R>(path: string, kind: FileKind<T>, mutate: Mutation<T, R>): Promise<R>;
}

export function jsonInstallations(paths: Paths, files: JsonFileOps): InstallationStore {
  const pathOf = (platform: string, workspaceId: string) =>
    installationsPath(paths, bucketOf(installationKey(platform, workspaceId)));
  return {
    get: (platform, workspaceId) =>
      files.read(pathOf(platform, workspaceId), installationsKind, (d) =>
        findInstallation(d.installations, platform, workspaceId),
      ),
    put: (installation) =>
      files.change(pathOf(installation.platform, installation.workspaceId), installationsKind, (d) => {
        putInstallation(d.installations, installation);
        return { value: undefined, changed: true };
      }),
    remove: (platform, workspaceId) =>
      files.change(pathOf(platform, workspaceId), installationsKind, (d) => {
        const removed = removeInstallation(d.installations, platform, workspaceId);
        return { value: removed, changed: removed };
      }),
    list: async (platform) => {
      const docs = await Promise.all(
        allBuckets().map((b) => files.read(installationsPath(paths, b), installationsKind, (d) => d.installations)),
      );
      return installationsOf(docs.flat(), platform);
    },
  };
}
