// Times as a change board reads them: the server's local time with its offset from UTC, and UTC.
// FipsFix records every time in UTC; the server's offset is recorded beside it where FipsFix ran on
// the server (the backup, the run records, a collect manifest). Where nothing recorded it, the
// words say so rather than guess from the computer that makes the report.

/** "+02:00", "-05:30", "+00:00": the offset as ISO 8601 writes it. */
export const UTC_OFFSET_PATTERN = /^[+-](?:0\d|1[0-4]):[0-5]\d$/;

/** An offset in minutes east of UTC (what -Date#getTimezoneOffset() gives) as ISO 8601 text. */
export function utcOffsetText(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const m = Math.abs(Math.round(minutesEast));
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function minutesOf(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number);
  return sign * ((h ?? 0) * 60 + (m ?? 0));
}

/** "2026-05-14 11:02:07" of a Date's UTC fields shifted by `minutes`. */
function wallClock(ms: number, minutes: number): string {
  return new Date(ms + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * "2026-05-14 13:02:07 +02:00 (11:02:07 UTC)" with the server's offset; without it
 * "2026-05-14 11:02:07 UTC (server's UTC offset not recorded)". An unreadable time is given as it is.
 */
export function serverTimeWords(iso: string, offset: string | null): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const utc = wallClock(ms, 0);
  if (offset === null || !UTC_OFFSET_PATTERN.test(offset))
    return `${utc} UTC (server's UTC offset not recorded)`;
  const local = wallClock(ms, minutesOf(offset));
  return `${local} ${offset} (${local.slice(0, 10) === utc.slice(0, 10) ? utc.slice(11) : utc} UTC)`;
}
