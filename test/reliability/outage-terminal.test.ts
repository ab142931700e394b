import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperboyError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { networkProblem } from '../../src/net-errors.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { FakeHf } from '../papers/fake-hf.js';

// Hugging Face out of reach, as a person at the terminal meets it: one clear line that
// says what happened and how to work offline, the log kept out of the way at the level
// asked for, and every wait bounded and stated as it really was.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-outage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let hf: FakeHf;
beforeEach(async () => {
  hf = await new FakeHf().start();
});
afterEach(async () => {
  await hf.stop();
});

const rejection = async (p: Promise<unknown>): Promise<PaperboyError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as PaperboyError,
  );

/** The seconds a message says were waited: "no answer in 0.7 s" → 0.7. */
const statedSeconds = (message: string): number => Number(/ in (\d+(?:\.\d)?) s\b/.exec(message)?.[1] ?? NaN);

describe('a server that accepts connections and never answers', () => {
  it('the whole call ends by its deadline, and the message states the real total wait', async () => {
    hf.queue(...Array.from({ length: 6 }, () => ({ kind: 'hang' as const })));
    const client = new HfClient({
      baseUrl: hf.url,
      logger: new MemoryLogger(),
      timeoutMs: 200,
      totalTimeoutMs: 700,
      baseDelayMs: 100,
      random: () => 0.5,
    });
    const started = performance.now();
    const err = await rejection(client.daily({ date: '2026-08-21' }));
    const waited = (performance.now() - started) / 1000;
    expect(err.code).toBe('upstream_unavailable');
    // 3 tries as planned (200 + 50 + 200 + 100 + 150 ms); a loaded machine may fit only 2.
    expect(err.message).toMatch(/^Hugging Face isn't answering right now \(no answer in [\d.]+ s, [23] tries\)\./);
    // Truthful: the total, not the last try's 0.2 s, within rounding of what was measured.
    const stated = statedSeconds(err.message);
    expect(stated).toBeLessThanOrEqual(waited + 0.05);
    expect(stated).toBeGreaterThanOrEqual(waited - 0.25);
    expect(stated).toBeGreaterThanOrEqual(0.6);
    // (A try cut short by the deadline may end before its request reaches the server.)
    expect(hf.requests.length).toBeLessThanOrEqual(Number(/, (\d) tries/.exec(err.message)![1]));
  });

  it('a request made during the cool-down after it says when it failed, not a wait it did not make', async () => {
    let now = Date.parse('2026-08-21T12:00:00Z');
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const })));
    const api = new HfClient({ baseUrl: hf.url, logger: new MemoryLogger(), timeoutMs: 100, sleep: async () => {} });
    const source = new CachedSource({ api, logger: new MemoryLogger(), now: () => now });
    const first = await rejection(source.day('2026-08-21'));
    expect(first.message).toMatch(/no answer in [\d.]+ s, 4 tries/);
    now += 12_000;
    const second = await rejection(source.search('agents'));
    expect(second.code).toBe('upstream_unavailable');
    expect(second.message).toBe(
      "Hugging Face isn't answering right now (it failed 12 s ago; Paperboy asks again in 18 s). Try again in a minute or two.",
    );
  });
});

describe('a network that is down', () => {
  it('names what failed, for each kind of connection error', () => {
    const cases: [string, RegExp, boolean][] = [
      ['ENOTFOUND', /huggingface\.co could not be found: no network connection, or DNS is down/, true],
      ['EAI_AGAIN', /could not be found/, true],
      ['ECONNREFUSED', /huggingface\.co refused the connection/, true],
      ['ENETUNREACH', /no route to huggingface\.co: no network connection/, true],
      ['EHOSTUNREACH', /no route to/, true],
      ['ECONNRESET', /the connection to huggingface\.co broke off/, false],
      ['EWHATEVER', /the request to huggingface\.co failed/, false],
    ];
    for (const [code, text, unreachable] of cases) {
      const problem = networkProblem(
        Object.assign(new TypeError('fetch failed'), { cause: { code } }),
        'huggingface.co',
      );
      expect(problem.text, code).toMatch(text);
      expect(problem.unreachable, code).toBe(unreachable);
    }
  });

  it('a refused connection: "can\'t be reached", with the tries it took', async () => {
    const url = hf.url;
    await hf.stop();
    const client = new HfClient({ baseUrl: url, logger: new MemoryLogger(), sleep: async () => {} });
    const err = await rejection(client.search('agents'));
    expect(err.message).toMatch(
      /^Hugging Face can't be reached \(127\.0\.0\.1:\d+ refused the connection; 4 tries in [\d.]+ s\)\. Try again once the network is back\.$/,
    );
    hf = await new FakeHf().start(); // for afterEach
  });
});

/** A closed loopback port: connections are refused, as with the network down. */
async function closedPort(): Promise<string> {
  const off = await new FakeHf().start();
  const url = off.url;
  await off.stop();
  return url;
}

function run(args: string[], env: Record<string, string>, stdin?: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/paperboy.ts', ...args],
      { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

describe('the terminal when Hugging Face cannot be reached', { timeout: 90_000 }, () => {
  const commands = ['/papers today', 'search diffusion', 'paper 2608.19880'];

  it('--exec: one clear line suggesting --source sample; no log line, JSON or stack on the terminal', async () => {
    const HF_API_URL = await closedPort();
    for (const [i, command] of commands.entries()) {
      const data = join(dir, `exec-${i}`);
      const r = await run(['--exec', command], { HF_API_URL, PAPERBOY_DATA_FILE: join(data, 'store.json') });
      expect(r.code, command).toBe(1);
      expect(r.stderr, command).toBe('');
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines, command).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^✗ Hugging Face can't be reached \(127\.0\.0\.1:\d+ refused the connection; 4 tries in /,
      );
      expect(lines[0]).toMatch(/To work offline meanwhile: npm start -- --source sample$/);
      expect(r.stdout).not.toMatch(/[{}]|\bat .*\.(ts|js):\d+/);
      // The log is beside the data file, at the default level (info): the retries are in it.
      const log = readFileSync(join(data, 'paperboy.log'), 'utf8');
      expect(log).toMatch(/"level":"warn","msg":"Hugging Face request failed; retrying"/);
    }
  });

  it('the interactive prompt shows the same one line, and nothing on stderr', async () => {
    const HF_API_URL = await closedPort();
    const r = await run([], { HF_API_URL, PAPERBOY_DATA_FILE: join(dir, 'prompt', 'store.json') }, 'today\nexit\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const answer = r.stdout.split('papers> ')[1]!.trimEnd().split('\n');
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatch(/^✗ Hugging Face can't be reached .*--source sample$/);
  });

  it('LOG_LEVEL is honoured in the log file', async () => {
    const HF_API_URL = await closedPort();
    const file = join(dir, 'levels', 'errors-only.log');
    await run(['--exec', 'today'], {
      HF_API_URL,
      LOG_LEVEL: 'error',
      PAPERBOY_LOG_FILE: file,
      PAPERBOY_DATA_FILE: join(dir, 'levels', 'store.json'),
    });
    const levels = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { level: string }).level);
    expect(levels).toEqual(['error']);
  });

  it('PAPERBOY_LOG_FILE=- puts the log on stderr, at the level asked for', async () => {
    const HF_API_URL = await closedPort();
    const env = { HF_API_URL, PAPERBOY_LOG_FILE: '-', PAPERBOY_DATA_FILE: join(dir, 'stderr', 'store.json') };
    const errors = await run(['--exec', 'today'], { ...env, LOG_LEVEL: 'error' });
    const lines = errors.stderr.trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['error']);
    expect(errors.stdout.trimEnd().split('\n')).toHaveLength(1);
    const warns = await run(['--exec', 'today'], { ...env, LOG_LEVEL: 'warn' });
    expect(warns.stderr.trim().split('\n').length).toBeGreaterThan(1);
  });

  it('a log file that cannot be written stops Paperboy with a plain message, exit 2', async () => {
    const notAFolder = join(dir, 'a-file');
    writeFileSync(notAFolder, 'x');
    for (const path of [join(notAFolder, 'paperboy.log'), join(dir, 'no', 'such', 'folder', 'paperboy.log')]) {
      const r = await run(['--source', 'sample', '--exec', 'today'], {
        PAPERBOY_LOG_FILE: path,
        PAPERBOY_DATA_FILE: join(dir, 'nolog', 'store.json'),
      });
      expect(r.code, path).toBe(2);
      expect(r.stderr).toContain(`cannot write its log file ${path} (`);
      expect(r.stderr).toMatch(/set PAPERBOY_LOG_FILE to a writable path, or to - for stderr/);
      expect(r.stdout).toBe('');
    }
  });
});
