import type { App } from '@slack/bolt';
import { errorFields, type Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';
import { pauseWorkspace } from '../../src/workspaces.js';
import { PLATFORM } from './installations.js';

/**
 * The app leaving a workspace (OAuth mode): `app_uninstalled`, or `tokens_revoked` naming
 * a bot token. Its installation is removed (the token is dead anyway) and its digests
 * switched off; subscriptions and digest settings are kept, so a reinstall resumes them
 * (src/workspaces.ts). Bolt delivers both events without authorising them first: there
 * is no token left to authorise with.
 */
export interface WorkspaceEventDeps {
  store: Store;
  logger: Logger;
  now: () => Date;
}

export function registerWorkspaceEvents(app: App, deps: WorkspaceEventDeps): void {
  app.event('app_uninstalled', async ({ context, body }) => {
    await leave(deps, context.teamId ?? body.team_id, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, context, body }) => {
    // User tokens alone do not matter: Paperboy works with the bot token only.
    if (!event.tokens.bot?.length) return;
    await leave(deps, context.teamId ?? body.team_id, 'tokens_revoked');
  });
}

async function leave(deps: WorkspaceEventDeps, workspaceId: string | undefined, why: string): Promise<void> {
  if (!workspaceId) {
    deps.logger.warn('slack: a workspace event came without a team id; ignored', { why });
    return;
  }
  try {
    const removed = await deps.store.installations.remove(PLATFORM, workspaceId);
    await pauseWorkspace(deps, PLATFORM, workspaceId, `Slack sent ${why}`);
    deps.logger.info('slack: left a workspace', { workspaceId, why, hadInstallation: removed });
  } catch (err) {
    // Slack does not resend events we acked; the next digest then finds the token refused.
    deps.logger.error('slack: could not record leaving a workspace', { workspaceId, why, ...errorFields(err) });
  }
}
