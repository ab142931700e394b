// The Discord adapter must not reach into Slack either.
import { safeText } from '../slack/escape.js'; // ✗ import-x/no-restricted-paths
import { App } from '@slack/bolt'; // ✗ import-x/no-restricted-paths
import { Client } from 'discord.js';

export const borrowed = [safeText, App, Client];
