import type { Installation as BoltInstallation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { StartupError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { UnsealError, type Sealer } from '../../src/sealed.js';
import type { Store } from '../../src/store/store.js';
import { resumeWorkspace } from '../../src/workspaces.js';

/**
 * Bolt's InstallationStore over Paperboy's Store (JSON files or PostgreSQL, shared by
 * every instance), never Bolt's FileInstallationStore. Bolt's whole installation record
 * (bot token, scopes, ids) is sealed with AES-256-GCM under PAPERBOY_SECRET_KEY; the
 * seal's context is the workspace, so a record moved onto another workspace does not open.
 *
 * Keyed by the workspace (team id). Org-wide (Enterprise Grid) installs are keyed by the
 * enterprise id; the manifest leaves org deploy off, so they do not happen by default.
 */
export const PLATFORM = 'slack';

const workspaceOfQuery = (q: InstallationQuery<boolean>): string | undefined =>
  q.isEnterpriseInstall && q.enterpriseId ? q.enterpriseId : q.teamId;

const workspaceOfInstall = (i: BoltInstallation): string | undefined =>
  i.isEnterpriseInstall ? i.enterprise?.id : i.team?.id;

const sealContext = (workspaceId: string): string => `${PLATFORM}:${workspaceId}`;

export interface SlackInstallations extends InstallationStore {
  /** The workspace's bot token, or undefined when Paperboy is not installed there */
  botToken(workspaceId: string): Promise<string | undefined>;
}

export function slackInstallationStore(deps: { store: Store; sealer: Sealer; logger: Logger }): SlackInstallations {
  const { store, sealer, logger } = deps;

  async function fetchOne(workspaceId: string): Promise<BoltInstallation | undefined> {
    const record = await store.installations.get(PLATFORM, workspaceId);
    if (!record) return undefined;
    return JSON.parse(sealer.open(record.sealed, sealContext(workspaceId))) as BoltInstallation;
  }

  return {
    async storeInstallation(installation) {
      const workspaceId = workspaceOfInstall(installation);
      if (!workspaceId) throw new Error('Slack sent an installation without a workspace id');
      await store.installations.put({
        platform: PLATFORM,
        workspaceId,
        sealed: sealer.seal(JSON.stringify(installation), sealContext(workspaceId)),
        installedBy: installation.user.id,
        installedAt: new Date().toISOString(),
      });
      logger.info('slack: installed in a workspace', { workspaceId, installedBy: installation.user.id });
      await resumeWorkspace({ store, logger }, PLATFORM, workspaceId);
    },
    async fetchInstallation(query) {
      const workspaceId = workspaceOfQuery(query);
      const found = workspaceId ? await fetchOne(workspaceId) : undefined;
      // Bolt turns this into "authorization did not succeed" and answers nothing.
      if (!found) throw new Error(`Paperboy is not installed in Slack workspace ${workspaceId ?? '(none)'}`);
      return found;
    },
    async deleteInstallation(query) {
      const workspaceId = workspaceOfQuery(query);
      if (workspaceId) await store.installations.remove(PLATFORM, workspaceId);
    },
    async botToken(workspaceId) {
      return (await fetchOne(workspaceId))?.bot?.token;
    },
  };
}

/**
 * At start in OAuth mode: every stored installation must open with this
 * PAPERBOY_SECRET_KEY. One that does not means the key changed (or the data was
 * tampered with); Paperboy stops and says so rather than run with tokens it cannot read.
 */
export async function checkInstallationsOpen(store: Store, sealer: Sealer, logger: Logger): Promise<number> {
  const all = await store.installations.list(PLATFORM);
  for (const record of all) {
    try {
      sealer.open(record.sealed, sealContext(record.workspaceId));
    } catch (err) {
      if (!(err instanceof UnsealError)) throw err;
      const why =
        err.reason === 'other_key'
          ? 'it was sealed under a different PAPERBOY_SECRET_KEY'
          : 'its sealed record does not authenticate (changed, or copied from another workspace)';
      throw new StartupError(
        `PAPERBOY_SECRET_KEY does not open the stored Slack installation of workspace ${record.workspaceId}: ${why}. ` +
          'Start Paperboy with the key the workspaces were installed under; Paperboy never reads tokens any other way. ' +
          '(If that key is lost, the workspaces must install Paperboy again.)',
        { cause: err },
      );
    }
  }
  logger.info('slack: OAuth mode, installations open with PAPERBOY_SECRET_KEY', { workspaces: all.length });
  return all.length;
}
