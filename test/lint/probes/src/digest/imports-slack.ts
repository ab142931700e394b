// A core file one folder down is core too: no platform SDK, adapter or command.
import type { WebClient } from '@slack/web-api'; // ✗ import-x/no-restricted-paths
import { createSlackSink } from '../../adapters/slack/sink.js'; // ✗ import-x/no-restricted-paths
import { digest } from '../../commands/digest.js'; // ✗ import-x/no-restricted-paths
import { createDigestService } from './service.js';

export type Uses = WebClient;
export const borrowed = [createSlackSink, digest, createDigestService];
