import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { chatInput, FAKE_APP_ID } from '../fakes/discord/payloads.js';
import { ROOT, spawnPaperboy } from '../ops/child.js';
import { get, until } from '../ops/helpers.js';
import { IMAGE_SETUP_RUN_LINES, parseDockerfile, replay, type Stage } from './dockerfile.js';

/**
 * The Dockerfile, replayed without Docker (see dockerfile.ts): its build (`npm run
 * build`, tsc to dist/), its runtime install (`npm ci --omit=dev`), then its CMD with its
 * ENV — the compiled terminal and the platform service — and its HEALTHCHECK.
 */
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const out = mkdtempSync(join(tmpdir(), 'paperboy-image-'));

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

function run(command: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command[0]!, command.slice(1), { cwd, env, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the Dockerfile, replayed the way CI can (no Docker engine)', () => {
  let runtime: Stage;
  let app: string;

  beforeAll(async () => {
    const stages = await replay(parseDockerfile(dockerfile), {
      context: ROOT,
      out,
      nodeModules: join(ROOT, 'node_modules'),
    });
    runtime = [...stages.values()].at(-1)!;
    app = join(runtime.root, runtime.workdir);
  }, 420_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds with npm run build and installs runtime dependencies only, as a non-root user with NODE_ENV=production', () => {
    const [build] = parseDockerfile(dockerfile).filter((i) => i.kind === 'FROM');
    expect(build).toMatchObject({ kind: 'FROM', stage: 'build' });
    expect(runtime.name).toBe('runtime');
    expect(runtime.env.NODE_ENV).toBe('production');
    expect(runtime.user).toBe('node');
    expect(runtime.run.filter((r) => !IMAGE_SETUP_RUN_LINES.includes(r))).toEqual([
      'npm ci --omit=dev --no-audit --no-fund',
    ]);
    expect(existsSync(join(app, 'dist/bin/paperboy.js'))).toBe(true);
    // No TypeScript at start: neither the compiler nor tsx is in the image.
    for (const dev of ['typescript', 'tsx', 'vitest', 'eslint'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    for (const dep of ['discord.js', '@slack/bolt', 'prom-client'])
      expect(existsSync(join(app, 'node_modules', dep)), dep).toBe(true);
    expect(runtime.cmd).toEqual(['node', 'dist/bin/paperboy.js']);
  });

  it('runs the compiled terminal with plain node: --source sample --exec "/papers today"', async () => {
    const r = await run([...runtime.cmd!, '--source', 'sample', '--exec', '/papers today'], app, {
      PATH: process.env.PATH ?? '',
      ...runtime.env,
      PAPERBOY_DATA_FILE: join(out, 'exec.json'),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Daily Papers · Fri 21 Aug 2026\b/);
    expect(r.stdout).toMatch(/1\. EnvHarness: Awakening Static Worlds for Agent Learning/);
    expect(r.stdout).toMatch(/Page 1 of 2 \(17 papers\)/);
    // The bundled sample is found from dist/ too, whatever the working directory.
    const elsewhere = await run(
      ['node', join(app, 'dist/bin/paperboy.js'), '--source', 'sample', '--exec', 'paper 2608.19880'],
      tmpdir(),
      { PATH: process.env.PATH ?? '', ...runtime.env, PAPERBOY_DATA_FILE: join(out, 'exec2.json') },
    );
    expect(elsewhere.stdout).toMatch(/^Paper 2608.19880\n/);
    expect(elsewhere.stdout).toContain('EnvHarness: Awakening Static Worlds');
  });

  it('starts the CMD with the image ENV on Discord: /readyz answers 200, the HEALTHCHECK passes, it answers and stops on SIGTERM', async () => {
    const fake = await FakeDiscord.start({ acceptToken: 'image-token' });
    const port = await freePort();
    // What `docker run -e …` adds to the image's ENV.
    const env = {
      ...runtime.env,
      PAPERBOY_HTTP_PORT: String(port),
      PAPERBOY_DATA_FILE: join(out, 'service.json'),
      PAPERBOY_SOURCE: 'sample',
      DISCORD_TOKEN: 'image-token',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: fake.apiUrl,
    };
    const paperboy = spawnPaperboy({ command: runtime.cmd!, cwd: app, env });
    try {
      const ready = await until(async () => {
        const r = await get(`http://127.0.0.1:${port}/readyz`);
        return r.status === 200 ? r : undefined;
      }, '/readyz 200 from the image CMD');
      expect(JSON.parse(ready.text).components.discord.status).toBe('up');
      const health = await run(runtime.healthcheck!.command, app, { PATH: process.env.PATH ?? '', ...env });
      expect(health.code).toBe(0);
      expect(runtime.healthcheck!.options).toMatchObject({ interval: '30s', timeout: '5s' });

      const payload = chatInput('papers', 'help', [], { user: { id: '900000000000000901', username: 'op' } });
      fake.interact(payload);
      await until(() => fake.callsFor(payload).length > 0, 'an answer from the image');
    } finally {
      expect(await paperboy.stop()).toBe(0);
      await fake.close();
    }
    // Once stopped, the same HEALTHCHECK fails: it is not a check that always passes.
    const after = await run(runtime.healthcheck!.command, app, { PATH: process.env.PATH ?? '', ...env });
    expect(after.code).not.toBe(0);
  });
});
