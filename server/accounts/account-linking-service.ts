import { actorOf, recordAudit } from '../audit/audit-log.ts';
import type { Database } from '../db/db-connection.ts';
import { NotFoundError, ValidationError } from '../errors/app-errors.ts';
import type { User } from './account-repository.ts';

/** Accounts newest first, with the organisation each is linked to. */
export async function listAccountsForLinking(db: Database) {
  return db('users')
    .leftJoin('providers', 'providers.id', 'users.provider_id')
    .orderBy('users.created_at', 'desc')
    .limit(500)
    .select('users.id', 'users.email', 'users.display_name', 'users.role', 'users.email_verified_at', 'users.provider_id', 'providers.name as provider_name');
}

/** Organisations whose name contains the words typed, for choosing one to link (at most 20). */
export async function searchProviders(db: Database, text: string): Promise<Array<{ id: number; name: string }>> {
  const words = text.trim().toLowerCase().split(/\s+/).filter((word) => word.length > 0).slice(0, 5);
  const query = db('providers').orderBy('name').limit(20).select('id', 'name');
  for (const word of words) query.whereRaw("lower(name) LIKE ? ESCAPE '\\'", [`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  return words.length > 0 ? query : [];
}

/** Links a provider account to an organisation, recorded in the audit log in the same transaction. */
export async function linkAccountToProvider(deps: { db: Database; clock: () => Date }, staff: User, userId: number, providerIdInput: unknown): Promise<void> {
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
