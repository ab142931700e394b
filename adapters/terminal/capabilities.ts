import type { PlatformCapabilities } from '../../src/platform.js';

/** The terminal: one person, a private "workspace" they may configure as they like. */
export const TERMINAL_NAME = 'terminal';

export const TERMINAL_CAPABILITIES: PlatformCapabilities = {
  commands: true,
  // A digest prints as a thread: the parent, then each paper indented under it.
  threads: true,
  buttons: false,
  // A long export is the text itself on stdout.
  attachments: false,
};
