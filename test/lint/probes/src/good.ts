// What the core may use: storage, scheduling, validation and Node, and process outside env.
import { readFile } from 'node:fs/promises';
import { Low } from 'lowdb';
import { schedule } from 'node-cron';
import { z } from 'zod';
import { createStreamLogger } from './logger.js';

export const logger = createStreamLogger('warn', (line) => process.stderr.write(line));
export const args = process.argv.slice(2);
export const gc = (globalThis as { gc?: () => void }).gc;
export const uses = [Low, schedule, z.string()];

export async function load(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

export function onStop(stop: () => Promise<void>): void {
  process.once('SIGTERM', () => {
    // Fire and forget is the point here; the failure is logged.
    void stop().catch((err: unknown) => logger.warn('stop failed', { err: String(err) }));
  });
}
