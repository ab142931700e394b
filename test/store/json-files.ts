import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Delivery, DigestSchedule, Subscription } from '../../src/store/store.js';

/** Every record the JSON store has written under `<file>.d/`, read straight from disk. */
export async function recordsOnDisk(
  file: string,
): Promise<{ subscriptions: Subscription[]; digests: DigestSchedule[]; deliveries: Delivery[] }> {
  const root = `${file}.d`;
  const json = async (path: string) => JSON.parse(await readFile(path, 'utf8'));
  const list = async (dir: string) =>
    (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const places = await Promise.all((await list(join(root, 'places'))).map((n) => json(join(root, 'places', n))));
  const deliveries: Delivery[] = [];
  for (const date of await readdir(join(root, 'ledger')).catch(() => [] as string[])) {
    for (const n of await list(join(root, 'ledger', date)))
      deliveries.push(...(await json(join(root, 'ledger', date, n))).deliveries);
  }
  return {
    subscriptions: places.flatMap((p) => p.subscriptions),
    digests: places.flatMap((p) => p.digests),
    deliveries: deliveries.sort((a, b) => a.listDate.localeCompare(b.listDate)),
  };
}
