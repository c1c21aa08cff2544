import type { Knex } from 'knex';
import type { User } from '../accounts/account-repository.ts';
import type { Database } from '../db/db-connection.ts';

type Queryable = Database | Knex.Transaction;

export interface Actor {
  userId: number | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system' };

/** The signed-in user as the audit log names them. */
export function actorOf(user: Pick<User, 'id' | 'email'>): Actor {
  return { userId: user.id, label: user.email };
}

/** Records a change; call inside the change's transaction. */
export async function recordAudit(
  db: Queryable,
  entry: { actor: Actor; action: string; entity: string; entityId?: number | null; details?: Record<string, unknown>; now: Date },
): Promise<void> {
  await db('audit_log').insert({
    actor_user_id: entry.actor.userId,
    actor_label: entry.actor.label,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId ?? null,
    details: JSON.stringify(entry.details ?? {}),
    created_at: entry.now.toISOString(),
  });
}

export async function listAudit(db: Queryable, filter: { entity?: string; entityId?: number; limit?: number } = {}) {
  const query = db('audit_log').orderBy('id', 'desc').limit(filter.limit ?? 100);
  if (filter.entity) query.where({ entity: filter.entity });
  if (filter.entityId !== undefined) query.where({ entity_id: filter.entityId });
  return query.select();
}
