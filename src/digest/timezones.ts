/**
 * Checking what people type as a time zone. Intl accepts the canonical IANA names plus
 * aliases (UTC, Etc/GMT, US/Eastern) in any letter case; we store its canonical spelling.
 * A near miss gets a suggestion ("did you mean Europe/Berlin?") from the canonical list.
 */
export type ZoneCheck = { ok: true; zone: string } | { ok: false; message: string };

let canonical: string[] | undefined;
const zoneNames = (): string[] => (canonical ??= [...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** The zone's canonical name, or undefined when Intl does not know it. */
export function canonicalZone(text: string): string | undefined {
  const t = text.trim();
  // Intl also accepts offsets like "+01:00"; a digest needs a real zone with DST rules.
  if (!t || !/^[A-Za-z]/.test(t)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Levenshtein distance, small strings only (zone names are < 40 characters). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The closest known zone, if it is close enough to be a plausible typo. */
export function suggestZone(text: string): string | undefined {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return undefined;
  let best: { zone: string; d: number } | undefined;
  for (const zone of zoneNames()) {
    const z = zone.toLowerCase();
    // Compare with the whole name and with the city part, so "Berln" finds Europe/Berlin.
    const city = z.slice(z.lastIndexOf('/') + 1);
    const d = Math.min(editDistance(wanted, z), editDistance(wanted, city));
    if (!best || d < best.d) best = { zone, d };
  }
  const limit = Math.max(2, Math.floor(wanted.length / 4));
  return best && best.d <= limit ? best.zone : undefined;
}

export function checkZone(text: string): ZoneCheck {
  const zone = canonicalZone(text);
  if (zone) return { ok: true, zone };
  const hint = suggestZone(text);
  const shown = text.trim().slice(0, 60);
  return {
    ok: false,
    message: hint
      ? `${shown} is not a time zone — did you mean ${hint}?`
      : `${shown} is not a time zone. Use an IANA name like Europe/Berlin, America/New_York or UTC.`,
  };
}
