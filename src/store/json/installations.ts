/**
 * Installations in the JSON store: `<file>.d/installations/NN.json`, one bucket per hash
 * of (platform, workspace), so installing into one workspace locks one small file. A
 * data directory from before this bucket existed simply has none yet: nothing to migrate.
 */
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
import type { FileKind, JsonFileOps } from './locked-file.js';

export interface InstallationsDoc {
  installations: Installation[];
}

export const installationsKind: FileKind<InstallationsDoc> = kindOf<InstallationsDoc>(
  z.object({ installations: z.array(installationSchema) }),
  () => ({ installations: [] }),
);

export function jsonInstallations(paths: Paths, files: JsonFileOps): InstallationStore {
  const pathOf = (platform: string, workspaceId: string) =>
    paths.installations(bucketOf(installationKey(platform, workspaceId)));
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
        allBuckets().map((b) => files.read(paths.installations(b), installationsKind, (d) => d.installations)),
      );
      return installationsOf(docs.flat(), platform);
    },
  };
}
