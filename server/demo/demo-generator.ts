import type { OfferInput, OfferStatus, ScheduleSlot } from '../offers/offer-types.ts';
import { townOf, type Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { Blueprint, DemoContent, DemoProviderContent, SubcategoryContent } from './demo-content.ts';
import { locationName, nearestPostcode, nearestQuarter, phoneNumber, pickContact, pointInDistrict } from './demo-places.ts';
import { addDemoOfferDetails } from './demo-offer-details.ts';
import { SeededRandom } from './demo-random.ts';

export interface DemoLocation {
  key: string;
  name: string;
  street: string;
  postcode: string;
  city: string;
  district: string;
  latitude: number;
  longitude: number;
  stepFree: boolean;
}

export interface DemoProvider {
  slug: string;
  name: string;
  description: string;
  kind: string;
  website: string;
  email: string;
  phone: string;
  locations: DemoLocation[];
}

export interface DemoOffer {
  providerSlug: string;
  locationKeys: string[];
  input: Omit<OfferInput, 'providerId' | 'locationIds'>;
}

export interface DemoDirectory {
  providers: DemoProvider[];
  offers: DemoOffer[];
}

export interface DemoOptions {
  seed?: number;
  publishedOffers?: number;
  /** "Today" for validity and last-checked dates, so the data does not depend on the clock. */
  referenceDate?: string;
}

/** Languages spoken in the county, weighted by how often offers add them. */
const LOCAL_LANGUAGE_WEIGHT: Record<string, number> = { tr: 10, ar: 9, uk: 8, ru: 6, pl: 5, fa: 4, prs: 3, kmr: 3, ro: 3, bg: 2, en: 4, ti: 1, so: 1, sq: 2, el: 1, it: 1 };

const COURSE_TIMES: Array<[string, string]> = [['08:30', '11:45'], ['09:00', '12:15'], ['13:00', '16:15'], ['17:30', '20:00'], ['18:00', '20:15']];
const WEEKLY_TIMES: Array<[string, string]> = [['09:30', '11:30'], ['10:00', '12:00'], ['14:30', '16:30'], ['15:00', '17:00'], ['16:00', '18:00'], ['17:00', '19:00'], ['18:30', '20:30']];
const OFFICE_TIMES: Array<[string, string]> = [['08:30', '12:00'], ['09:00', '12:00'], ['13:30', '16:00'], ['14:00', '17:00']];
const WEEKDAY_NAMES = ['', 'montags', 'dienstags', 'mittwochs', 'donnerstags', 'freitags', 'samstags', 'sonntags'];

function schedulesFor(random: SeededRandom, kind: SubcategoryContent['schedule']): { schedule: ScheduleSlot[]; byAppointment: boolean } {
  const slot = (weekday: number, [opensAt, closesAt]: [string, string]): ScheduleSlot => ({ weekday, opensAt, closesAt });
  switch (kind) {
    case 'course': {
      const times = random.pick(COURSE_TIMES);
      const days = random.chance(0.5) ? [1, 2, 3, 4, 5] : random.sample([1, 2, 3, 4, 5], random.int(2, 3)).sort();
      return { schedule: days.map((day) => slot(day, times)), byAppointment: false };
    }
    case 'weekly': {
      const days = random.sample([1, 2, 3, 4, 5, 6], random.chance(0.75) ? 1 : 2).sort();
      return { schedule: days.map((day) => slot(day, random.pick(WEEKLY_TIMES))), byAppointment: false };
    }
    case 'office-hours': {
      const days = random.sample([1, 2, 3, 4, 5], random.int(1, 3)).sort();
      return { schedule: days.map((day) => slot(day, random.pick(OFFICE_TIMES))), byAppointment: random.chance(0.5) };
    }
    default:
      return { schedule: [], byAppointment: true };
  }
}

function practicalParagraph(
  random: SeededRandom,
  details: { location: DemoLocation | undefined; schedule: ScheduleSlot[]; byAppointment: boolean; contact: string; phone: string; registration: boolean; online: boolean },
): string {
  const sentences: string[] = [];
  if (details.location) {
    sentences.push(
      random.pick([
        `Treffpunkt ist ${details.location.name}, ${details.location.street} in ${details.location.city}.`,
        `Das Angebot findet in ${details.location.name} (${details.location.street}, ${details.location.postcode} ${details.location.city}) statt.`,
        `Sie finden uns in der ${details.location.street} in ${details.location.city}.`,
      ]),
    );
  } else if (details.online) {
    sentences.push('Das Angebot läuft vollständig online; den Zugangslink erhalten Sie nach der Anmeldung per E-Mail.');
  }
  const first = details.schedule[0];
  if (first && details.schedule.length === 1) {
    sentences.push(`Termin ist ${WEEKDAY_NAMES[first.weekday]} von ${first.opensAt} bis ${first.closesAt} Uhr.`);
  } else if (first) {
    const days = details.schedule.map((slot) => WEEKDAY_NAMES[slot.weekday]).join(', ').replace(/, ([^,]*)$/, ' und $1');
    sentences.push(`Termine sind ${days}, jeweils zu den unten genannten Zeiten.`);
  }
  if (details.byAppointment) sentences.push(`Termine vereinbaren Sie mit ${details.contact} unter ${details.phone}.`);
  else if (details.registration) sentences.push(`Bitte melden Sie sich vorher bei ${details.contact} an (${details.phone}).`);
  else sentences.push(`Eine Anmeldung ist nicht nötig; Fragen beantwortet ${details.contact} unter ${details.phone}.`);
  return sentences.join(' ');
}

function isoDateOffset(reference: string, days: number): string {
  const date = new Date(`${reference}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function buildProviders(random: SeededRandom, content: DemoContent, region: Region): DemoProvider[] {
  return content.providers.map((entry) => {
    const locations = entry.districts.map((districtSlug, index): DemoLocation => {
      const district = region.districts.find((candidate) => candidate.slug === districtSlug);
      if (!district) throw new Error(`Provider ${entry.key} names unknown district ${districtSlug}`);
      const point = pointInDistrict(random, region, district);
      // a city's pack names places after their quarter, with that quarter's streets and postcodes where it lists them
      const quarter = content.settings.locationNames === 'quarter' ? nearestQuarter(district, point) : undefined;
      const streets = (quarter && content.streets[`${districtSlug}/${quarter.name}`]) ?? content.streets[districtSlug] ?? ['Hauptstraße'];
      return {
        key: `${entry.key}#${index}`,
        name: entry.districts.length === 1 ? entry.name : locationName(random, entry.kind, quarter?.name ?? district.name),
        street: `${random.pick(streets)} ${random.int(1, 120)}${random.chance(0.1) ? 'a' : ''}`,
        postcode: nearestPostcode(district, point, quarter?.postcodes),
        city: townOf(district),
        district: districtSlug,
        latitude: point.lat,
        longitude: point.lng,
        stepFree: random.chance(0.68),
      };
    });
    const home = entry.districts[0] ?? '';
    return {
      slug: entry.key,
      name: entry.name,
      description: entry.description,
      kind: entry.kind,
      website: `https://www.${entry.key}.example`,
      email: `kontakt@${entry.key}.example`,
      phone: phoneNumber(random, content.settings.areaCodes[home] ?? content.settings.defaultAreaCode),
      locations,
    };
  });
}

/** Offers per subcategory: language and counselling are the commonest needs, networks the rarest. */
const PARENT_WEIGHT: Record<string, number> = { language: 2.2, counselling: 1.6, education: 1.5, family: 1.4, meeting: 1.3, work: 1.1, sport: 1, everyday: 0.9, health: 0.8, volunteering: 0.7, interpreting: 0.6, networks: 0.4 };

interface OfferSlot {
  subcategory: SubcategoryContent;
  provider: DemoProviderContent;
  /** A region's own offer, fixed to its provider. */
  blueprint?: Blueprint;
}

/** A region pack's offers that name their provider: planned first, so they are always published. */
function featuredSlots(content: DemoContent): OfferSlot[] {
  return content.subcategories.flatMap((subcategory) =>
    subcategory.blueprints
      .filter((blueprint) => blueprint.provider)
      .map((blueprint) => ({ subcategory, blueprint, provider: content.providers.find((provider) => provider.key === blueprint.provider)! })),
  );
}

/** The blueprint used least so far; a region's featured ones before shared ones, then by chance. */
function pickBlueprint(random: SeededRandom, subcategory: SubcategoryContent, blueprintUse: Map<string, number>): Blueprint {
  const open = subcategory.blueprints.filter((blueprint) => !blueprint.provider);
  const candidates = open.length > 0 ? open : subcategory.blueprints;
  const rank = (blueprint: Blueprint) => (blueprint.featured ? 0 : 1);
  return [...candidates].sort((a, b) => (blueprintUse.get(a.id) ?? 0) - (blueprintUse.get(b.id) ?? 0) || rank(a) - rank(b) || random.next() - 0.5)[0]!;
}

/** Chooses which provider offers what: every subcategory and every provider appears, the rest follows the weights. */
function planOffers(random: SeededRandom, content: DemoContent, total: number): OfferSlot[] {
  const suitable = (subcategory: SubcategoryContent) => {
    const matching = content.providers.filter((provider) => subcategory.providerKinds.includes(provider.kind));
    return matching.length > 0 ? matching : content.providers;
  };
  const plan: OfferSlot[] = featuredSlots(content);
  for (const subcategory of content.subcategories) {
    for (const provider of random.sample(suitable(subcategory), 3)) plan.push({ subcategory, provider });
  }
  const used = new Set(plan.map((slot) => slot.provider.key));
  for (const provider of content.providers.filter((candidate) => !used.has(candidate.key))) {
    const fitting = content.subcategories.filter((subcategory) => subcategory.providerKinds.includes(provider.kind));
    plan.push({ subcategory: random.pick(fitting.length > 0 ? fitting : content.subcategories), provider });
  }
  const weights = content.subcategories.map((subcategory) => [subcategory, PARENT_WEIGHT[subcategory.parent] ?? 1] as const);
  while (plan.length < total) {
    const subcategory = random.weighted(weights);
    plan.push({ subcategory, provider: random.pick(suitable(subcategory)) });
  }
  return plan;
}

function chooseLanguages(random: SeededRandom, subcategory: SubcategoryContent, allLanguages: string[]): string[] {
  if (subcategory.slug === 'volunteer-interpreters') return allLanguages;
  const extras = subcategory.extraLanguages.map((code) => [code, LOCAL_LANGUAGE_WEIGHT[code] ?? 1] as const);
  const chosen = new Set(subcategory.languages);
  const count = extras.length === 0 ? 0 : random.weighted([[0, 3], [1, 4], [2, 3], [3, 2], [4, 1]] as const);
  for (let i = 0; i < count; i += 1) chosen.add(random.weighted(extras));
  return [...chosen];
}

function chooseTranslations(random: SeededRandom, content: DemoContent, blueprint: Blueprint, languages: string[]) {
  const available = Object.keys(content.translations).filter((locale) => content.translations[locale]?.[blueprint.id]);
  // a region's own offers are its showcase: always in every language the pack translated them into
  if (blueprint.featured) return available.map((locale) => ({ locale, ...content.translations[locale]![blueprint.id]! }));
  if (available.length === 0 || !random.chance(0.7)) return [];
  const spoken = available.filter((locale) => languages.includes(locale));
  const others = random.sample(available.filter((locale) => !spoken.includes(locale)), random.int(0, 3));
  return [...spoken, ...others].map((locale) => ({ locale, ...content.translations[locale]![blueprint.id]! }));
}

/**
 * Generates the demo directory of a region from the hand-written content:
 * deterministic for a seed, so every machine gets the same offers.
 */
export function generateDemoDirectory(content: DemoContent, region: Region, taxonomy: Taxonomy, options: DemoOptions = {}): DemoDirectory {
  const random = new SeededRandom(options.seed ?? 20261121);
  const reference = options.referenceDate ?? '2026-11-01';
  const providers = buildProviders(random, content, region);
  const providerBySlug = new Map(providers.map((provider) => [provider.slug, provider]));
  const allLanguages = taxonomy.terms('language').map((term) => term.slug);
  const blueprintUse = new Map<string, number>();
  const published = options.publishedOffers ?? content.settings.publishedOffers;
  const unpublished: OfferStatus[] = [...Array(18).fill('draft'), ...Array(12).fill('pending'), ...Array(8).fill('archived'), ...Array(4).fill('rejected')];
  const plan = planOffers(random, content, published + unpublished.length);

  const offers = plan.map(({ subcategory, provider: providerContent, blueprint: fixed }, index): DemoOffer => {
    const provider = providerBySlug.get(providerContent.key)!;
    const blueprint = fixed ?? pickBlueprint(random, subcategory, blueprintUse);
    blueprintUse.set(blueprint.id, (blueprintUse.get(blueprint.id) ?? 0) + 1);
    const format = subcategory.format.length === 1 || random.chance(0.8) ? subcategory.format[0]! : random.pick(subcategory.format);
    const locations = format === 'online' ? [] : random.chance(0.12) && provider.locations.length > 1 ? random.sample(provider.locations, 2) : [random.pick(provider.locations)];
    const { schedule, byAppointment } = schedulesFor(random, subcategory.schedule);
    const contact = pickContact(random);
    const phone = `${provider.phone.split(' ')[0]} ${provider.phone.split(' ')[1]?.slice(0, 3)}${random.int(10, 99)}`;
    const languages = chooseLanguages(random, subcategory, allLanguages);
    const womenOnly = blueprint.womenOnly ?? random.chance(subcategory.womenOnlyShare);
    const cost = subcategory.cost === 'mixed' ? random.weighted([['free', 5], ['reduced', 2], ['paid', 1]] as const) : subcategory.cost;
    const status = index < published ? 'published' : unpublished[index - published]!;
    const isCourse = subcategory.schedule === 'course';
    const paragraph = practicalParagraph(random, {
      location: locations[0], schedule, byAppointment, contact: contact.display, phone,
      registration: subcategory.registrationRequired, online: format === 'online',
    });
    return {
      providerSlug: provider.slug,
      locationKeys: locations.map((location) => location.key),
      input: {
        title: blueprint.title,
        summary: blueprint.summary,
        description: `${blueprint.description}\n\n${paragraph}`,
        cost,
        costNote: subcategory.costNotes.length > 0 && random.chance(0.6) ? random.pick(subcategory.costNotes) : null,
        ageMin: subcategory.ageMin,
        ageMax: subcategory.ageMax,
        byAppointment,
        format,
        registrationRequired: subcategory.registrationRequired,
        childcare: blueprint.childcare ?? random.chance(subcategory.childcareShare),
        womenOnly,
        contactName: contact.display,
        phone,
        email: `${contact.emailLocal}@${provider.slug}.example`,
        url: `${provider.website}/angebote/${blueprint.id}`,
        validFrom: isCourse ? isoDateOffset(reference, random.int(-60, 90)) : null,
        validUntil: isCourse ? isoDateOffset(reference, random.int(200, 400)) : null,
        status,
        lastVerifiedAt: `${isoDateOffset(reference, -random.int(3, 460))}T10:00:00.000Z`,
        categories: [subcategory.slug],
        targetGroups: [...new Set([...subcategory.targets, ...(womenOnly ? ['women'] : [])])],
        languages,
        schedule,
        translations: chooseTranslations(random, content, blueprint, languages),
      },
    };
  });
  return addDemoOfferDetails({ providers, offers }, region, { seed: options.seed ?? 20261121, referenceDate: reference });
}
