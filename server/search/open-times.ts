/** When an offer is open, as social workers ask for it: on a weekday, in the afternoon, in the evening. */
export const OPEN_TIMES = ['weekday', 'afternoon', 'evening'] as const;
export type OpenTime = (typeof OPEN_TIMES)[number];

/** Afternoon: some time between 13:00 and 17:00. Evening: still open after 18:00 (after work). */
const AFTERNOON = { from: '13:00', to: '17:00' };
const EVENING_FROM = '18:00';

/**
 * The open times of a weekly schedule, for the search document. Times are
 * "HH:MM" strings, so they compare as text. Each value stands for at least one
 * slot, so "weekday" and "evening" together may come from different slots.
 */
export function openTimesOf(schedule: Array<{ weekday: number; opensAt: string; closesAt: string }>): OpenTime[] {
  const times = new Set<OpenTime>();
  for (const slot of schedule) {
    if (slot.weekday >= 1 && slot.weekday <= 5) times.add('weekday');
    if (slot.opensAt < AFTERNOON.to && slot.closesAt > AFTERNOON.from) times.add('afternoon');
    if (slot.closesAt > EVENING_FROM) times.add('evening');
  }
  return OPEN_TIMES.filter((time) => times.has(time));
}
