import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { ValidationError } from '../errors/app-errors.ts';
import { slugify, toLocationColumns } from '../offers/offer-mapper.ts';
import { insertOfferRelations, insertOfferRow, replaceOfferRelations, updateOfferRow } from '../offers/offer-repository.ts';
import { parseOfferInput } from '../offers/offer-schema.ts';
import { insertLocation, insertProvider } from '../providers/provider-repository.ts';
import type { Region } from '../region/region-config.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { HsdsDataset } from './hsds-datapackage-reader.ts';
import { planOffers, type PlannedOffer } from './hsds-import-offers.ts';
import { planPlaces, planProviders, type ImportProblem, type PlannedPlace, type PlannedProvider } from './hsds-import-places.ts';
import { linkAttributes } from './hsds-import-terms.ts';

export interface HsdsImportDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  clock: () => Date;
  notifySearch: () => void;
}

export interface HsdsImportResult {
  source: string;
  created: { providers: number; places: number; offers: number };
  updated: { providers: number; places: number; offers: number };
  warnings: ImportProblem[];
}

/** Reading the whole package before writing anything: an error anywhere stops the import with every problem named. */
export function planHsdsImport(dataset: HsdsDataset, taxonomy: Taxonomy, region: Region, source: string) {
  const problems: ImportProblem[] = [];
  const terms = linkAttributes(dataset, taxonomy);
  const providers = planProviders(dataset, terms, taxonomy, source, problems);
  const places = planPlaces(dataset, terms, region, source, problems);
  const offers = planOffers(dataset, terms, taxonomy, new Set(places.map((place) => place.key)), source, problems);
  const providerKeys = new Set(providers.map((provider) => provider.key));
  for (const offer of offers.filter((candidate) => !providerKeys.has(candidate.providerKey))) {
    problems.push({ file: 'services.csv', line: offer.line, field: 'organization_id', message: 'no such organization in the package', level: 'error' });
  }
  return { providers, places: places.filter((place) => providerKeys.has(place.providerKey)), offers, problems };
}

async function existingId(trx: Knex.Transaction, table: string, source: string, externalId: string): Promise<number | undefined> {
  return (await trx(table).where({ source, external_id: externalId }).first('id'))?.id;
}

async function uniqueSlug(trx: Knex.Transaction, table: 'offers' | 'providers', text: string, fallback: string): Promise<string> {
  const root = slugify(text) || fallback;
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? root : `${root}-${n}`;
    if (!(await trx(table).where({ slug: candidate }).first('id'))) return candidate;
  }
}

async function writeProvider(trx: Knex.Transaction, provider: PlannedProvider, source: string, now: string, counts: HsdsImportResult): Promise<number> {
  const id = await existingId(trx, 'providers', source, provider.key);
  if (id === undefined) {
    counts.created.providers += 1;
    return insertProvider(trx, { ...provider.input, slug: await uniqueSlug(trx, 'providers', provider.input.name, 'traeger') }, now);
  }
  const { name, description, kind, website, email, phone } = provider.input;
  await trx('providers').where({ id }).update({ name, description, kind, website, email, phone, updated_at: now });
  counts.updated.providers += 1;
  return id;
}

async function writePlace(trx: Knex.Transaction, place: PlannedPlace, providerId: number, source: string, now: string, counts: HsdsImportResult): Promise<number> {
  const id = await existingId(trx, 'locations', source, place.key);
  if (id === undefined) {
    counts.created.places += 1;
    return insertLocation(trx, providerId, place.input, now);
  }
  await trx('locations').where({ id }).update({ ...toLocationColumns(place.input), provider_id: providerId, updated_at: now });
  counts.updated.places += 1;
  return id;
}

function offerInput(offer: PlannedOffer, providerId: number, locationIds: number[], status: 'published' | 'pending', taxonomy: Taxonomy, problems: ImportProblem[]) {
  try {
    return parseOfferInput({ ...offer.input, providerId, locationIds, status }, taxonomy);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const [field, message] of Object.entries(error.fields)) problems.push({ file: 'services.csv', line: offer.line, field, message, level: 'error' });
    return undefined;
  }
}

function failOnErrors(problems: ImportProblem[]): void {
  const errors = problems.filter((problem) => problem.level === 'error');
  if (errors.length > 0) throw new ValidationError(Object.fromEntries(errors.slice(0, 100).map((problem) => [`${problem.file}:${problem.line}:${problem.field}`, problem.message])), 'errors.badRequest');
}

/**
 * Imports an HSDS datapackage through the offer, provider and place
 * repositories in one transaction. Records keep their HSDS id as external id
 * under `source`, so importing the same package again updates them. Any error
 * rolls everything back and names file, line and field.
 */
export async function importHsdsDataset(deps: HsdsImportDeps, dataset: HsdsDataset, options: { status: 'published' | 'pending'; source?: string }): Promise<HsdsImportResult> {
  const source = options.source ?? `hsds:${dataset.name}`;
  const plan = planHsdsImport(dataset, deps.taxonomy, deps.region, source);
  failOnErrors(plan.problems);
  const result: HsdsImportResult = { source, created: { providers: 0, places: 0, offers: 0 }, updated: { providers: 0, places: 0, offers: 0 }, warnings: plan.problems };
  const now = deps.clock().toISOString();
  await deps.db.transaction(async (trx) => {
    const providerIds = new Map<string, number>();
    for (const provider of plan.providers) providerIds.set(provider.key, await writeProvider(trx, provider, source, now, result));
    const placeIds = new Map<string, number>();
    for (const place of plan.places) placeIds.set(place.key, await writePlace(trx, place, providerIds.get(place.providerKey)!, source, now, result));
    const placeOwner = new Map(plan.places.map((place) => [place.key, place.providerKey]));
    const written: number[] = [];
    for (const offer of plan.offers) {
      const providerId = providerIds.get(offer.providerKey)!;
      // A place of another organization cannot hold this offer in Wegweiser; such links are dropped.
      const locationIds = offer.placeKeys.filter((key) => placeOwner.get(key) === offer.providerKey).map((key) => placeIds.get(key)!);
      const input = offerInput(offer, providerId, locationIds, options.status, deps.taxonomy, plan.problems);
      if (!input) continue;
      const id = await existingId(trx, 'offers', source, offer.key);
      const offerId = id ?? (await insertOfferRow(trx, input, { slug: await uniqueSlug(trx, 'offers', input.title, 'angebot'), status: options.status, now }));
      // A new offer has no relations to replace: six deletes fewer per offer, each a round trip on PostgreSQL.
      if (id !== undefined) {
        await updateOfferRow(trx, id, input, now);
        await replaceOfferRelations(trx, offerId, input);
      } else await insertOfferRelations(trx, [{ offerId, input }]);
      result[id === undefined ? 'created' : 'updated'].offers += 1;
      written.push(offerId);
    }
    failOnErrors(plan.problems);
    // An updated offer may already be public, whatever the status of new ones.
    await enqueueSearchSync(trx, written, now);
  });
  deps.notifySearch();
  return result;
}
