/**
 * Strings as PostgreSQL can hold them. Its text type has no NUL character, and the
 * driver sends a lone UTF-16 surrogate as U+FFFD, so two different keys could become
 * one. Keys go into text columns through `toDbText`, an escape that keeps every other
 * string as it is (ids, snowflakes, topic keys stay readable in psql) and is injective:
 * equal keys stay equal, different keys stay different. Whole records go into `json`
 * columns as JSON.stringify writes them, which is lossless already.
 */
// eslint-disable-next-line no-control-regex -- NUL is one of the characters to escape
const UNSAFE = /[\\\u0000]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESCAPED = /\\(\\|u[0-9a-f]{4})/g;

export const toDbText = (s: string): string =>
  s.replace(UNSAFE, (c) => (c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

export const fromDbText = (s: string): string =>
  s.replace(ESCAPED, (_m, e: string) => (e === '\\' ? '\\' : String.fromCharCode(parseInt(e.slice(1), 16))));

/**
 * A bound for comparing list dates (`since`, `prune`) that PostgreSQL can take and that
 * orders exactly as JavaScript's `<` does. Stored list dates are ASCII digits, '-' and
 * "+week" (listDateSchema), compared bytewise (COLLATE "C"); a bound may be any string. At
 * its first character outside printable ASCII the comparison with every list date is
 * already decided, so the bound is cut there and that character replaced by one that
 * decides it the same way: ' ' sorts below every list-date character, '~' above.
 */
export function listDateBound(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return s.slice(0, i) + (c < 0x20 ? ' ' : '~');
  }
  return s;
}
