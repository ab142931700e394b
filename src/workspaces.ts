import type { Platform } from './caller.js';
import type { Logger } from './logger.js';
import type { DigestSchedule, Store } from './store/store.js';

/**
 * What happens to a workspace's digests when the app leaves it (uninstalled, its token
 * revoked). Paperboy keeps the place's subscriptions and digest settings, so a reinstall
 * picks up where it stopped; meanwhile every digest of the workspace is switched off
 * (`disabled`, with a reason that says why), so nothing is tried with a dead token.
 * Reinstalling switches back on exactly the digests switched off this way; one a person
 * turned off stays off.
 */
export const WORKSPACE_GONE = 'the app is not installed in this workspace';

/** The `disabled.reason` of a digest switched off because its workspace's app is gone. */
export const workspaceGoneReason = (detail: string): string => `${WORKSPACE_GONE} (${detail})`;

const isWorkspaceGone = (s: DigestSchedule): boolean => s.disabled?.reason.startsWith(WORKSPACE_GONE) ?? false;

const inWorkspace = (s: DigestSchedule, platform: Platform, workspaceId: string): boolean =>
  s.target.platform === platform && s.target.workspaceId === workspaceId;

/** Switch off every digest of the workspace that is still on; returns how many. */
export async function pauseWorkspace(
  deps: { store: Store; logger: Logger; now: () => Date },
  platform: Platform,
  workspaceId: string,
  detail: string,
): Promise<number> {
  const at = deps.now().toISOString();
  const reason = workspaceGoneReason(detail);
  const mine = (await deps.store.digests.list()).filter((s) => inWorkspace(s, platform, workspaceId) && !s.disabled);
  for (const s of mine) await deps.store.digests.patch(s.target, { disabled: { reason, at } });
  deps.logger.info('workspace left: its digests are switched off, subscriptions kept for a reinstall', {
    platform,
    workspaceId,
    digests: mine.length,
    why: detail,
  });
  return mine.length;
}

/** After a reinstall: switch back on the digests `pauseWorkspace` (or a refused token) switched off. */
export async function resumeWorkspace(
  deps: { store: Store; logger: Logger },
  platform: Platform,
  workspaceId: string,
): Promise<number> {
  const mine = (await deps.store.digests.list()).filter(
    (s) => inWorkspace(s, platform, workspaceId) && isWorkspaceGone(s),
  );
  for (const s of mine) {
    const resumed: DigestSchedule = { ...s };
    delete resumed.disabled;
    // Due at the next tick: it then owes only the lists it has not been served.
    delete resumed.dueAt;
    await deps.store.digests.put(resumed);
  }
  if (mine.length)
    deps.logger.info('workspace back: its digests are on again', { platform, workspaceId, digests: mine.length });
  return mine.length;
}
