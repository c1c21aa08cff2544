import { formatList } from '../i18n/i18n.ts';
import { cachedFormatter, formatTime, weekdayNames } from '../i18n/time-format.ts';
import { formatDay } from '../offers/course-dates.ts';
import { COSTS } from '../offers/offer-types.ts';
import { distanceKm } from '../region/region-config.ts';
import type { ViewContext } from '../web/view-context.ts';
import { OPEN_TIMES } from './open-times.ts';
import type { FacetName } from './search-filter.ts';
import { RADIUS_CHOICES_KM, SORTS, toSearchParams, type SearchQuery } from './search-query.ts';
import type { FacetCounts, SearchHit, SearchResult, Suggestion } from './search-service.ts';

/** "/search?…" for a query; page resets unless kept. */
export function searchUrl(basePath: string, query: SearchQuery): string {
  const params = toSearchParams(query).toString();
  return params ? `${basePath}?${params}` : basePath;
}

/** "Mo, Mi 09:00–12:15" – slots with the same hours share one time range. */
export function summariseSchedule(schedule: SearchHit['schedule'], byAppointment: boolean, ctx: ViewContext): string {
  if (schedule.length === 0) return byAppointment ? ctx.t('offer.byAppointment') : '';
  const names = weekdayNames(ctx.locale);
  const groups = new Map<string, number[]>();
  for (const slot of schedule) {
    const range = `${formatTime(slot.opensAt, ctx.locale)}–${formatTime(slot.closesAt, ctx.locale)}`;
    groups.set(range, [...(groups.get(range) ?? []), slot.weekday]);
  }
  const parts = [...groups].map(([range, days]) => `${formatList(days.map((day) => names[day]!), ctx.locale)} ${range}`);
  const semicolon = ctx.locale === 'ar' || ctx.locale === 'fa' ? '؛ ' : '; ';
  return [...parts, ...(byAppointment ? [ctx.t('offer.andByAppointment')] : [])].join(semicolon);
}

export function formatDistance(km: number, locale: string): string {
  const digits = km < 10 ? 1 : 0;
  return cachedFormatter(`km:${locale}:${digits}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: digits })).format(km);
}

export interface LanguageBadge {
  code: string;
  native: string;
  label: string;
  dir: string;
}

export function languageBadges(codes: string[], ctx: ViewContext): LanguageBadge[] {
  return codes.map((code) => {
    const term = ctx.taxonomy.get('language', code);
    return {
      code,
      native: String(term?.attributes.native ?? code),
      label: ctx.taxonomy.label('language', code, ctx.locale),
      dir: String(term?.attributes.dir ?? 'ltr'),
    };
  });
}

export interface ResultCard {
  offerId: number;
  url: string;
  title: string;
  summary: string;
  /** Set when the text shown is German although the page is in another language. */
  textLang: string | null;
  providerName: string;
  providerUrl: string;
  place: string;
  languages: LanguageBadge[];
  schedule: string;
  cost: string;
  costUnknown: boolean;
  /** "Start: 12. Januar 2027", with rolling entry noted; null for offers without course dates. */
  courseStart: string | null;
  distance: string | null;
  /** The place's pin is a postcode or town centre: the distance is approximate. */
  approximate: boolean;
  distanceKm: number | null;
  lat: number | null;
  lng: number | null;
  /** What the printed list adds to each card: address, phone and how to register. */
  print: { address: string; phone: string | null; register: string };
}

/** The text of a hit in the UI language when translated, else German (marked as such). */
export function localisedText(hit: SearchHit, locale: string): { title: string; summary: string; textLang: string | null } {
  const record = hit as unknown as Record<string, string | undefined>;
  const title = locale === 'de' ? undefined : record[`title_${locale}`];
  if (title) return { title, summary: record[`summary_${locale}`] ?? hit.summary, textLang: null };
  return { title: hit.title, summary: hit.summary, textLang: locale === 'de' ? null : 'de' };
}

/** The start a card shows: the next start when known, else the first day; rolling entry said too. */
function courseStartText(hit: SearchHit, ctx: ViewContext): string | null {
  const date = formatDay(hit.nextStartDate ?? hit.startDate ?? null, ctx.locale);
  if (date) return ctx.t(hit.rollingEntry ? 'search.card.startRolling' : 'search.card.start', { date });
  return hit.rollingEntry ? ctx.t('offer.course.rollingEntry') : null;
}

export function toResultCard(hit: SearchHit, query: SearchQuery, ctx: ViewContext): ResultCard {
  const text = localisedText(hit, ctx.locale);
  const km = query.near && hit._geo ? distanceKm(query.near, hit._geo) : null;
  const place = hit.format === 'online' ? ctx.t('offer.format.online') : [hit.locationName, hit.districtName].filter(Boolean).join(', ');
  return {
    offerId: hit.offerId,
    url: `/offers/${hit.slug}`,
    ...text,
    providerName: hit.providerName,
    providerUrl: `/providers/${hit.providerSlug}`,
    place,
    languages: languageBadges(hit.languages, ctx),
    schedule: summariseSchedule(hit.schedule, hit.byAppointment, ctx),
    cost: ctx.t(`offer.cost.${hit.cost}`),
    costUnknown: hit.cost === 'unknown',
    courseStart: courseStartText(hit, ctx),
    distance: km === null ? null : formatDistance(km, ctx.locale),
    approximate: hit.geoPrecision !== undefined && hit.geoPrecision !== null && hit.geoPrecision !== 'exact',
    distanceKm: km === null ? null : Math.round(km * 10) / 10,
    lat: hit._geo?.lat ?? null,
    lng: hit._geo?.lng ?? null,
    print: {
      address: [hit.locationName, hit.street, [hit.postcode, hit.city].filter(Boolean).join(' ')].filter(Boolean).join(', '),
      phone: hit.phone,
      register: [hit.registrationRequired ? ctx.t('offer.registrationRequired') : ctx.t('offer.noRegistration'), ...(hit.registrationMethods ?? []).map((method) => ctx.t(`referral.method.${method}`))].join(' · '),
    },
  };
}

export interface FacetOption {
  /** The facet's parameter name, carried by each option so the template needs no lookup upwards. */
  name: FacetName;
  value: string;
  label: string;
  native: string | null;
  count: number;
  checked: boolean;
  children: FacetOption[];
}

export interface FacetGroup {
  name: FacetName;
  legend: string;
  /** The options shown at once. */
  shown: FacetOption[];
  /** Further options, folded away in a <details>. */
  folded: FacetOption[];
  /** A folded option is chosen: show the fold open. */
  foldedOpen: boolean;
  /** Options left out of the page, reached by this link (the language list: about 70 languages). */
  showAllUrl: string | null;
  notShown: number;
  selectedCount: number;
}

/** The language list shows this many (chosen ones first, then by count) until the reader asks for all. */
export const LANGUAGES_SHOWN = 8;

function termOptions(name: FacetName, vocabulary: 'district' | 'language' | 'target', query: SearchQuery, counts: FacetCounts, ctx: ViewContext): FacetOption[] {
  const selected: string[] = query[name] as string[];
  const found = counts[name];
  // Only terms found or chosen get a label: the language list has some seventy terms.
  return ctx.taxonomy
    .terms(vocabulary)
    .filter((term) => (found[term.slug] ?? 0) > 0 || selected.includes(term.slug))
    .map((term) => {
      const label = ctx.taxonomy.label(vocabulary, term.slug, ctx.locale);
      const native = vocabulary === 'language' ? String(term.attributes.native ?? '') : '';
      return { name, value: term.slug, label, native: native && native !== label ? native : null, count: found[term.slug] ?? 0, checked: selected.includes(term.slug), children: [] };
    });
}

/** The facet groups of the filter panel, with disjunctive counts. */
export function toFacetGroups(query: SearchQuery, counts: FacetCounts, ctx: ViewContext, options: { allLanguages: boolean } = { allLanguages: false }): FacetGroup[] {
  const category: FacetOption[] = ctx.taxonomy.topCategories().map((top): FacetOption => ({
    name: 'category',
    value: top.slug,
    label: ctx.taxonomy.label('category', top.slug, ctx.locale),
    native: null,
    count: counts.category[top.slug] ?? 0,
    checked: query.category.includes(top.slug),
    children: ctx.taxonomy
      .subcategories(top.slug)
      .map((child): FacetOption => ({
        name: 'category',
        value: child.slug,
        label: ctx.taxonomy.label('category', child.slug, ctx.locale),
        native: null,
        count: counts.category[child.slug] ?? 0,
        checked: query.category.includes(child.slug),
        children: [],
      }))
      .filter((option) => option.count > 0 || option.checked),
  })).filter((option) => option.count > 0 || option.checked);
  const languages = termOptions('language', 'language', query, counts, ctx).sort((a, b) => Number(b.checked) - Number(a.checked) || b.count - a.count);
  const fixed = (name: 'cost' | 'format' | 'weekday' | 'open', values: string[], label: (value: string) => string): FacetOption[] =>
    values.map((value): FacetOption => ({
      name,
      value,
      label: label(value),
      native: null,
      count: counts[name][value] ?? 0,
      checked: (query[name] as Array<string | number>).map(String).includes(value),
      children: [],
    }));
  const weekdays = weekdayNames(ctx.locale, 'long');
  const groups: Array<{ name: FacetName; legend: string; options: FacetOption[]; foldAfter: number }> = [
    { name: 'district', legend: ctx.t('facets.district'), options: termOptions('district', 'district', query, counts, ctx), foldAfter: 99 },
    { name: 'category', legend: ctx.t('facets.category'), options: category, foldAfter: 99 },
    { name: 'language', legend: ctx.t('facets.language'), options: languages, foldAfter: LANGUAGES_SHOWN },
    { name: 'target', legend: ctx.t('facets.target'), options: termOptions('target', 'target', query, counts, ctx), foldAfter: 8 },
    { name: 'weekday', legend: ctx.t('facets.weekday'), options: fixed('weekday', ['1', '2', '3', '4', '5', '6', '7'], (day) => weekdays[Number(day)] ?? day), foldAfter: 99 },
    { name: 'open', legend: ctx.t('facets.open'), options: fixed('open', [...OPEN_TIMES], (time) => ctx.t(`facets.openTime.${time}`)), foldAfter: 99 },
    { name: 'cost', legend: ctx.t('facets.cost'), options: fixed('cost', [...COSTS], (cost) => ctx.t(`offer.cost.${cost}`)), foldAfter: 99 },
    { name: 'format', legend: ctx.t('facets.format'), options: fixed('format', ['in-person', 'online', 'hybrid'], (format) => ctx.t(`offer.format.${format}`)), foldAfter: 99 },
  ];
  return groups.filter((group) => group.options.length > 0).map((group) => foldGroup(group, query, ctx, options));
}

/**
 * Splits a group's options into those shown and those folded away. The
 * language list leaves the rest out of the page (chosen languages come first,
 * so they are always shown) behind a link to the same search with all of them:
 * rendering some seventy options cost a search page a measured share of its
 * CPU time, and a phone reader scrolls past them.
 */
function foldGroup(group: { name: FacetName; legend: string; options: FacetOption[]; foldAfter: number }, query: SearchQuery, ctx: ViewContext, options: { allLanguages: boolean }): FacetGroup {
  const shownCount = Math.max(group.foldAfter, group.options.filter((option) => option.checked).length);
  const shown = group.options.slice(0, shownCount);
  const rest = group.options.slice(shownCount);
  const leftOut = group.name === 'language' && !options.allLanguages && rest.length > 0;
  const folded = leftOut ? [] : rest;
  return {
    name: group.name,
    legend: group.legend,
    shown,
    folded,
    foldedOpen: options.allLanguages && group.name === 'language' ? true : folded.some((option) => option.checked),
    showAllUrl: leftOut ? withParameter(searchUrl(ctx.basePath, query), 'allLanguages', '1') : null,
    notShown: leftOut ? rest.length : 0,
    selectedCount: (query[group.name] as unknown[]).length,
  };
}

function withParameter(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
}

export interface Chip {
  label: string;
  removeUrl: string;
}

/** The chosen filters as removable chips, each linking to the same search without it. */
export function toChips(query: SearchQuery, ctx: ViewContext, districtFromWords: string | null = null): Chip[] {
  const chips: Chip[] = [];
  const without = (change: Partial<SearchQuery>) => searchUrl(ctx.basePath, { ...query, ...change, page: 1 });
  const weekdays = weekdayNames(ctx.locale, 'long');
  const labelOf: Record<FacetName, (value: string) => string> = {
    district: (slug) => {
      const name = ctx.taxonomy.label('district', slug, ctx.locale);
      return slug === districtFromWords ? ctx.t('search.chipInPlace', { place: name }) : name;
    },
    language: (code) => ctx.taxonomy.label('language', code, ctx.locale),
    target: (slug) => ctx.taxonomy.label('target', slug, ctx.locale),
    category: (slug) => ctx.taxonomy.label('category', slug, ctx.locale),
    cost: (cost) => ctx.t(`offer.cost.${cost}`),
    weekday: (day) => weekdays[Number(day)] ?? day,
    open: (time) => ctx.t(`facets.openTime.${time}`),
    format: (format) => ctx.t(`offer.format.${format}`),
  };
  for (const facet of Object.keys(labelOf) as FacetName[]) {
    const selected = query[facet] as Array<string | number>;
    for (const value of selected) {
      chips.push({ label: labelOf[facet](String(value)), removeUrl: without({ [facet]: selected.filter((other) => other !== value) }) });
    }
  }
  for (const flag of ['childcare', 'accessible', 'women'] as const) {
    if (query[flag]) chips.push({ label: ctx.t(`facets.${flag}`), removeUrl: without({ [flag]: false }) });
  }
  if (query.age !== null) chips.push({ label: ctx.t('search.chipAge', { age: query.age }), removeUrl: without({ age: null }) });
  if (query.startsWithin !== null) chips.push({ label: ctx.t('search.chipStartsWithin', { count: query.startsWithin }), removeUrl: without({ startsWithin: null, startsFrom: null }) });
  if (query.near) {
    const label = query.radiusKm ? ctx.t('search.chipNearRadius', { km: query.radiusKm }) : ctx.t('search.chipNear');
    chips.push({ label, removeUrl: without({ near: null, radiusKm: null, sort: query.sort === 'distance' ? 'relevance' : query.sort }) });
  }
  if (query.bbox) chips.push({ label: ctx.t('search.chipArea'), removeUrl: without({ bbox: null }) });
  return chips;
}

export interface SuggestionView {
  label: string;
  url: string;
}

/** Ways out of an empty result, most results first. */
export function toSuggestionViews(suggestions: Suggestion[], query: SearchQuery, ctx: ViewContext): SuggestionView[] {
  return suggestions.map((suggestion) => {
    const count = suggestion.count;
    switch (suggestion.kind) {
      case 'drop-facet':
        return { label: ctx.t('search.suggest.dropFacet', { facet: ctx.t(`facets.${suggestion.facet}`), count }), url: searchUrl(ctx.basePath, { ...query, [suggestion.facet]: [], page: 1 }) };
      case 'drop-flag':
        return { label: ctx.t('search.suggest.dropFlag', { flag: ctx.t(`facets.${suggestion.flag}`), count }), url: searchUrl(ctx.basePath, { ...query, [suggestion.flag]: false, page: 1 }) };
      case 'drop-query':
        return { label: ctx.t('search.suggest.dropQuery', { q: query.q, count }), url: searchUrl(ctx.basePath, { ...query, q: '', page: 1 }) };
      case 'widen-radius':
        return { label: ctx.t('search.suggest.widenRadius', { km: suggestion.radiusKm, count }), url: searchUrl(ctx.basePath, { ...query, radiusKm: suggestion.radiusKm, page: 1 }) };
      default:
        return { label: ctx.t('search.suggest.dropArea', { count }), url: searchUrl(ctx.basePath, { ...query, bbox: null, page: 1 }) };
    }
  });
}

export interface PageLink {
  label: string;
  url: string;
  current: boolean;
}

export function toPagination(result: SearchResult, query: SearchQuery, ctx: ViewContext): { previous: string | null; next: string | null; pages: PageLink[] } {
  const last = Math.min(result.totalPages, 250);
  const at = (page: number) => searchUrl(ctx.basePath, { ...query, page });
  const numbers = [...new Set([1, result.page - 1, result.page, result.page + 1, last])].filter((page) => page >= 1 && page <= last).sort((a, b) => a - b);
  const format = cachedFormatter(`number:${ctx.locale}`, () => new Intl.NumberFormat(ctx.locale));
  return {
    previous: result.page > 1 ? at(result.page - 1) : null,
    next: result.page < last ? at(result.page + 1) : null,
    pages: numbers.map((page) => ({ label: format.format(page), url: at(page), current: page === result.page })),
  };
}

export function sortOptions(query: SearchQuery, ctx: ViewContext) {
  return SORTS.filter((sort) => sort !== 'distance' || query.near).map((sort) => ({ value: sort, label: ctx.t(`search.sort.${sort}`), selected: sort === query.sort }));
}

export function radiusOptions(query: SearchQuery, locale: string) {
  return RADIUS_CHOICES_KM.map((km) => ({ value: km, label: formatDistance(km, locale), selected: km === query.radiusKm }));
}
