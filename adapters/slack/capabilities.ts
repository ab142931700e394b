import type { PlatformCapabilities } from '../../src/platform.js';

/** What Slack can do, as the core needs to know it (no Bolt import: listed without loading the SDK). */
export const SLACK_NAME = 'slack';

/** Said in a refusal on Slack (the core adds it): who has channel rights here, and how an operator grants them. */
export const CHANNEL_RIGHTS_NOTE =
  'on Slack, workspace admins and owners can change what a channel receives; ' +
  "Paperboy's operator can allow more people with SLACK_ADMIN_USER_IDS or SLACK_CHANNEL_CONFIG=anyone";

export const SLACK_CAPABILITIES: PlatformCapabilities = {
  commands: true,
  threads: true,
  buttons: true,
  attachments: true,
  channelRightsNote: CHANNEL_RIGHTS_NOTE,
};
