import { describe, expect, it } from 'vitest';
import {
  addDays,
  displayDate,
  isClosed,
  isoWeekMonday,
  isoWeekOf,
  isWeekend,
  latestClosedDay,
  monthDays,
  parseDate,
  previousWeekday,
  utcToday,
} from '../../src/papers/days.js';

const at = (iso: string) => new Date(iso);

describe('parseDate', () => {
  it('accepts real dates and rejects impossible ones', () => {
    expect(parseDate('2026-08-21')?.toISOString()).toBe('2026-08-21T00:00:00.000Z');
    expect(parseDate('2024-02-29')).toBeDefined();
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2025-02-29')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
    expect(parseDate('2026-8-1')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
  });
});

describe('the HF day boundary (01:30 UTC)', () => {
  it('today is the UTC date, even just after midnight', () => {
    expect(utcToday(at('2026-08-21T00:05:00Z'))).toBe('2026-08-21');
    expect(utcToday(at('2026-08-20T23:59:59Z'))).toBe('2026-08-20');
  });
  it('a list closes at 01:30 UTC the next day', () => {
    expect(isClosed('2026-08-20', at('2026-08-21T01:29:59Z'))).toBe(false);
    expect(isClosed('2026-08-20', at('2026-08-21T01:30:00Z'))).toBe(true);
    expect(isClosed('2026-08-21', at('2026-08-21T12:00:00Z'))).toBe(false);
  });
  it('latestClosedDay before and after the boundary', () => {
    // Thursday 2026-08-20 00:45: Wednesday is still filling, so Tuesday is the latest closed list.
    expect(latestClosedDay(at('2026-08-20T00:45:00Z'))).toBe('2026-08-18');
    expect(latestClosedDay(at('2026-08-20T01:30:00Z'))).toBe('2026-08-19');
  });
  it('Monday morning gets Friday, and so does the whole weekend', () => {
    expect(latestClosedDay(at('2026-08-24T08:00:00Z'))).toBe('2026-08-21'); // Monday
    expect(latestClosedDay(at('2026-08-23T12:00:00Z'))).toBe('2026-08-21'); // Sunday
    expect(latestClosedDay(at('2026-08-22T01:31:00Z'))).toBe('2026-08-21'); // Saturday just after close
    expect(latestClosedDay(at('2026-08-22T01:00:00Z'))).toBe('2026-08-20'); // Friday's list still filling
  });
  it('weekends and previous weekdays', () => {
    expect(isWeekend('2026-08-22')).toBe(true);
    expect(isWeekend('2026-08-23')).toBe(true);
    expect(isWeekend('2026-08-24')).toBe(false);
    expect(previousWeekday('2026-08-23')).toBe('2026-08-21');
    expect(previousWeekday('2026-08-19')).toBe('2026-08-19');
  });
  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2026-08-31', 1)).toBe('2026-09-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('ISO weeks across year ends', () => {
  it.each([
    ['2026-08-21', '2026-W34'],
    ['2024-12-30', '2025-W01'], // Monday belongs to next year's week 1
    ['2021-01-03', '2020-W53'], // Sunday belongs to last year's week 53
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });
  it('Monday of a week, and weeks that do not exist', () => {
    expect(isoWeekMonday('2026-W34')).toBe('2026-08-17');
    expect(isoWeekMonday('2025-W01')).toBe('2024-12-30');
    expect(isoWeekMonday('2020-W53')).toBe('2020-12-28');
    expect(isoWeekMonday('2025-W53')).toBeUndefined();
    expect(isoWeekMonday('2026-W00')).toBeUndefined();
    expect(isoWeekMonday('2026-34')).toBeUndefined();
  });
});

describe('months and display', () => {
  it('lists the days of a month', () => {
    expect(monthDays('2024-02')).toHaveLength(29);
    expect(monthDays('2026-08')?.[30]).toBe('2026-08-31');
    expect(monthDays('2026-13')).toBeUndefined();
  });
  it('formats a date for titles', () => {
    expect(displayDate('2026-08-21')).toBe('Fri 21 Aug 2026');
  });
});
