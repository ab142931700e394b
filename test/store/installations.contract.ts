import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config.js';
import { sealerFrom } from '../../src/sealed.js';
import type { Installation } from '../../src/store/store.js';
import { rejectsWith, type Stores } from './contract-fixtures.js';

/** The installations repository, as every engine must keep it (run from store.contract.ts). */
const sealer = sealerFrom(new Secret('contract-secret-key-0123456789abcdef-xyz'));

export const installation = (
  workspaceId: string,
  token = `xoxb-${workspaceId}-token`,
  at = '2026-12-01T10:00:00.000Z',
): Installation => ({
  platform: 'slack',
  workspaceId,
  sealed: sealer.seal(JSON.stringify({ bot: { token } }), `slack:${workspaceId}`),
  installedBy: 'U0INSTALLER',
  installedAt: at,
});

export function installationCases(s: Stores): void {
  describe('installations', () => {
    it('keeps one installation per workspace, and a reinstall replaces it', async () => {
      await s.store.installations.put(installation('T1', 'xoxb-first'));
      await s.other.installations.put(installation('T1', 'xoxb-second', '2026-12-02T10:00:00.000Z'));
      const got = await s.store.installations.get('slack', 'T1');
      expect(JSON.parse(sealer.open(got!.sealed, 'slack:T1')).bot.token).toBe('xoxb-second');
      expect(await s.store.installations.list('slack')).toHaveLength(1);
    });

    it('tells workspaces and platforms apart, and lists one platform oldest first', async () => {
      await s.store.installations.put(installation('T2', undefined, '2026-12-02T00:00:00.000Z'));
      await s.store.installations.put(installation('T1', undefined, '2026-12-01T00:00:00.000Z'));
      await s.store.installations.put({ ...installation('T1'), platform: 'teams' });
      expect((await s.other.installations.list('slack')).map((i) => i.workspaceId)).toEqual(['T1', 'T2']);
      expect(await s.store.installations.get('slack', 'T3')).toBeUndefined();
      expect((await s.store.installations.get('teams', 'T1'))?.platform).toBe('teams');
    });

    it('removes one workspace only, and says whether there was one', async () => {
      await s.store.installations.put(installation('T1'));
      await s.store.installations.put(installation('T2'));
      expect(await s.other.installations.remove('slack', 'T1')).toBe(true);
      expect(await s.store.installations.remove('slack', 'T1')).toBe(false);
      expect(await s.store.installations.get('slack', 'T1')).toBeUndefined();
      expect((await s.store.installations.list('slack')).map((i) => i.workspaceId)).toEqual(['T2']);
    });

    it('refuses a record whose platform data is not sealed', async () => {
      await rejectsWith(
        s.store.installations.put({ ...installation('T1'), sealed: '{"bot":{"token":"xoxb-plain"}}' }),
        'invalid_record',
      );
      await rejectsWith(s.store.installations.put({ ...installation(''), workspaceId: '' }), 'invalid_record');
      expect(await s.store.installations.list('slack')).toEqual([]);
    });

    it('copies values in and out: changing a returned record changes nothing stored', async () => {
      await s.store.installations.put(installation('T1'));
      const got = (await s.store.installations.get('slack', 'T1'))!;
      got.installedBy = 'UCHANGED';
      expect((await s.store.installations.get('slack', 'T1'))!.installedBy).toBe('U0INSTALLER');
    });
  });
}
