import { describe, expect, it } from 'vitest';
import {
  canonicalZone,
  checkZone,
  editDistance,
  hostZone,
  suggestZone,
  ZONE_ABBREVIATIONS,
  ZONE_SUGGEST_MAX,
} from '../../src/digest/timezones.js';
import type { WorkMeter } from '../../src/suggest.js';
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

describe('issue 13 item 4: time-zone abbreviations', () => {
  const isZone = (z: string) => canonicalZone(z) !== undefined;
  const spellings = (abbr: string) => [abbr, abbr.toLowerCase(), ` ${abbr[0]}${abbr.slice(1).toLowerCase()} `];

  it('asks which zone an ambiguous abbreviation means, listing the likely IANA zones', () => {
    const expected: Record<string, string[]> = {
      EST: ['America/New_York', 'America/Panama', 'Australia/Sydney'],
      CST: ['America/Chicago', 'Asia/Shanghai'],
      IST: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
      BST: ['Europe/London', 'Asia/Dhaka'],
      MST: ['America/Denver', 'America/Phoenix'],
      PST: ['America/Los_Angeles', 'Asia/Manila'],
      AST: ['America/Halifax', 'Asia/Riyadh'],
      NST: ['America/St_Johns', 'Pacific/Auckland'],
      SST: ['Pacific/Pago_Pago', 'Asia/Singapore'],
      AEST: ['Australia/Sydney', 'Australia/Brisbane'],
    };
    for (const [abbr, zones] of Object.entries(expected)) {
      for (const typed of spellings(abbr)) {
        const r = checkZone(typed);
        expect(r.ok, typed).toBe(false);
        if (r.ok) continue;
        expect(r.message, typed).toMatch(new RegExp(`^${abbr} can mean more than one time zone — which one\\?`));
        for (const z of zones) expect(r.message, typed).toContain(z);
        expect(r.message, typed).toMatch(/e\.g\. tz=[A-Za-z_/]+\.$/);
      }
    }
  });

  it('maps abbreviations that mean one place to that place (with its daylight saving)', () => {
    const expected: Record<string, string> = {
      EDT: 'America/New_York',
      CDT: 'America/Chicago',
      PDT: 'America/Los_Angeles',
      HST: 'Pacific/Honolulu',
      JST: 'Asia/Tokyo',
      KST: 'Asia/Seoul',
      CET: 'Europe/Berlin',
      CEST: 'Europe/Berlin',
      AEDT: 'Australia/Sydney',
      NZST: 'Pacific/Auckland',
      MSK: 'Europe/Moscow',
    };
    for (const [abbr, zone] of Object.entries(expected)) {
      for (const typed of spellings(abbr)) expect(checkZone(typed), typed).toEqual({ ok: true, zone });
    }
  });

  it('lets no short code Intl would silently resolve through, except names that are one zone (UTC, GMT, PRC…)', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const intlAccepts: string[] = [];
    for (const a of letters)
      for (const b of letters)
        for (const c of ['', ...letters]) {
          const code = `${a}${b}${c}`;
          if (isZone(code)) intlAccepts.push(code);
        }
    expect(intlAccepts.length).toBeGreaterThan(20);
    const oneZone = new Set(['UTC', 'UCT', 'GMT', 'PRC', 'ROC', 'ROK', 'GB', 'NZ']);
    const unhandled = intlAccepts.filter((code) => !oneZone.has(code) && !ZONE_ABBREVIATIONS.has(code));
    expect(unhandled).toEqual([]);
  });

  it('names only real zones in every answer', () => {
    for (const [abbr, meaning] of ZONE_ABBREVIATIONS) {
      const zones = typeof meaning === 'string' ? [meaning] : meaning.map(([z]) => z);
      for (const z of zones) expect(isZone(z), `${abbr} → ${z}`).toBe(true);
      if (typeof meaning !== 'string') expect(meaning.length, abbr).toBeGreaterThanOrEqual(2);
    }
  });

  it('takes the host TZ when it names one zone, in the forms hosts write it', () => {
    expect(hostZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(hostZone(':America/New_York')).toBe('America/New_York');
    expect(hostZone('/usr/share/zoneinfo/Europe/Paris')).toBe('Europe/Paris');
    expect(hostZone('UTC')).toBe('UTC');
    for (const unusable of [
      undefined,
      '',
      'EST',
      'IST',
      'CET-1CEST,M3.5.0,M10.5.0/3',
      'Narnia/Cair',
      'x'.repeat(5000),
    ]) {
      expect(hostZone(unusable), String(unusable).slice(0, 20)).toBeUndefined();
    }
  });
});

describe('issue 13 item 10: time-zone suggestions do bounded work', () => {
  /** Seeded hostile text: letters, zone-like fragments and separators. */
  function hostile(n: number, seed: number): string {
    const parts = ['Europe/', 'America/', 'Berlin', 'New_York', 'a', 'e', '/', '_', 'x', 'Pacific/'];
    let s = '';
    let x = seed;
    while (s.length < n) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      s += parts[x % parts.length];
    }
    return s.slice(0, n);
  }

  it('still finds near misses, and counts the work it did', () => {
    const meter: WorkMeter = { cells: 0 };
    expect(suggestZone('Europe/Berln', meter)).toBe('Europe/Berlin');
    expect(meter.cells).toBeGreaterThan(0);
  });

  it('touches a bounded number of cells for every input up to the option limit, and none beyond', () => {
    // The old full-table distance over every zone name (and city) for a 40-character input:
    const unbounded = 419 * 2 * 40 * 20;
    let worst = 0;
    for (let n = 1; n <= 100; n++) {
      for (let seed = 1; seed <= 5; seed++) {
        const meter: WorkMeter = { cells: 0 };
        suggestZone(hostile(n, seed), meter);
        worst = Math.max(worst, meter.cells);
        if (n > ZONE_SUGGEST_MAX) expect(meter.cells, `n=${n}`).toBe(0);
      }
    }
    expect(worst).toBeLessThan(unbounded / 4);
    for (const n of [6_000, 100_000]) {
      const meter: WorkMeter = { cells: 0 };
      expect(checkZone(hostile(n, 7)).ok).toBe(false);
      expect(suggestZone(hostile(n, 7), meter)).toBeUndefined();
      expect(meter.cells).toBe(0);
    }
  });

  it('gives the same answers as the full distance for typos of every zone', () => {
    // Every zone with one letter dropped and one doubled: the bounded search finds a zone
    // at least as close as the full one would (ties may pick another zone of equal distance).
    for (const zone of Intl.supportedValuesOf('timeZone').filter((_, i) => i % 7 === 0)) {
      for (const typo of [zone.slice(0, -1), `${zone}${zone.at(-1)}`]) {
        const found = suggestZone(typo);
        expect(found, typo).toBeDefined();
        const d = (z: string) =>
          Math.min(
            editDistance(typo.toLowerCase(), z.toLowerCase()),
            editDistance(typo.toLowerCase(), z.toLowerCase().split('/').at(-1)!),
          );
        expect(d(found!), typo).toBeLessThanOrEqual(d(zone));
      }
    }
  });
});
