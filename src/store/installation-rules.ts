import { z } from 'zod';
import type { Platform } from '../caller.js';
import { checkRecord } from './schema.js';
import type { Installation } from './store.js';

/**
 * The installation record and the rules every engine applies to it: one installation per
 * (platform, workspace), a reinstall replaces the earlier one. The record holds the
 * platform's own data only sealed, so nothing here can leak a token.
 */
export const installationSchema = z.object({
  platform: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { error: 'must be a platform name such as "slack"' }),
  workspaceId: z.string().min(1).max(64),
  // "v1.<key id>.<iv>.<tag>.<ciphertext>", see src/sealed.ts
  sealed: z.string().regex(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/, { error: 'must be a sealed (encrypted) record' }),
  installedBy: z.string(),
  installedAt: z.string().min(1),
});

export const checkInstallation = (i: Installation): Installation => checkRecord(installationSchema, 'installation', i);

export const installationKey = (platform: Platform, workspaceId: string): string => `${platform}:${workspaceId}`;

const same = (i: Installation, platform: Platform, workspaceId: string): boolean =>
  i.platform === platform && i.workspaceId === workspaceId;

export const findInstallation = (all: Installation[], platform: Platform, workspaceId: string) =>
  all.find((i) => same(i, platform, workspaceId));

/** Insert or replace; the record is validated first, so nothing invalid is ever stored. */
export function putInstallation(all: Installation[], input: Installation): void {
  const record = checkInstallation(input);
  const at = all.findIndex((i) => same(i, record.platform, record.workspaceId));
  if (at >= 0) all[at] = record;
  else all.push(record);
}

export function removeInstallation(all: Installation[], platform: Platform, workspaceId: string): boolean {
  const at = all.findIndex((i) => same(i, platform, workspaceId));
  if (at >= 0) all.splice(at, 1);
  return at >= 0;
}

/** One platform's installations, oldest first (installedAt, an ISO time). */
export const installationsOf = (all: Installation[], platform: Platform): Installation[] =>
  all.filter((i) => i.platform === platform).sort((a, b) => a.installedAt.localeCompare(b.installedAt));
