import type { Offer, ScheduleSlot } from '../offers/offer-types.ts';
import { definedOnly, type HsdsContext } from './hsds-context.ts';
import type { HsdsCostOption, HsdsSchedule } from './hsds-types.ts';


export const ICAL_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const GERMAN_DAYS = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'];

const ATTENDING: Record<string, string> = { 'in-person': 'vor Ort', online: 'online', hybrid: 'vor Ort oder online' };

/** "Dienstag 10:00–12:00, alle zwei Wochen" */
function slotDescription(slot: ScheduleSlot): string {
  return `${GERMAN_DAYS[slot.weekday - 1]} ${slot.opensAt}–${slot.closesAt}${slot.everyOtherWeek ? ', alle zwei Wochen' : ''}`;
}

/**
 * The offer's times as RFC 5545 weekly rules, one schedule per slot (times are
 * local, Europe/Berlin). Every other week is `interval: 2`; its first date is
 * the course start when known. An offer by appointment, or with only a note or
 * course dates, gets one schedule carrying that text.
 */
export function toHsdsSchedules(offer: Offer, serviceId: string, ctx: HsdsContext): HsdsSchedule[] {
  const shared = {
    service_id: serviceId,
    valid_from: offer.startDate ?? undefined,
    valid_to: offer.endDate ?? undefined,
    attending_type: ATTENDING[offer.format],
    notes: offer.scheduleNote ?? undefined,
  };
  const slots = offer.schedule.map((slot) =>
    definedOnly<HsdsSchedule>({
      id: ctx.ids.record('schedule', `${offer.id}:${slot.weekday}:${slot.opensAt}:${slot.closesAt}`),
      ...shared,
      freq: 'WEEKLY',
      wkst: 'MO',
      interval: slot.everyOtherWeek ? 2 : 1,
      byday: ICAL_DAYS[slot.weekday - 1],
      opens_at: slot.opensAt,
      closes_at: slot.closesAt,
      dtstart: offer.startDate ?? undefined,
      until: offer.endDate ?? undefined,
      description: slotDescription(slot),
    }),
  );
  const courseText = offer.startDate ? `Kurs ab ${offer.startDate}${offer.endDate ? ` bis ${offer.endDate}` : ''}.` : undefined;
  if (offer.byAppointment) {
    slots.push(definedOnly<HsdsSchedule>({ id: ctx.ids.record('schedule', `${offer.id}:appointment`), ...shared, description: 'Termine nach Vereinbarung.' }));
  } else if (slots.length === 0 && (offer.scheduleNote || courseText)) {
    slots.push(definedOnly<HsdsSchedule>({ id: ctx.ids.record('schedule', `${offer.id}:note`), ...shared, description: courseText }));
  }
  return slots;
}

const COST_OPTIONS: Record<string, { option: string; amount?: number }> = {
  free: { option: 'kostenlos', amount: 0 },
  reduced: { option: 'ermäßigt' },
  paid: { option: 'kostenpflichtig' },
};

/** Free, reduced and paid become one cost option each; an unknown cost has none and says "bitte erfragen" in fees_description. */
export function toHsdsCostOptions(offer: Offer, serviceId: string, ctx: HsdsContext): HsdsCostOption[] {
  const known = COST_OPTIONS[offer.cost];
  if (!known) return [];
  return [
    definedOnly<HsdsCostOption>({
      id: ctx.ids.record('cost_option', offer.id),
      service_id: serviceId,
      option: known.option,
      currency: 'EUR',
      amount: known.amount,
      amount_description: offer.costNote ?? undefined,
    }),
  ];
}

export function toFeesDescription(offer: Offer): string | undefined {
  if (offer.cost === 'unknown') return ['Kosten bitte erfragen.', offer.costNote].filter(Boolean).join(' ');
  return offer.costNote ?? undefined;
}
