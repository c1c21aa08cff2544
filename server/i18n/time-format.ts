/** Weekday and clock names in a locale's own words and digits, shared by every page that shows a schedule. */

const weekdayNameCache = new Map<string, string[]>();

/** Short weekday names 1..7 in a locale, from Intl (2024-01-01 was a Monday). */
export function weekdayNames(locale: string, style: 'short' | 'long' = 'short'): string[] {
  const key = `${locale}:${style}`;
  const cached = weekdayNameCache.get(key);
  if (cached) return cached;
  const format = new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' });
  const names = ['', ...[1, 2, 3, 4, 5, 6, 7].map((day) => format.format(new Date(Date.UTC(2024, 0, day))))];
  weekdayNameCache.set(key, names);
  return names;
}

/** Intl formatters are costly to build: one per locale and kind, reused on every page. */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
export function cachedFormatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    formatters.set(key, formatter);
  }
  return formatter;
}

const timeCache = new Map<string, string>();

/** "09:00" in the locale's digits and clock. */
export function formatTime(time: string, locale: string): string {
  const key = `${locale}|${time}`;
  const cached = timeCache.get(key);
  if (cached) return cached;
  const [hours, minutes] = time.split(':').map(Number);
  const format = cachedFormatter(`time:${locale}`, () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }));
  const text = format.format(new Date(Date.UTC(2024, 0, 1, hours, minutes)));
  if (timeCache.size < 10_000) timeCache.set(key, text);
  return text;
}
