import type { Cost, OfferFormat, OfferInput, RegistrationMethod, ScheduleSlot } from '../offers/offer-types.ts';
import { REGISTRATION_METHODS } from '../offers/offer-types.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { HsdsDataset } from './hsds-datapackage-reader.ts';
import type { ImportProblem } from './hsds-import-places.ts';
import { nearestCategory, type LinkedTerm } from './hsds-import-terms.ts';
import { ICAL_DAYS } from './hsds-schedule-mapper.ts';
import type { HsdsRow, HsdsTableName } from './hsds-tables.ts';

/** An offer to write: its input without provider and place ids, which exist only once those are written. */
export interface PlannedOffer {
  key: string;
  line: number;
  providerKey: string;
  placeKeys: string[];
  input: Omit<OfferInput, 'providerId' | 'locationIds'>;
}

type Row = HsdsDataset['tables'][HsdsTableName][number];

const text = (value: HsdsRow[string]) => (value === undefined ? '' : String(value).trim());
const isoDate = (value: HsdsRow[string]) => (/^\d{4}-\d{2}-\d{2}/.test(text(value)) ? text(value).slice(0, 10) : null);
const THREE_LETTER: Record<string, string> = { eng: 'en', deu: 'de', ger: 'de', ara: 'ar', fas: 'fa', per: 'fa', tur: 'tr', ukr: 'uk', rus: 'ru', urd: 'ur', fra: 'fr', fre: 'fr', spa: 'es', pol: 'pl', ron: 'ro', rum: 'ro', ita: 'it', kur: 'kmr', pus: 'ps', tir: 'ti', som: 'so' };
const OUR_FEES_PREFIX = 'Kosten bitte erfragen.';

function cost(options: Row[], fees: string): { cost: Cost; costNote: string | null } {
  const note = (text(options[0]?.amount_description) || fees.replace(OUR_FEES_PREFIX, '').trim()).slice(0, 300) || null;
  if (options.length === 0) return { cost: 'unknown', costNote: note };
  const option = text(options[0]!.option).toLowerCase();
  if (options.some((row) => row.amount === 0) || /kostenlos|free|gratis|no cost/.test(option)) return { cost: 'free', costNote: note };
  return { cost: /ermäßigt|reduc|concession|discount/.test(option) ? 'reduced' : 'paid', costNote: note };
}

/** Weekly rules become slots (interval 2: every other week); a schedule without times saying "Vereinbarung"/"appointment" is by appointment. */
function schedule(rows: Row[]): { slots: ScheduleSlot[]; byAppointment: boolean; note: string | null } {
  const slots: ScheduleSlot[] = [];
  let byAppointment = false;
  for (const row of rows) {
    const opens = text(row.opens_at).slice(0, 5);
    const closes = text(row.closes_at).slice(0, 5);
    const days = text(row.byday).split(',').map((day) => ICAL_DAYS.indexOf(day.trim().toUpperCase().replace(/^[+-]?\d+/, '') as (typeof ICAL_DAYS)[number]) + 1);
    if (text(row.freq || 'WEEKLY') === 'WEEKLY' && /^\d\d:\d\d$/.test(opens) && /^\d\d:\d\d$/.test(closes) && opens < closes) {
      for (const weekday of days.filter((day) => day > 0)) slots.push({ weekday, opensAt: opens, closesAt: closes, everyOtherWeek: Number(row.interval) === 2 });
    } else if (/vereinbarung|appointment/i.test(text(row.description))) byAppointment = true;
  }
  const note = rows.map((row) => text(row.notes)).find(Boolean) ?? null;
  return { slots, byAppointment, note: note ? note.slice(0, 300) : null };
}

/** Known language codes (three-letter ones translated); none known means German, reported. */
function languages(rows: Row[], taxonomy: Taxonomy, line: number, problems: ImportProblem[]): string[] {
  const codes = new Set<string>();
  for (const row of rows) {
    const raw = text(row.code).toLowerCase();
    const code = THREE_LETTER[raw] ?? raw;
    if (taxonomy.has('language', code)) codes.add(code);
    else problems.push({ file: 'languages.csv', line: row._line, field: 'code', message: `language "${raw}" is not in the Wegweiser list; left out`, level: 'warning' });
  }
  if (codes.size === 0) {
    problems.push({ file: 'services.csv', line, field: 'languages', message: 'no known language; German assumed', level: 'warning' });
    codes.add('de');
  }
  return [...codes];
}

const age = (value: HsdsRow[string]) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 120 ? value : null);

/** Maps every active service; rows are grouped by service id once, so large packages stay linear. */
export function planOffers(dataset: HsdsDataset, terms: Map<string, LinkedTerm[]>, taxonomy: Taxonomy, placeKeys: Set<string>, source: string, problems: ImportProblem[]): PlannedOffer[] {
  const by = (table: HsdsTableName) => {
    const groups = new Map<string, Row[]>();
    for (const row of dataset.tables[table]) groups.set(text(row.service_id), [...(groups.get(text(row.service_id)) ?? []), row]);
    return (id: string) => groups.get(id) ?? [];
  };
  const related = {
    schedules: by('schedule'), languages: by('language'), costs: by('cost_option'), documents: by('required_document'),
    contacts: by('contact'), phones: by('phone'), links: by('service_at_location'), translations: by('x_service_translation'),
  };
  const virtual = new Set(dataset.tables.location.filter((row) => row.location_type === 'virtual').map((row) => text(row.id)));
  return dataset.tables.service.flatMap((row): PlannedOffer[] => {
    const id = text(row.id);
    if (text(row.status || 'active') !== 'active') {
      problems.push({ file: 'services.csv', line: row._line, field: 'status', message: `"${text(row.status)}": only active services are imported`, level: 'warning' });
      return [];
    }
    const linked = terms.get(id) ?? [];
    const feature = (slug: string) => linked.some((term) => term.vocabulary === 'feature' && term.slug === slug);
    const links = related.links(id);
    const places = links.map((link) => text(link.location_id)).filter((key) => placeKeys.has(key));
    const format: OfferFormat = feature('format-hybrid') ? 'hybrid' : feature('format-online') || (places.length === 0 && links.every((link) => virtual.has(text(link.location_id)))) ? 'online' : 'in-person';
    const times = schedule(related.schedules(id));
    const contact = related.contacts(id)[0];
    const phone = related.phones(id).find((candidate) => !candidate.contact_id) ?? related.phones(id)[0];
    const description = text(row.description).slice(0, 10_000);
    return [
      {
        key: id,
        line: row._line,
        providerKey: text(row.organization_id),
        placeKeys: places,
        input: {
          title: text(row.name).slice(0, 140),
          summary: (text(row.x_summary) || description.split(/(?<=[.!?])\s/)[0] || '').slice(0, 400),
          description,
          ...cost(related.costs(id), text(row.fees_description)),
          ageMin: age(row.minimum_age),
          ageMax: age(row.maximum_age),
          byAppointment: times.byAppointment || feature('by-appointment'),
          scheduleNote: times.note,
          schedule: times.slots,
          startDate: isoDate(row.x_start_date) ?? isoDate(related.schedules(id)[0]?.valid_from),
          endDate: isoDate(row.x_end_date) ?? isoDate(related.schedules(id)[0]?.valid_to),
          nextStartDate: isoDate(row.x_next_start_date),
          rollingEntry: feature('rolling-entry'),
          format: places.length === 0 && format !== 'online' ? 'online' : format,
          registrationRequired: feature('registration-required'),
          registrationMethods: REGISTRATION_METHODS.filter((method): method is RegistrationMethod => feature(`registration-${method}`)),
          registrationNote: (text(row.x_registration_note) || (row.x_page_url ? '' : text(row.application_process))).slice(0, 1000) || null,
          bringAlong: related.documents(id).map((document) => text(document.document)).filter(Boolean).join('; ').slice(0, 1000) || null,
          interpreterOnRequest: feature('interpreter-on-request') || Boolean(text(row.interpretation_services)),
          childcare: feature('childcare'),
          womenOnly: feature('women-only'),
          contactName: text(contact?.name).slice(0, 120) || null,
          email: text(row.email) || text(contact?.email) || null,
          phone: phone ? text(phone.number).replace(/^"+|"+$/g, '').slice(0, 60) : null,
          url: text(row.url) || null,
          validFrom: isoDate(row.x_valid_from),
          validUntil: isoDate(row.x_valid_until),
          lastVerifiedAt: isoDate(row.assured_date) ? `${isoDate(row.assured_date)}T00:00:00.000Z` : null,
          categories: categoriesOf(linked, taxonomy, { name: text(row.name), description }, row._line, problems),
          targetGroups: [...new Set(linked.filter((term) => term.vocabulary === 'target').map((term) => term.slug))],
          languages: languages(related.languages(id), taxonomy, row._line, problems),
          translations: related.translations(id).map((translation) => ({
            locale: text(translation.language),
            title: text(translation.name),
            summary: text(translation.summary),
            description: text(translation.description),
            registrationNote: text(translation.registration_note) || null,
            bringAlong: text(translation.bring_along) || null,
          })),
          externalId: id,
          source,
        },
      },
    ];
  });
}

/** Wegweiser topics of a service; a service whose terms do not map gets the nearest topic by its text, and the row is reported. */
function categoriesOf(linked: LinkedTerm[], taxonomy: Taxonomy, service: { name: string; description: string }, line: number, problems: ImportProblem[]): string[] {
  const mapped = [...new Set(linked.filter((term) => term.vocabulary === 'category').map((term) => term.slug))];
  const unmapped = linked.filter((term) => term.vocabulary === 'other').map((term) => term.name);
  if (mapped.length > 0) return mapped;
  const nearest = nearestCategory(taxonomy, service.name, service.description) ?? 'everyday';
  const terms = unmapped.length > 0 ? `its terms ${unmapped.map((name) => `"${name}"`).join(', ')} match no Wegweiser topic` : 'it has no topic';
  problems.push({ file: 'services.csv', line, field: 'attributes', message: `${terms}; filed under the nearest topic "${nearest}"`, level: 'warning' });
  return [nearest];
}
