/**
 * Calendar days for dated courses. Dates are ISO "YYYY-MM-DD" days in the
 * region's time zone; a day number (days since 1970-01-01) lets the search
 * index compare them with "today" without knowing about time zones.
 */

/** The time zone every region of this directory lives in. */
export const DIRECTORY_TIME_ZONE = 'Europe/Berlin';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: DIRECTORY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in the directory's time zone, as "YYYY-MM-DD". */
export function localIsoDate(instant: Date): string {
  return dayFormat.format(instant);
}

/** Days since 1970-01-01 for an ISO day, or null for anything else. */
export function dayNumber(iso: string | null | undefined): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isFinite(ms) ? Math.round(ms / 86_400_000) : null;
}

/** The ISO day `days` after an ISO day. */
export function addDays(iso: string, days: number): string {
  const day = dayNumber(iso);
  if (day === null) throw new Error(`not a day: ${iso}`);
  return new Date((day + days) * 86_400_000).toISOString().slice(0, 10);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "12. Januar 2027" / "١٢ يناير ٢٠٢٧": an ISO day in the reader's language, through Intl. */
export function formatDay(iso: string | null, locale: string): string | null {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return null;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: DIRECTORY_TIME_ZONE });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}
