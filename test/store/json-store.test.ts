import { execFileSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLogger, silentLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/index.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { migrate, type Migration } from '../../src/store/json/migrations.js';
import { StoreError } from '../../src/store/store-error.js';
import type { Store } from '../../src/store/store.js';
import { alice, general, schedule, storeContract, subscription } from './store.contract.js';
import { recordsOnDisk } from './json-files.js';

let contractDir = '';
storeContract('JSON files (lowdb, locked)', {
  open: async () => {
    contractDir = await mkdtemp(join(tmpdir(), 'paperboy-store-contract-'));
    return openJsonStore({ file: join(contractDir, 'paperboy.json'), logger: silentLogger });
  },
  // A second store on the same files: its own caches and queues, as another process has.
  twin: () => openJsonStore({ file: join(contractDir, 'paperboy.json'), logger: silentLogger }),
  cleanup: () => rm(contractDir, { recursive: true, force: true }),
});

const fixedNow = () => new Date('2026-11-27T15:00:00.123Z');

async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/**
 * Make a path read-only for real. We may run as root, which ignores mode bits, so use
 * the immutable attribute there. Returns undefined when neither works here.
 */
async function makeReadOnly(path: string, probe: () => Promise<unknown>): Promise<(() => Promise<void>) | undefined> {
  let undo: () => Promise<void>;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    } catch {
      return undefined;
    }
    undo = async () => void execFileSync('chattr', ['-i', path], { stdio: 'ignore' });
  } else {
    const mode = (await stat(path)).mode & 0o777;
    await chmod(path, mode & ~0o222);
    undo = () => chmod(path, mode);
  }
  try {
    await probe();
  } catch {
    return undo; // the probe write failed: really read-only
  }
  await undo();
  return undefined;
}

describe('lowdb store on disk', () => {
  let dir: string;
  let file: string;
  let undoReadOnly: (() => Promise<void>) | undefined;
  let open: Store[] = [];
  const openHere = async (logger = silentLogger) => {
    const store = await openJsonStore({ file, logger, now: fixedNow });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-store-'));
    file = join(dir, 'paperboy.json');
    open = [];
  });
  afterEach(async () => {
    for (const s of open) await s.close();
    await undoReadOnly?.();
    undoReadOnly = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  describe('a good file', () => {
    const lease = { owner: 'me', now: fixedNow(), ms: 60_000 };

    it('creates the directory, the manifest and the records directory on first open', async () => {
      file = join(dir, 'nested', 'deeper', 'paperboy.json');
      await openHere();
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 2, layout: 'buckets', buckets: 32 });
      expect((await readdir(`${file}.d`)).sort()).toEqual(['ledger', 'once', 'places']);
    });

    it('has each change on disk by the time its promise resolves, without closing', async () => {
      const store = await openHere();
      await store.subscriptions.add(subscription('s1', alice, 'grokking'), 25);
      const { row } = await store.deliveries.claim(general, '2026-11-26', lease);
      await store.deliveries.update({ ...row, state: 'done' }, lease);
      const onDisk = await recordsOnDisk(file);
      expect(onDisk.subscriptions).toEqual([subscription('s1', alice, 'grokking')]);
      expect(onDisk.deliveries.map((d) => [d.listDate, d.state])).toEqual([['2026-11-26', 'done']]);
    });

    it('keeps everything across a close and reopen', async () => {
      const first = await openHere();
      await first.subscriptions.add(subscription('s1', alice, 'grokking'), 25);
      await first.digests.put(schedule(general));
      const { row } = await first.deliveries.claim(general, '2026-11-26', lease);
      await first.close();
      const second = await openHere();
      expect(await second.subscriptions.list()).toEqual([subscription('s1', alice, 'grokking')]);
      expect(await second.digests.get(general)).toEqual(schedule(general));
      expect(await second.deliveries.get(general, '2026-11-26')).toEqual(row);
    });

    it('writes every one of many concurrent changes to disk, in few writes', async () => {
      const store = await openHere();
      const ids = Array.from({ length: 25 }, (_, i) => `c${i}`);
      await Promise.all([
        ...ids.map((id) => store.subscriptions.add(subscription(id, alice), 100)),
        ...ids.map((_, i) => store.deliveries.claim(general, `2026-09-${String(i + 1).padStart(2, '0')}`, lease)),
      ]);
      const onDisk = await recordsOnDisk(file);
      expect(onDisk.subscriptions).toHaveLength(25);
      expect(onDisk.deliveries).toHaveLength(25);
    });

    it('openStore uses config.dataFile', async () => {
      file = join(dir, 'from-config', 'data.json');
      open.push(await openStore({ dataFile: file }, silentLogger));
      expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(2);
    });

    it('a symlinked data file stays a symlink; the records live beside its target', async () => {
      const realDir = join(dir, 'volume');
      await mkdir(realDir);
      await writeFile(
        join(realDir, 'real.json'),
        JSON.stringify({ version: 1, subscriptions: [subscription('old', alice)], digests: [], deliveries: [] }),
      );
      await symlink(join(realDir, 'real.json'), file);
      const store = await openHere();
      await store.subscriptions.add(subscription('new', alice), 25);
      expect((await lstat(file)).isSymbolicLink()).toBe(true);
      expect(JSON.parse(await readFile(join(realDir, 'real.json'), 'utf8')).version).toBe(2);
      expect((await recordsOnDisk(join(realDir, 'real.json'))).subscriptions.map((s) => s.id).sort()).toEqual([
        'new',
        'old',
      ]);
      expect(await readdir(dir)).toEqual(['paperboy.json', 'volume']);
    });

    it('refuses a damaged records file at start, naming it, and leaves it alone', async () => {
      const store = await openHere();
      await store.digests.put(schedule(general));
      await store.close();
      const damaged = (await readdir(join(`${file}.d`, 'places')))[0]!;
      const path = join(`${file}.d`, 'places', damaged);
      await writeFile(path, '{"subscriptions": [');
      const error = await refusal(openHere());
      expect(error.code).toBe('store_corrupt');
      expect(error.file).toBe(path);
      expect(error.message).toContain(`mv ${path} ${path}.broken`);
      expect(await readFile(path, 'utf8')).toBe('{"subscriptions": [');
    });
  });

  describe('a file it cannot trust: refuses to start and leaves the bytes alone', () => {
    const valid = JSON.stringify(
      { version: 1, subscriptions: [subscription('s1', alice)], digests: [], deliveries: [] },
      null,
      2,
    );
    const cases: [string, string, string][] = [
      ['an empty file', '', 'store_empty'],
      ['a file of whitespace', '\n  \n', 'store_empty'],
      ['a truncated file', valid.slice(0, Math.floor(valid.length / 2)), 'store_corrupt'],
      ['garbage', '\u0000\u0001PK\u0003\u0004', 'store_corrupt'],
      ['a JSON array', '[]', 'store_invalid'],
      ['JSON null', 'null', 'store_invalid'],
      ['a record of the wrong shape', valid.replace('"user"', '"team"'), 'store_invalid'],
      ['a missing collection', JSON.stringify({ version: 1, subscriptions: [] }), 'store_invalid'],
      ['a bad version', JSON.stringify({ version: 'one', subscriptions: [] }), 'store_invalid'],
      ['a newer version', JSON.stringify({ version: 3, layout: 'shards', future: true }), 'store_newer_version'],
    ];
    for (const [name, content, code] of cases) {
      it(`${name} → ${code}`, async () => {
        await writeFile(file, content);
        const error = await refusal(openHere());
        expect(error.code).toBe(code);
        expect(error.file).toBe(file);
        expect(error.message).toContain(file);
        expect(await readFile(file, 'utf8')).toBe(content);
        expect(await readdir(dir)).toEqual(['paperboy.json']);
      });
    }

    it('says how to recover, naming the newest backup when there is one', async () => {
      await writeFile(file, '{"version": 1, "subscr');
      const none = await refusal(openHere());
      expect(none.message).toMatch(/has not changed the file/);
      expect(none.message).toContain(`mv ${file} ${file}.broken`);
      await writeFile(`${file}.bak-0-20261101T000000Z`, '{}');
      await writeFile(`${file}.bak-0-20261120T000000Z`, '{}');
      const withBackup = await refusal(openHere());
      expect(withBackup.message).toContain(`cp ${file}.bak-0-20261120T000000Z ${file}`);
    });

    it('reports where the content is invalid', async () => {
      await writeFile(file, valid.replace('"user"', '"team"'));
      expect((await refusal(openHere())).message).toContain('subscriptions.0.target.kind');
    });

    it('a directory where the file should be → store_unreadable', async () => {
      await mkdir(file);
      expect((await refusal(openHere())).code).toBe('store_unreadable');
    });
  });

  describe('read-only places', () => {
    it('a read-only directory → store_read_only, file untouched', async (ctx) => {
      const content = JSON.stringify({ version: 1, subscriptions: [], digests: [], deliveries: [] });
      await writeFile(file, content);
      undoReadOnly = await makeReadOnly(dir, () => writeFile(join(dir, 'probe'), 'x'));
      if (!undoReadOnly) return ctx.skip('cannot make a directory read-only here');
      const error = await refusal(openHere());
      expect(error.code).toBe('store_read_only');
      expect(error.message).toMatch(/read-only/);
      expect(await readFile(file, 'utf8')).toBe(content);
    });

    it('a read-only file → store_read_only, file untouched', async (ctx) => {
      const content = JSON.stringify({ version: 1, subscriptions: [], digests: [], deliveries: [] });
      await writeFile(file, content);
      undoReadOnly = await makeReadOnly(file, () => writeFile(file, content + ' '));
      if (!undoReadOnly) return ctx.skip('cannot make a file read-only here');
      expect((await refusal(openHere())).code).toBe('store_read_only');
      expect(await readFile(file, 'utf8')).toBe(content);
    });

    it('a failed write rejects with store_write_failed and changes nothing', async (ctx) => {
      const store = await openHere();
      await store.subscriptions.add(subscription('kept', alice), 25);
      // alice and general share no bucket file: make both of their directories read-only.
      const places = join(`${file}.d`, 'places');
      const before = await recordsOnDisk(file);
      undoReadOnly = await makeReadOnly(places, () => writeFile(join(places, 'probe'), 'x'));
      if (!undoReadOnly) return ctx.skip('cannot make a directory read-only here');
      expect((await refusal(store.subscriptions.add(subscription('lost', alice), 25))).code).toBe('store_write_failed');
      // Changes written together fail together.
      const group = await Promise.allSettled([
        store.subscriptions.add(subscription('lost2', alice), 25),
        store.digests.put(schedule(alice)),
      ]);
      expect(group.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(await store.digests.list()).toEqual([]);
      expect((await store.subscriptions.list()).map((s) => s.id)).toEqual(['kept']);
      expect(await recordsOnDisk(file)).toEqual(before);
      await undoReadOnly();
      undoReadOnly = undefined;
      await store.subscriptions.add(subscription('later', alice), 25); // the queue is not stuck
      expect((await recordsOnDisk(file)).subscriptions.map((s) => s.id)).toEqual(['kept', 'later']);
    });
  });

  describe('migrations', () => {
    // The unversioned layout: targets as key strings, no digests or ledger.
    const v0 = JSON.stringify({
      subscriptions: [
        {
          id: 'old1',
          targetKey: 'discord:111111111111111111:user:222222222222222222',
          topic: 'grokking',
          createdBy: 'U1',
          createdAt: '2026-01-01T00:00:00.000Z',
        },
        {
          id: 'old2',
          targetKey: 'slack:T1:channel:C1',
          topic: '"in-context learning" OR ICL',
          createdBy: 'U2',
          createdAt: '2026-01-02T00:00:00.000Z',
        },
      ],
    });

    it('migrates a v0 file to the bucketed layout after keeping a byte-exact backup', async () => {
      await writeFile(file, v0);
      const logger = new MemoryLogger();
      const store = await openHere(logger);
      const backup = `${file}.bak-0-20261127T150000Z`;
      expect(await readFile(backup, 'utf8')).toBe(v0);
      const oldAlice = { ...alice, workspaceId: '111111111111111111' };
      expect(await store.subscriptions.list(oldAlice)).toEqual([
        { ...subscription('old1', oldAlice, 'grokking'), createdAt: '2026-01-01T00:00:00.000Z' },
      ]);
      expect(
        (await store.subscriptions.list({ platform: 'slack', workspaceId: 'T1', kind: 'channel', id: 'C1' }))[0]!.topic,
      ).toBe('"in-context learning" OR ICL');
      expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(2);
      expect((await recordsOnDisk(file)).digests).toEqual([]);
      expect(logger.entries.some((e) => e.msg === 'store: migrated data file' && e.fields?.backup === backup)).toBe(
        true,
      );
      await store.close();
      await openHere(); // reopening a migrated file makes no second backup
      expect((await readdir(dir)).filter((n) => n.includes('.bak-'))).toEqual(['paperboy.json.bak-0-20261127T150000Z']);
    });

    it('refuses a v0 file that does not migrate to a valid v1, leaving it unchanged', async () => {
      const bad = JSON.stringify({
        subscriptions: [{ id: 'x', targetKey: 'not a key', topic: 't', createdBy: 'U', createdAt: 'now' }],
      });
      await writeFile(file, bad);
      const error = await refusal(openHere());
      expect(error.code).toBe('store_invalid');
      expect(error.message).toContain('schema version 0');
      expect(await readFile(file, 'utf8')).toBe(bad);
    });

    it.each([
      ["another program's file", JSON.stringify({ name: 'my-other-app', settings: {} })],
      ['an empty object', '{}'],
      ['a v0-like file with foreign keys', JSON.stringify({ subscriptions: [], users: [] })],
    ])('refuses %s instead of migrating it, leaving it unchanged', async (_what, text) => {
      await writeFile(file, text);
      const error = await refusal(openHere());
      expect(error.code).toBe('store_invalid');
      expect(error.message).toContain('does not look like a Paperboy data file');
      expect(error.message).toContain(file);
      expect(await readFile(file, 'utf8')).toBe(text);
      expect((await readdir(dir)).filter((n) => n.includes('.bak-'))).toEqual([]);
    });

    it('chains steps in order and fails loudly when one is missing', () => {
      const steps: Migration[] = [
        { from: 0, describe: 'tag', up: (d) => ({ ...d, seen: [...((d.seen as string[]) ?? []), 'v0→v1'] }) },
      ];
      expect(migrate({}, 0, steps)).toEqual({ seen: ['v0→v1'] });
      expect(migrate({ version: 1 }, 1, steps)).toEqual({ version: 1 });
      expect(() => migrate({}, 0, [])).toThrow(/no migration from schema version 0/);
    });
  });
});
