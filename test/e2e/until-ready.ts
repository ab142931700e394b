import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with a spawned Paperboy instance once it prints READY; rejects with the tail
 * of what it printed when it exits first (the bench's instances use it too).
 */
export function untilReady(child: ChildProcess, tailChars = 2000): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      reject(new Error(`instance exited (${code}) before it was ready: ${out.slice(-tailChars)}`)),
    );
  });
}
