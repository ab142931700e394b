import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * CI has no Docker engine, so this replays the Dockerfile on the host: each stage gets
 * a directory standing for its filesystem, COPY copies into it, RUN runs the same
 * command in its WORKDIR, ENV accumulates, and the runtime stage's CMD and HEALTHCHECK
 * are what the test then starts. Only the instructions below are understood; anything
 * else fails the test, so the Dockerfile cannot drift from what CI exercises.
 *
 * Two RUN lines are not replayed verbatim, each for a stated reason:
 * - the build stage's full `npm ci`: satisfied by linking the checkout's node_modules,
 *   which CI installed with exactly `npm ci` from the same package-lock.json;
 * - `mkdir -p /data && chown node:node /data`: it shapes the image's own filesystem
 *   (absolute paths, the image's `node` user) and means nothing on the host.
 * The runtime stage's `npm ci --omit=dev` runs for real, offline from npm's cache.
 */

export type Instruction =
  | { kind: 'FROM'; image: string; stage: string }
  | { kind: 'WORKDIR'; path: string }
  | { kind: 'COPY'; from?: string; sources: string[]; dest: string }
  | { kind: 'RUN'; command: string }
  | { kind: 'ENV'; vars: Record<string, string> }
  | { kind: 'USER'; user: string }
  | { kind: 'VOLUME' | 'EXPOSE'; value: string }
  | { kind: 'HEALTHCHECK'; options: Record<string, string>; command: string[] }
  | { kind: 'CMD'; command: string[] };

export const IMAGE_SETUP_RUN_LINES = ['mkdir -p /data && chown node:node /data'];

/** Dockerfile text → instructions, failing on anything this replay does not understand. */
export function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  return logical.map((line) => {
    const [, keyword, rest = ''] = /^(\S+)\s*(.*)$/.exec(line)!;
    switch (keyword) {
      case 'FROM': {
        const m = /^(\S+)\s+AS\s+(\S+)$/i.exec(rest);
        if (!m) throw new Error(`FROM needs "image AS name": ${line}`);
        return { kind: 'FROM', image: m[1]!, stage: m[2]! };
      }
      case 'WORKDIR':
        return { kind: 'WORKDIR', path: rest };
      case 'COPY': {
        const words = rest.split(/\s+/);
        let from: string | undefined;
        while (words[0]?.startsWith('--')) {
          const option = words.shift()!;
          if (option.startsWith('--from=')) from = option.slice('--from='.length);
          else if (!option.startsWith('--chown=')) throw new Error(`COPY option not replayed: ${option}`);
        }
        if (words.length < 2) throw new Error(`COPY needs a source and a destination: ${line}`);
        return { kind: 'COPY', ...(from ? { from } : {}), sources: words.slice(0, -1), dest: words.at(-1)! };
      }
      case 'RUN':
        // BuildKit cache mounts only keep npm's download cache out of the image.
        return { kind: 'RUN', command: rest.replace(/^(--mount=\S+\s+)+/, '') };
      case 'ENV': {
        const vars: Record<string, string> = {};
        for (const pair of rest.split(/\s+/)) {
          const m = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(pair);
          if (!m) throw new Error(`ENV must be KEY=value pairs without quotes: ${line}`);
          vars[m[1]!] = m[2]!;
        }
        return { kind: 'ENV', vars };
      }
      case 'USER':
        return { kind: 'USER', user: rest };
      case 'VOLUME':
      case 'EXPOSE':
        return { kind: keyword, value: rest };
      case 'HEALTHCHECK': {
        const m = /^((?:--\S+\s+)*)CMD\s+(\[.*\])$/.exec(rest);
        if (!m) throw new Error(`HEALTHCHECK must be [options] CMD ["exec", "form"]: ${line}`);
        const options = Object.fromEntries(
          m[1]!
            .trim()
            .split(/\s+/)
            .filter(Boolean)
            .map((o) => o.slice(2).split('=') as [string, string]),
        );
        return { kind: 'HEALTHCHECK', options, command: JSON.parse(m[2]!) as string[] };
      }
      case 'CMD':
        if (!rest.startsWith('[')) throw new Error(`CMD must be the exec form (a JSON array): ${line}`);
        return { kind: 'CMD', command: JSON.parse(rest) as string[] };
      default:
        throw new Error(`the CI replay does not know ${keyword}: ${line}`);
    }
  });
}

export interface Stage {
  name: string;
  /** The directory standing for the stage's "/" */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  run: string[];
  healthcheck?: { options: Record<string, string>; command: string[] };
  cmd?: string[];
}

const sh = (command: string, cwd: string, env: Record<string, string>): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { cwd, env, timeout: 240_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`RUN ${command} failed (${err.message}):\n${stdout}\n${stderr}`)) : resolve(),
    );
  });

/** Replay every stage into `out/<stage>`; resolves with the stages by name. */
export async function replay(
  instructions: Instruction[],
  o: { context: string; out: string; nodeModules: string },
): Promise<Map<string, Stage>> {
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  const inStage = (s: Stage, path: string): string => join(s.root, path.startsWith('/') ? path : join(s.workdir, path));
  for (const ins of instructions) {
    if (ins.kind === 'FROM') {
      stage = { name: ins.stage, root: join(o.out, ins.stage), workdir: '/', env: {}, run: [] };
      mkdirSync(stage.root, { recursive: true });
      stages.set(ins.stage, stage);
      continue;
    }
    if (!stage) throw new Error('the Dockerfile must start with FROM');
    const s = stage;
    switch (ins.kind) {
      case 'WORKDIR':
        s.workdir = ins.path;
        mkdirSync(inStage(s, '.'), { recursive: true });
        break;
      case 'COPY': {
        const from = ins.from ? stages.get(ins.from) : undefined;
        if (ins.from && !from) throw new Error(`COPY --from=${ins.from}: no such stage`);
        const intoDir = ins.dest.endsWith('/') || ins.sources.length > 1;
        for (const src of ins.sources) {
          const source = from ? inStage(from, src) : join(o.context, src);
          if (!existsSync(source)) throw new Error(`COPY ${src}: not found`);
          const target = intoDir ? join(inStage(s, ins.dest), src.split('/').at(-1)!) : inStage(s, ins.dest);
          mkdirSync(dirname(target), { recursive: true });
          cpSync(source, target, { recursive: true });
        }
        break;
      }
      case 'ENV':
        Object.assign(s.env, ins.vars);
        break;
      case 'USER':
        s.user = ins.user;
        break;
      case 'RUN': {
        s.run.push(ins.command);
        const cwd = inStage(s, '.');
        if (IMAGE_SETUP_RUN_LINES.includes(ins.command)) break;
        if (/^npm ci\b/.test(ins.command) && !ins.command.includes('--omit=dev')) {
          symlinkSync(o.nodeModules, join(cwd, 'node_modules'), 'dir');
          break;
        }
        if (!/^npm (ci --omit=dev|run build)\b/.test(ins.command))
          throw new Error(`the CI replay does not know this RUN line: ${ins.command}`);
        // Offline: npm's cache, filled by CI's own `npm ci`, has every package (no network in tests).
        await sh(ins.command, cwd, {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...s.env,
          npm_config_offline: 'true',
        });
        break;
      }
      case 'HEALTHCHECK':
        s.healthcheck = { options: ins.options, command: ins.command };
        break;
      case 'CMD':
        s.cmd = ins.command;
        break;
      case 'VOLUME':
      case 'EXPOSE':
        break;
    }
  }
  return stages;
}
