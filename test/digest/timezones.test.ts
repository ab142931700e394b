import { describe, expect, it } from 'vitest';
import { checkZone, editDistance } from '../../src/digest/timezones.js';
import { parseClock } from '../../src/digest/zoned.js';

describe('time zone and clock checks', () => {
  it('accepts IANA names and aliases in their canonical spelling', () => {
    expect(checkZone('Europe/Berlin')).toEqual({ ok: true, zone: 'Europe/Berlin' });
    expect(checkZone('europe/berlin')).toEqual({ ok: true, zone: 'Europe/Berlin' });
    expect(checkZone('UTC')).toMatchObject({ ok: true });
    expect(checkZone('America/New_York')).toEqual({ ok: true, zone: 'America/New_York' });
  });

  it('suggests the nearest zone for a typo', () => {
    expect(checkZone('Europe/Berln')).toEqual({
      ok: false,
      message: 'Europe/Berln is not a time zone — did you mean Europe/Berlin?',
    });
    expect(checkZone('America/New_Yrok')).toMatchObject({
      message: expect.stringContaining('did you mean America/New_York?'),
    });
  });

  it('explains what would work when nothing is close', () => {
    const r = checkZone('Narnia/Cair_Paravel');
    expect(r).toMatchObject({ ok: false, message: expect.stringContaining('Use an IANA name like Europe/Berlin') });
    expect(checkZone('+01:00')).toMatchObject({ ok: false });
  });

  it('parses 24-hour clock times only', () => {
    expect(parseClock('09:00')).toBe(540);
    expect(parseClock('9:05')).toBe(545);
    expect(parseClock('23:59')).toBe(1439);
    for (const bad of ['24:00', '12:60', '9am', '0900', '']) expect(parseClock(bad)).toBeUndefined();
  });

  it('measures edit distance', () => {
    expect(editDistance('berln', 'berlin')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
