import { describe, expect, it } from 'vitest';
import { callerTarget, parseTargetKey, targetKey } from '../../src/caller.js';
import { person } from './helpers.js';

describe('callerTarget', () => {
  it('means this channel with here, the caller otherwise', () => {
    const c = person({ platform: 'slack', workspaceId: 'T1', channelId: 'C9', userId: 'U7' });
    expect(callerTarget(c, true)).toEqual({ platform: 'slack', workspaceId: 'T1', kind: 'channel', id: 'C9' });
    expect(callerTarget(c, false)).toEqual({ platform: 'slack', workspaceId: 'T1', kind: 'user', id: 'U7' });
  });

  it('never means a DM channel itself: here in a DM is the person', () => {
    const c = person({ isDirectMessage: true, channelId: 'D1', userId: 'U7' });
    expect(callerTarget(c, true)).toMatchObject({ kind: 'user', id: 'U7' });
  });

  it('keeps one person one target across workspaces and DMs where the platform says so (Discord)', () => {
    const across = { platform: 'discord', usersAcrossWorkspaces: true };
    const inGuildA = person({ ...across, workspaceId: '111111111111111111', userId: '222222222222222222' });
    const inDm = person({ ...across, workspaceId: '', isDirectMessage: true, userId: '222222222222222222' });
    expect(targetKey(callerTarget(inGuildA, false))).toBe(targetKey(callerTarget(inDm, false)));
    expect(callerTarget(inGuildA, true).workspaceId).toBe('111111111111111111');
  });

  it('round-trips target keys, including an empty workspace', () => {
    for (const t of [
      { platform: 'discord', workspaceId: '', kind: 'user', id: '2' },
      { platform: 'slack', workspaceId: 'T1', kind: 'channel', id: 'C1' },
    ] as const)
      expect(parseTargetKey(targetKey(t))).toEqual(t);
    expect(() => parseTargetKey('nonsense')).toThrow(/not a target key/);
  });
});
