import { addDays } from '../offers/course-dates.ts';
import type { OfferTranslation, RegistrationMethod } from '../offers/offer-types.ts';
import type { LocationInput } from '../providers/provider-repository.ts';
import type { District, Region } from '../region/region-config.ts';
import type { DemoDirectory, DemoLocation, DemoOffer } from './demo-generator.ts';
import { SeededRandom } from './demo-random.ts';

/**
 * Gives the generated demo directory what real lists hold: costs to ask,
 * every-other-week slots, notes on times, dated courses (relative to the
 * generator's fixed date), registration details, and places that are only
 * approximate or whose address is given on request. Its own random sequence,
 * so the rest of the directory stays as it was for a seed.
 */

/** A demo place with the fields the data model added; the seeder passes them through. */
export type DemoPlace = DemoLocation & Pick<LocationInput, 'addressOnRequest' | 'precision'>;

const COST_NOTES = ['Kosten bitte im Büro erfragen.', 'Je nach Kurs unterschiedlich, bitte nachfragen.', 'Mit Bildungsgutschein oft kostenlos, bitte nachfragen.'];
const SCHEDULE_NOTES = ['nicht in den Schulferien', 'nicht an Feiertagen', 'in den Sommerferien Pause'];
const APPOINTMENT_NOTES = ['Termine nach telefonischer Absprache', 'Termine auch kurzfristig, bitte vorher anrufen'];
const BRING_ALONG = ['Ausweis oder Aufenthaltstitel', 'Vorhandene Bescheide und Briefe', 'Schreibzeug und, wenn vorhanden, das Kursbuch', 'Impfpass der Kinder'];

/** The one registration note the demo translates, so pages in other languages show it in theirs. */
const CALL_FIRST: Record<string, string> = {
  de: 'Bitte rufen Sie vorher an.',
  en: 'Please call in advance.',
  ar: 'يرجى الاتصال مسبقاً.',
  fa: 'لطفاً از قبل تماس بگیرید.',
  tr: 'Lütfen önceden arayın.',
  uk: 'Будь ласка, зателефонуйте заздалегідь.',
  ru: 'Пожалуйста, позвоните заранее.',
};

function courseDates(random: SeededRandom, reference: string) {
  const startDate = addDays(reference, random.int(-70, 75));
  const endDate = addDays(startDate, random.int(80, 190));
  const started = startDate < reference;
  return {
    startDate,
    endDate,
    // A course that has begun announces its next round; a third of them can be joined while running.
    nextStartDate: started && random.chance(0.7) ? addDays(endDate, random.int(7, 28)) : null,
    rollingEntry: started && random.chance(0.35),
  };
}

function registrationFor(random: SeededRandom, offer: DemoOffer['input']) {
  const methods: RegistrationMethod[] = offer.registrationRequired
    ? random.sample<RegistrationMethod>(['phone', 'email', 'online', 'counsellor'], random.int(1, 2))
    : random.chance(0.7) ? ['walk-in'] : [];
  const callFirst = offer.registrationRequired && random.chance(0.4);
  return {
    registrationMethods: methods,
    registrationNote: callFirst ? CALL_FIRST.de! : null,
    bringAlong: random.chance(offer.registrationRequired ? 0.5 : 0.15) ? random.pick(BRING_ALONG) : null,
    interpreterOnRequest: random.chance(0.15),
    translations: (offer.translations ?? []).map((t): OfferTranslation => ({ ...t, registrationNote: callFirst ? (CALL_FIRST[t.locale] ?? null) : null })),
  };
}

function detailedOffer(random: SeededRandom, offer: DemoOffer, reference: string): DemoOffer {
  const input = offer.input;
  const isCourse = input.validFrom !== null && input.validFrom !== undefined;
  const unknownCost = random.chance(0.08);
  const schedule = !isCourse && input.schedule.length > 0 && random.chance(0.18)
    ? input.schedule.map((slot, index) => ({ ...slot, everyOtherWeek: index === 0 }))
    : input.schedule;
  const scheduleNote = input.byAppointment && random.chance(0.4) ? random.pick(APPOINTMENT_NOTES)
    : input.schedule.length > 0 && random.chance(0.12) ? random.pick(SCHEDULE_NOTES) : null;
  return {
    ...offer,
    input: {
      ...input,
      ...(unknownCost ? { cost: 'unknown' as const, costNote: random.chance(0.7) ? random.pick(COST_NOTES) : null } : {}),
      schedule,
      scheduleNote,
      ...(isCourse ? courseDates(random, reference) : {}),
      ...registrationFor(random, input),
    },
  };
}

/**
 * A place pinned at its postcode's centre (an address nobody geocoded, as an
 * import leaves it) or at its town's centre (a list that named the town only:
 * no street, no postcode).
 */
function approximatePlace(location: DemoLocation, district: District, precision: 'postcode' | 'town'): DemoPlace {
  const postcode = district.postcodes.find((candidate) => candidate.code === location.postcode);
  if (precision === 'postcode' && postcode) return { ...location, latitude: postcode.lat, longitude: postcode.lng, precision };
  return { ...location, street: '', postcode: '', latitude: district.centre.lat, longitude: district.centre.lng, precision: 'town' };
}

function detailedPlace(random: SeededRandom, location: DemoLocation, region: Region): DemoPlace {
  const district = region.districts.find((candidate) => candidate.slug === location.district);
  const roll = random.next();
  if (district && roll < 0.04) return approximatePlace(location, district, 'postcode');
  if (district && roll < 0.06) return approximatePlace(location, district, 'town');
  // A place whose address is kept back is pinned near its town's centre (to about a kilometre, as exports coarsen such
  // pins), so it still shows on maps and in radius searches.
  const coarse = (value: number) => Math.round(value * 100) / 100;
  if (district && roll < 0.08) return { ...location, addressOnRequest: true, latitude: coarse(district.centre.lat), longitude: coarse(district.centre.lng), precision: 'town' };
  return location;
}

/**
 * The generator's practical paragraph names the street; for a place that now
 * has none, or keeps it back, the sentence names the place and town only.
 */
function withoutStreet(description: string, before: DemoLocation): string {
  const { name, street, postcode, city } = before;
  return description
    .replace(`${name}, ${street} in ${city}`, `${name} in ${city}`)
    .replace(`(${street}, ${postcode} ${city})`, `(${city})`)
    .replace(`in der ${street} in ${city}`, `in ${city}`);
}

/** The directory with the details above; deterministic for a seed. */
export function addDemoOfferDetails(directory: DemoDirectory, region: Region, options: { seed: number; referenceDate: string }): DemoDirectory {
  const random = new SeededRandom(options.seed ^ 0x5eed);
  const hidden = new Map<string, DemoLocation>();
  const providers = directory.providers.map((provider) => ({
    ...provider,
    locations: provider.locations.map((location) => {
      const place = detailedPlace(random, location, region);
      if (place.street !== location.street || place.addressOnRequest) hidden.set(location.key, location);
      return place;
    }),
  }));
  const offers = directory.offers.map((offer) => {
    const detailed = detailedOffer(random, offer, options.referenceDate);
    const before = hidden.get(offer.locationKeys[0] ?? '');
    return before ? { ...detailed, input: { ...detailed.input, description: withoutStreet(detailed.input.description, before) } } : detailed;
  });
  return { providers, offers };
}
