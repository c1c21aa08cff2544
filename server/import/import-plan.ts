import { changedOfferFields } from './import-compare.ts';
import type { FileContents, FileOffer, FilePlace, FileProvider } from './import-grouping.ts';
import { placeAddressKey, readOwnId } from './import-keys.ts';
import { closestMatch, foldName } from './import-text.ts';
import type { ImportProblem, OfferDraft, PlaceDraft, Precision } from './import-types.ts';

export type Action = 'create' | 'update' | 'unchanged';

export interface ExistingProvider { id: number; name: string; externalId: string | null; source: string | null; districts: string[] }
export interface ExistingPlace extends Omit<PlaceDraft, 'street' | 'postcode'> { id: number; providerId: number; street: string | null; postcode: string | null }
export interface ExistingOffer { id: number; providerId: number; title: string; externalId: string | null; importKey: string | null; source: string | null; status: string }
export interface StoredOffer { id: number; draft: OfferDraft; providerId: number; locationIds: number[]; status: string; lastVerifiedAt: string | null; translations: Array<{ locale: string; title: string; summary: string; description: string }> }

export interface ImportState {
  providers: ExistingProvider[];
  places: ExistingPlace[];
  /** Every offer that came from an import (it has an external id or a key), plus those the file names by their own id. */
  offers: ExistingOffer[];
  /** Full contents of the offers the file matches, by id. */
  stored: Map<number, StoredOffer>;
}

export interface ProviderPlan {
  key: string;
  name: string;
  action: Action;
  existingId: number | null;
  /** A name match staff confirm (or turn into a new provider). */
  proposal: { candidates: Array<{ id: number; name: string }>; chosen: number | 'new' } | null;
  externalId: string | null;
  source: string | null;
  lines: number[];
}

export interface PlacePlan { key: string; providerKey: string; action: Action; existingId: number | null; place: PlaceDraft; lines: number[] }

export interface OfferPlan {
  key: string;
  action: Action;
  existingId: number | null;
  externalId: string | null;
  importKey: string | null;
  draft: OfferDraft;
  providerKey: string;
  placeKeys: string[];
  lines: number[];
  changes: Array<keyof OfferDraft | 'provider' | 'places'>;
}

export interface PlanOptions {
  /** Staff choices for name matches: file provider key → existing id or "new". */
  decisions: Record<string, number | 'new'>;
  /** Offers last checked before this date (YYYY-MM-DD) are overdue. */
  overdueBefore: string;
}

export interface ImportPlan {
  providers: ProviderPlan[];
  places: PlacePlan[];
  offers: OfferPlan[];
  problems: ImportProblem[];
  missing: Array<{ id: number; title: string }>;
  overdue: Array<{ line: number; title: string; lastVerified: string }>;
}

/** Lookups built once per run: folding names and addresses for every comparison cost seconds at 5,000 rows. */
interface StateIndex {
  state: ImportState;
  providersByName: Map<string, ExistingProvider[]>;
  providerNames: Array<{ folded: string; value: ExistingProvider }>;
  placesByProvider: Map<number, Array<{ place: ExistingPlace; key: string }>>;
  offersById: Map<number, ExistingOffer>;
  offersByExternalId: Map<string, ExistingOffer[]>;
  offersByImportKey: Map<string, ExistingOffer>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexState(state: ImportState): StateIndex {
  const index: StateIndex = { state, providersByName: new Map(), providerNames: [], placesByProvider: new Map(), offersById: new Map(), offersByExternalId: new Map(), offersByImportKey: new Map() };
  for (const provider of state.providers) {
    const folded = foldName(provider.name);
    push(index.providersByName, folded, provider);
    index.providerNames.push({ folded, value: provider });
  }
  for (const place of state.places) push(index.placesByProvider, place.providerId, { place, key: placeAddressKey({ ...place, street: place.street ?? '', postcode: place.postcode ?? '' }) });
  for (const offer of state.offers) {
    index.offersById.set(offer.id, offer);
    if (offer.externalId) push(index.offersByExternalId, offer.externalId, offer);
    if (offer.importKey) index.offersByImportKey.set(offer.importKey, offer);
  }
  return index;
}

function planProvider(file: FileProvider, index: StateIndex, options: PlanOptions): ProviderPlan {
  const { state } = index;
  const base = { key: file.key, name: file.name, externalId: file.externalId, source: file.source, lines: file.lines };
  const ownId = readOwnId('provider', file.externalId);
  const byId = file.externalId ? state.providers.find((p) => (ownId !== undefined ? p.id === ownId : p.externalId === file.externalId)) : undefined;
  if (byId) {
    // A provider's source is set when the import creates it; offers of several lists may share it later.
    return { ...base, action: byId.name !== file.name ? 'update' : 'unchanged', existingId: byId.id, proposal: null };
  }
  const wanted = foldName(file.name);
  const exact = index.providersByName.get(wanted) ?? [];
  // Two shared words at least: a town's name alone ("… Hattingen") says nothing about the provider.
  const similar = exact.length > 0 ? [] : [closestMatch(wanted, index.providerNames, { minSharedWords: 2 })].filter((p): p is ExistingProvider => p !== undefined);
  const candidates = [...exact, ...similar];
  if (candidates.length === 0) return { ...base, action: 'create', existingId: null, proposal: null };
  // Same name and a place in the same town (or no places to compare): proposed as the same provider; anything looser starts as "new".
  const sameTown = exact.find((p) => p.districts.length === 0 || file.districts.length === 0 || p.districts.some((d) => file.districts.includes(d)));
  const decided = options.decisions[file.key];
  const chosen = decided === 'new' || candidates.some((c) => c.id === decided) ? decided! : (sameTown?.id ?? 'new');
  const proposal = { candidates: candidates.map((c) => ({ id: c.id, name: c.name })), chosen };
  if (chosen === 'new') return { ...base, action: 'create', existingId: null, proposal };
  const matched = candidates.find((c) => c.id === chosen)!;
  const update = file.externalId !== null && matched.externalId === null && readOwnId('provider', file.externalId) === undefined;
  return { ...base, action: update ? 'update' : 'unchanged', existingId: chosen, proposal };
}

const sameNumber = (a: number | null, b: number | null) => a !== null && b !== null && Math.abs(a - b) < 1e-6;

/** What a matched place becomes: the file's values, except a pin the file cannot improve on. */
function mergePlace(stored: ExistingPlace, incoming: PlaceDraft): { place: PlaceDraft; changed: boolean } {
  const keepPin = incoming.district === stored.district && (incoming.precision !== 'exact' || (sameNumber(incoming.latitude, stored.latitude) && sameNumber(incoming.longitude, stored.longitude)));
  const place: PlaceDraft = {
    ...incoming,
    externalId: incoming.externalId && readOwnId('place', incoming.externalId) === undefined ? incoming.externalId : stored.externalId,
    name: incoming.name || stored.name,
    ...(keepPin ? { latitude: stored.latitude, longitude: stored.longitude, precision: stored.precision as Precision } : {}),
  };
  const before = [stored.externalId, stored.name, stored.street ?? '', stored.postcode ?? '', stored.district, stored.latitude, stored.longitude, stored.precision, stored.addressOnRequest, stored.stepFree];
  const after = [place.externalId, place.name, place.street, place.postcode, place.district, place.latitude, place.longitude, place.precision, place.addressOnRequest, place.stepFree];
  return { place, changed: JSON.stringify(before) !== JSON.stringify(after) };
}

function planPlace(file: FilePlace, provider: ProviderPlan, index: StateIndex): PlacePlan {
  const base = { key: file.key, providerKey: file.providerKey, lines: file.lines };
  const candidates = provider.existingId === null ? [] : (index.placesByProvider.get(provider.existingId) ?? []);
  const ownId = readOwnId('place', file.draft.externalId);
  const wanted = placeAddressKey(file.draft);
  const stored = (
    (file.draft.externalId ? candidates.find(({ place }) => (ownId !== undefined ? place.id === ownId : place.externalId === file.draft.externalId)) : undefined) ??
    candidates.find(({ key }) => key === wanted)
  )?.place;
  if (!stored) return { ...base, action: 'create', existingId: null, place: { ...file.draft, externalId: ownId === undefined ? file.draft.externalId : null } };
  const merged = mergePlace(stored, file.draft);
  return { ...base, action: merged.changed ? 'update' : 'unchanged', existingId: stored.id, place: merged.place };
}

function findStored(file: FileOffer, index: StateIndex): ExistingOffer | undefined {
  const ownId = readOwnId('offer', file.externalId);
  if (ownId !== undefined) return index.offersById.get(ownId);
  if (file.externalId) {
    const candidates = index.offersByExternalId.get(file.externalId) ?? [];
    return candidates.find((o) => file.draft.source === null || o.source === file.draft.source) ?? candidates[0];
  }
  return file.importKey ? index.offersByImportKey.get(file.importKey) : undefined;
}

function planOffer(file: FileOffer, index: StateIndex, providers: Map<string, ProviderPlan>, places: Map<string, PlacePlan>): OfferPlan {
  const externalId = readOwnId('offer', file.externalId) === undefined ? file.externalId : null;
  const base = { key: file.key, externalId, importKey: file.importKey, draft: file.draft, providerKey: file.providerKey, placeKeys: file.placeKeys, lines: file.lines };
  const match = findStored(file, index);
  const stored = match ? index.state.stored.get(match.id) : undefined;
  if (!match || !stored) return { ...base, action: 'create', existingId: null, changes: [] };
  const changes: OfferPlan['changes'] = changedOfferFields(stored.draft, { ...file.draft, externalId });
  if (providers.get(file.providerKey)?.existingId !== stored.providerId) changes.push('provider');
  const placeIds = file.placeKeys.map((key) => places.get(key)?.existingId ?? null);
  if (placeIds.includes(null) || JSON.stringify([...placeIds].sort()) !== JSON.stringify([...stored.locationIds].sort())) changes.push('places');
  return { ...base, action: changes.length > 0 ? 'update' : 'unchanged', existingId: match.id, changes };
}

/** Decides for every provider, place and offer of the file whether it is created, updated or left as it is. Pure. */
export function planImport(contents: FileContents, state: ImportState, options: PlanOptions): ImportPlan {
  const index = indexState(state);
  const providers = new Map(contents.providers.map((file) => [file.key, planProvider(file, index, options)]));
  const places = new Map(contents.places.map((file) => [file.key, planPlace(file, providers.get(file.providerKey)!, index)]));
  const offers = contents.offers.map((file) => planOffer(file, index, providers, places));
  const matchedIds = new Set(offers.map((offer) => offer.existingId));
  const providerIds = new Set([...providers.values()].map((p) => p.existingId));
  const sources = new Set(contents.offers.map((offer) => offer.draft.source).filter((source) => source !== null));
  const missing = state.offers
    .filter((o) => !matchedIds.has(o.id) && (o.externalId !== null || o.importKey !== null) && !['archived', 'rejected'].includes(o.status))
    .filter((o) => providerIds.has(o.providerId) || (o.source !== null && sources.has(o.source)))
    .map((o) => ({ id: o.id, title: o.title }))
    .sort((a, b) => a.title.localeCompare(b.title, 'de'));
  const overdue = offers
    .filter((o) => o.action !== 'unchanged' && o.draft.lastVerified !== null && o.draft.lastVerified < options.overdueBefore)
    .map((o) => ({ line: o.lines[0]!, title: o.draft.title, lastVerified: o.draft.lastVerified! }));
  return { providers: [...providers.values()], places: [...places.values()], offers, problems: contents.problems, missing, overdue };
}

