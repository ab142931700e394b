import { describe, expect, it } from 'vitest';
import { AlertMatcher } from '../../src/alerts/matcher.js';
import { inQuietHours, parseQuietHours } from '../../src/alerts/settings.js';
import { MemoryLogger } from '../../src/logger.js';
import { sampleById } from '../topics/helpers.js';
import { alertFor, place } from './helpers.js';

describe('quiet hours', () => {
  it('reads HH:MM-HH:MM (an en dash and single-digit hours too) and refuses what is not a range', () => {
    expect(parseQuietHours('22:00-08:00')).toEqual({ from: '22:00', to: '08:00' });
    expect(parseQuietHours(' 7:30–9:00 ')).toEqual({ from: '07:30', to: '09:00' });
    for (const bad of ['22-8', '22:00', '24:00-08:00', '22:00-08:60', 'night']) {
      expect(() => parseQuietHours(bad)).toThrow(/is not a range of hours\. Use quiet=HH:MM-HH:MM/);
    }
    expect(() => parseQuietHours('08:00-08:00')).toThrow(/starts and ends at the same time/);
  });

  it('wraps midnight, in the alert’s zone, DST included', () => {
    const night = { from: '22:00', to: '08:00' };
    const at = (iso: string) => inQuietHours(night, 'Europe/Berlin', new Date(iso));
    expect(at('2026-08-21T19:59:00Z')).toBe(false); // 21:59 CEST
    expect(at('2026-08-21T20:00:00Z')).toBe(true); // 22:00
    expect(at('2026-08-22T05:59:00Z')).toBe(true); // 07:59
    expect(at('2026-08-22T06:00:00Z')).toBe(false); // 08:00
    expect(inQuietHours(night, 'Europe/Berlin', new Date('2026-12-01T06:30:00Z'))).toBe(true); // 07:30 CET
    expect(inQuietHours({ from: '12:00', to: '13:00' }, 'UTC', new Date('2026-08-21T12:30:00Z'))).toBe(true);
    expect(inQuietHours(undefined, 'UTC', new Date())).toBe(false);
  });
});

describe('AlertMatcher', () => {
  it('matches through one TopicIndex, rebuilt only when the alerts change', () => {
    const matcher = new AlertMatcher(new MemoryLogger());
    const paper = sampleById('2405.15071');
    const a = alertFor('a', place('x'), 'grokked');
    const b = alertFor('b', place('y'), '"implicit reasoners"');
    expect(matcher.match([a], [paper]).map((h) => h.alert.id)).toEqual(['a']);
    expect(matcher.rebuilt).toBe(true);
    expect(matcher.match([a], [paper])).toHaveLength(1);
    expect(matcher.rebuilt).toBe(false);
    expect(matcher.match([a, b], [paper]).map((h) => h.alert.id)).toEqual(['a', 'b']);
    expect(matcher.rebuilt).toBe(true);
    // A changed setting is read from the current record without a rebuild.
    expect(matcher.match([{ ...a, minUpvotes: 99 }, b], [paper])[0]!.alert.minUpvotes).toBe(99);
    expect(matcher.rebuilt).toBe(false);
  });

  it('skips a stored topic that no longer compiles, logging it once', () => {
    const logger = new MemoryLogger();
    const matcher = new AlertMatcher(logger);
    const broken = alertFor('bad', place('x'), '"unbalanced');
    const paper = sampleById('2405.15071');
    expect(matcher.match([broken, alertFor('ok', place('x'), 'grokked')], [paper]).map((h) => h.alert.id)).toEqual([
      'ok',
    ]);
    matcher.match([broken], [paper]);
    expect(logger.entries.filter((e) => e.msg.includes('does not compile'))).toHaveLength(1);
  });
});
