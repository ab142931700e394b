import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LogWatcher } from './helpers.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunningPaperboy {
  child: ChildProcess;
  /** Its stderr (JSON log lines) */
  log: LogWatcher;
  stdout: () => string;
  /** Resolves with the exit code (signal deaths count as 128 + n, like a shell) */
  exited: Promise<number>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code */
  stop(graceMs?: number): Promise<number>;
}

/**
 * A real Paperboy in its own process: `node <nodeArgs> <entry> <args>` in `cwd`, with
 * only the given environment (plus PATH), the way an operator's service manager runs it.
 */
export function spawnPaperboy(o: {
  env: Record<string, string>;
  args?: string[];
  /** Default: the TypeScript entry through tsx, as `npm start` runs it */
  command?: string[];
  cwd?: string;
}): RunningPaperboy {
  const [program, ...programArgs] = o.command ?? [process.execPath, '--import', 'tsx', 'bin/paperboy.ts'];
  const child = spawn(program!, [...programArgs, ...(o.args ?? [])], {
    cwd: o.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', ...o.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const log = new LogWatcher(child.stderr!);
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15))),
  );
  return {
    child,
    log,
    stdout: () => out,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
