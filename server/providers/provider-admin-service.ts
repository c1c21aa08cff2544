import { z } from 'zod';
import type { User } from '../accounts/account-repository.ts';
import { parseForm } from '../web/parse-form.ts';
import { actorOf, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { slugify } from '../offers/offer-mapper.ts';
import type { Region } from '../region/region-config.ts';
import { enqueueSearchSync } from '../search/search-outbox-repository.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { checkPlace, readPlaceForm, type PlaceProblem } from './place-input.ts';
import { insertLocation, insertProvider, listOfferIdsOfProvider, type LocationInput } from './provider-repository.ts';

export interface ProviderAdminDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  clock: () => Date;
  notifySearch: () => void;
}

const optionalText = (max: number) => z.string().trim().max(max, 'form.tooLong').optional().transform((value) => value || null);

const providerSchema = z.object({
  name: z.string().trim().min(3, 'form.required').max(200, 'form.tooLong'),
  kind: z.string().min(1, 'form.required'),
  description: z.string().trim().max(4000, 'form.tooLong').default(''),
  website: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'providers.invalidUrl' })]).optional().transform((value) => value || null),
  email: z.union([z.literal(''), z.email('form.invalidEmail')]).optional().transform((value) => value || null),
  phone: optionalText(60),
});

/** The provider form, with its kind checked against the taxonomy. */
export function parseProvider(body: unknown, taxonomy: Taxonomy) {
  const input = parseForm(providerSchema, body);
  if (!taxonomy.has('provider-kind', input.kind)) throw new ValidationError({ kind: 'form.required' });
  return input;
}

/** The staff form's messages for each kind of problem with a place. */
const PLACE_MESSAGES: Record<PlaceProblem, string> = {
  required: 'form.required',
  tooLong: 'form.tooLong',
  postcodeFormat: 'providers.invalidPostcode',
  postcodeUnknown: 'providers.postcodeUnknown',
  postcodeNotInTown: 'providers.postcodeNotInTown',
  townUnknown: 'form.required',
  pinTooFar: 'providers.pinTooFar',
};

const PLACE_FIELDS = {
  name: 'name', street: 'street', postcode: 'postcode', district: 'district', latitude: 'latitude', longitude: 'longitude', stepFree: 'stepFree',
  addressOnRequest: 'addressOnRequest', precision: 'precision',
};

/** A place from the staff form; the same checks as the providers' offer form (see place-input.ts). */
function parseLocation(body: unknown, region: Region): LocationInput {
  const form = readPlaceForm((typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>, PLACE_FIELDS);
  const checked = checkPlace(form, region, { nameRequired: true, defaultName: '' });
  if (checked.ok) return checked.location;
  throw new ValidationError(Object.fromEntries(Object.entries(checked.problems).map(([field, problem]) => [field, PLACE_MESSAGES[problem]])));
}

/** A slug no provider has yet, from the name. */
export async function uniqueProviderSlug(db: Database, name: string): Promise<string> {
  const base = slugify(name) || 'traeger';
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await db('providers').where({ slug: candidate }).first('id'))) return candidate;
  }
}

export async function createProvider(deps: ProviderAdminDeps, staff: User, body: unknown): Promise<number> {
  const input = parseProvider(body, deps.taxonomy);
  const now = deps.clock();
  const slug = await uniqueProviderSlug(deps.db, input.name);
  return deps.db.transaction(async (trx) => {
    const id = await insertProvider(trx, { ...input, slug }, now.toISOString());
    await recordAudit(trx, { actor: actorOf(staff), action: 'create', entity: 'provider', entityId: id, now });
    return id;
  });
}

/** Updates a provider; its published offers are re-indexed, since their documents carry its name. */
export async function updateProvider(deps: ProviderAdminDeps, staff: User, id: number, body: unknown): Promise<void> {
  const input = parseProvider(body, deps.taxonomy);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const changed = await trx('providers').where({ id }).update({ ...input, updated_at: now.toISOString() });
    if (changed === 0) throw new NotFoundError('errors.providerNotFound');
    await enqueueSearchSync(trx, await listOfferIdsOfProvider(trx, id), now.toISOString());
    await recordAudit(trx, { actor: actorOf(staff), action: 'update', entity: 'provider', entityId: id, now });
  });
  deps.notifySearch();
}

/** Deleting a provider that still has offers or accounts is refused. */
export async function deleteProvider(deps: ProviderAdminDeps, staff: User, id: number): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const offers = await trx('offers').where({ provider_id: id }).count({ n: '*' }).first();
    const users = await trx('users').where({ provider_id: id }).count({ n: '*' }).first();
    if (Number(offers?.n) > 0 || Number(users?.n) > 0) throw new ConflictError('providers.inUse');
    if ((await trx('providers').where({ id }).delete()) === 0) throw new NotFoundError('errors.providerNotFound');
    await recordAudit(trx, { actor: actorOf(staff), action: 'delete', entity: 'provider', entityId: id, now });
  });
}

export async function addLocation(deps: ProviderAdminDeps, staff: User, providerId: number, body: unknown): Promise<number> {
  const input = parseLocation(body, deps.region);
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    if (!(await trx('providers').where({ id: providerId }).first('id'))) throw new NotFoundError('errors.providerNotFound');
    const id = await insertLocation(trx, providerId, input, now.toISOString());
    await recordAudit(trx, { actor: actorOf(staff), action: 'create', entity: 'location', entityId: id, details: { providerId }, now });
    return id;
  });
}

/** Deleting a place where an offer still runs is refused. */
export async function deleteLocation(deps: ProviderAdminDeps, staff: User, id: number): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const used = await trx('offer_locations').where({ location_id: id }).count({ n: '*' }).first();
    if (Number(used?.n) > 0) throw new ConflictError('providers.locationInUse');
    const location = await trx('locations').where({ id }).first('provider_id');
    if (!location) throw new NotFoundError();
    await trx('locations').where({ id }).delete();
    await recordAudit(trx, { actor: actorOf(staff), action: 'delete', entity: 'location', entityId: id, now });
    return location.provider_id as number;
  });
}
