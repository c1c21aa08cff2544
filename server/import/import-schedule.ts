/** Reads weekly times as people write them: "Di 14-16 Uhr", "dienstags 14:00–16:00", "Mo, Mi 9-12", "Mo-Fr 8.30 bis 12". Pure. */

export interface ParsedSlot {
  weekday: number;
  opensAt: string;
  closesAt: string;
}

export interface ParsedSchedule {
  slots: ParsedSlot[];
  everyOtherWeek: boolean;
  byAppointment: boolean;
  /** Text that could not be read as days and times; the importer keeps it as a note. */
  unreadable: string | undefined;
}

const DAY_WORDS: Array<[RegExp, number]> = [
  [/^(mo|mon|montag|montags|monday)$/, 1],
  [/^(di|die|tue|dienstag|dienstags|tuesday)$/, 2],
  [/^(mi|mit|wed|mittwoch|mittwochs|wednesday)$/, 3],
  [/^(do|don|thu|donnerstag|donnerstags|thursday)$/, 4],
  [/^(fr|fri|freitag|freitags|friday)$/, 5],
  [/^(sa|sat|samstag|samstags|sonnabend|sonnabends|saturday)$/, 6],
  [/^(so|sun|sonntag|sonntags|sunday)$/, 7],
];

/** Short German weekday names, as the export writes them. */
export const WEEKDAY_SHORT = ['', 'Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So'];

const TIME = String.raw`(\d{1,2})(?:[:.](\d{2}))?\s*(?:h|uhr)?`;
const TOKEN = new RegExp(
  [
    String.raw`(?<range>${TIME}\s*(?:-|–|—|bis)\s*${TIME})`,
    String.raw`(?<biweekly>14-?t(?:ae|ä)gig|14-?t(?:ae|ä)glich|alle\s+(?:2|zwei)\s+wochen|jede\s+zweite\s+woche|zweiw(?:oe|ö)chentlich)`,
    String.raw`(?<appointment>nach\s+(?:vereinbarung|absprache|terminvereinbarung))`,
    String.raw`(?<filler>(?:uhr|und|u\.|sowie|jeweils|je)(?![a-zäöü])|&|\+|[,;/\n\r]|\s+)`,
    String.raw`(?<dayrange>[a-zäöü]+\.?\s*(?:-|–|bis)\s*[a-zäöü]+\.?)`,
    String.raw`(?<day>[a-zäöü]+\.?)`,
  ].join('|'),
  'giy',
);

function weekdayOf(word: string): number | undefined {
  const key = word.toLowerCase().replace(/\.$/, '');
  return DAY_WORDS.find(([pattern]) => pattern.test(key))?.[1];
}

function clock(hours: string, minutes: string | undefined): string | undefined {
  const h = Number(hours);
  const m = Number(minutes ?? '0');
  if (h > 24 || m > 59 || (h === 24 && m > 0)) return undefined;
  return `${String(h === 24 ? 23 : h).padStart(2, '0')}:${String(h === 24 ? 59 : m).padStart(2, '0')}`;
}

function daysOfRange(text: string): number[] | undefined {
  const [from, to] = text.split(/\s*(?:-|–|bis)\s*/i);
  const start = weekdayOf(from ?? '');
  const end = weekdayOf(to ?? '');
  if (!start || !end || end < start) return undefined;
  return Array.from({ length: end - start + 1 }, (_, index) => start + index);
}

/** Parses one "Wochentage und Zeiten" cell; never throws. */
export function parseWeeklySchedule(cell: string): ParsedSchedule {
  const result: ParsedSchedule = { slots: [], everyOtherWeek: false, byAppointment: false, unreadable: undefined };
  const text = cell.trim();
  if (text === '') return result;
  let days: number[] = [];
  let lastTimed = false;
  let position = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    position = TOKEN.lastIndex;
    const groups = match.groups!;
    if (groups.range !== undefined) {
      const opensAt = clock(match[2]!, match[3]);
      const closesAt = clock(match[4]!, match[5]);
      if (!opensAt || !closesAt || opensAt >= closesAt || days.length === 0) return { ...result, slots: [], unreadable: text };
      for (const weekday of days) result.slots.push({ weekday, opensAt, closesAt });
      lastTimed = true;
    } else if (groups.biweekly !== undefined) result.everyOtherWeek = true;
    else if (groups.appointment !== undefined) result.byAppointment = true;
    else if (groups.dayrange !== undefined || groups.day !== undefined) {
      const found = groups.dayrange !== undefined ? daysOfRange(groups.dayrange) : [weekdayOf(groups.day!)].filter((day): day is number => day !== undefined);
      if (!found || found.length === 0) return { ...result, slots: [], unreadable: text };
      // A day after a time starts a new group: "Mo 9-12, Mi 14-16".
      days = lastTimed ? found : [...days, ...found];
      lastTimed = false;
    }
  }
  if (position !== text.length || (days.length > 0 && !lastTimed)) return { ...result, slots: [], unreadable: text };
  return result;
}

/** Writes slots back the way the parser reads them: "Mo 09:00-12:00, Mi 14:00-16:00". */
export function formatWeeklySchedule(slots: ParsedSlot[]): string {
  return [...slots]
    .sort((a, b) => a.weekday - b.weekday || a.opensAt.localeCompare(b.opensAt))
    .map((slot) => `${WEEKDAY_SHORT[slot.weekday]} ${slot.opensAt}-${slot.closesAt}`)
    .join(', ');
}
