import { actorOf, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import { parseProvider, uniqueProviderSlug } from '../providers/provider-admin-service.ts';
import { insertProvider } from '../providers/provider-repository.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { User } from './account-repository.ts';
import { rankProviderMatches, type ProviderCandidate, type ProviderMatch } from './provider-match.ts';

export interface LinkingDeps {
  db: Database;
  clock: () => Date;
  region: Region;
  taxonomy: Taxonomy;
}

export interface AccountForLinking {
  id: number;
  email: string;
  displayName: string;
  role: User['role'];
  verified: boolean;
  providerId: number | null;
  providerName: string | null;
  organisationName: string | null;
  organisationTown: string | null;
  /** For a provider account not linked yet: the organisations that best match what was typed at sign-up. */
  suggestions: ProviderMatch[];
}

/** Every organisation with the towns of its places (their town names and the region's names of their districts). */
async function loadProviderCandidates(deps: Pick<LinkingDeps, 'db' | 'region'>): Promise<ProviderCandidate[]> {
  const [providers, places] = await Promise.all([
    deps.db('providers').select('id', 'name'),
    deps.db('locations').distinct('provider_id', 'city', 'district'),
  ]);
  const districtNames = new Map(deps.region.districts.map((district) => [district.slug, district.name]));
  const towns = new Map<number, Set<string>>();
  for (const place of places as Array<{ provider_id: number; city: string; district: string }>) {
    const set = towns.get(place.provider_id) ?? new Set<string>();
    if (place.city) set.add(place.city);
    const district = districtNames.get(place.district);
    if (district) set.add(district);
    towns.set(place.provider_id, set);
  }
  return (providers as Array<{ id: number; name: string }>).map((provider) => ({ ...provider, towns: [...(towns.get(provider.id) ?? [])] }));
}

/**
 * Accounts newest first, with the organisation each is linked to; an unlinked
 * provider account also carries the organisations that best match the name and
 * town typed at sign-up (compared in memory: a directory has hundreds, not millions).
 */
export async function listAccountsForLinking(deps: Pick<LinkingDeps, 'db' | 'region'>): Promise<AccountForLinking[]> {
  const rows = await deps.db('users')
    .leftJoin('providers', 'providers.id', 'users.provider_id')
    .orderBy('users.created_at', 'desc')
    .orderBy('users.id', 'desc')
    .limit(500)
    .select('users.id', 'users.email', 'users.display_name', 'users.role', 'users.email_verified_at', 'users.provider_id', 'users.organisation_name', 'users.organisation_town', 'providers.name as provider_name');
  const needsMatch = rows.some((row) => row.role === 'provider' && !row.provider_id && row.organisation_name);
  const candidates = needsMatch ? await loadProviderCandidates(deps) : [];
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    verified: Boolean(row.email_verified_at),
    providerId: row.provider_id,
    providerName: row.provider_name,
    organisationName: row.organisation_name,
    organisationTown: row.organisation_town,
    suggestions: row.role === 'provider' && !row.provider_id && row.organisation_name
      ? rankProviderMatches({ name: row.organisation_name, town: row.organisation_town ?? '' }, candidates)
      : [],
  }));
}

/** Organisations whose name contains the words typed, for choosing one to link (at most 20). */
export async function searchProviders(db: Database, text: string): Promise<Array<{ id: number; name: string }>> {
  const words = text.trim().toLowerCase().split(/\s+/).filter((word) => word.length > 0).slice(0, 5);
  const query = db('providers').orderBy('name').limit(20).select('id', 'name');
  for (const word of words) query.whereRaw("lower(name) LIKE ? ESCAPE '\\'", [`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  return words.length > 0 ? query : [];
}

/** Links a provider account to an organisation, recorded in the audit log in the same transaction. */
export async function linkAccountToProvider(deps: Pick<LinkingDeps, 'db' | 'clock'>, staff: User, userId: number, providerIdInput: unknown): Promise<void> {
  const providerId = Number(providerIdInput);
  const provider = Number.isInteger(providerId) ? await deps.db('providers').where({ id: providerId }).first('id') : undefined;
  if (!provider) throw new ValidationError({ providerId: 'admin.accounts.unknownProvider' });
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const changed = await trx('users').where({ id: userId, role: 'provider' }).update({ provider_id: provider.id, updated_at: now.toISOString() });
    if (changed === 0) throw new NotFoundError();
    await recordAudit(trx, { actor: actorOf(staff), action: 'link-provider', entity: 'user', entityId: userId, details: { providerId: provider.id }, now });
  });
}

/**
 * Nothing in the directory matches what a person typed: staff create the
 * organisation under that name (they may correct it) and link the account to
 * it, in one transaction. Answers the new organisation's id, so staff can add
 * its places next.
 */
export async function createProviderForAccount(deps: LinkingDeps, staff: User, userId: number, body: unknown): Promise<number> {
  const input = parseProvider(body, deps.taxonomy);
  const now = deps.clock();
  const slug = await uniqueProviderSlug(deps.db, input.name);
  return deps.db.transaction(async (trx) => {
    const account = await trx('users').where({ id: userId, role: 'provider' }).whereNull('provider_id').first('id');
    if (!account) throw new NotFoundError();
    const providerId = await insertProvider(trx, { ...input, slug }, now.toISOString());
    await trx('users').where({ id: userId }).update({ provider_id: providerId, updated_at: now.toISOString() });
    await recordAudit(trx, { actor: actorOf(staff), action: 'create', entity: 'provider', entityId: providerId, now });
    await recordAudit(trx, { actor: actorOf(staff), action: 'link-provider', entity: 'user', entityId: userId, details: { providerId }, now });
    return providerId;
  });
}
