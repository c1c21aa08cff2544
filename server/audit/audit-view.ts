import { jsonField } from '../db/sql-dialect.ts';
import type { Queryable } from '../db/transaction.ts';
import type { Translate } from '../web/view-context.ts';

export const AUDIT_PAGE_SIZE = 100;

export interface AuditFilter {
  actor: string;
  offerId: number | null;
  action: string;
  page: number;
}

interface AuditRow {
  id: number;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: number | null;
  details: string;
  created_at: string;
}

/** Entries newest first, by who (part of the e-mail), by offer (the offer's own entries and those that name it) and by action; paged. */
export async function listAuditEntries(db: Queryable, filter: AuditFilter) {
  const query = db<AuditRow>('audit_log');
  if (filter.actor) query.whereRaw("lower(actor_label) LIKE ? ESCAPE '\\'", [`%${filter.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
  if (filter.action) query.where({ action: filter.action });
  if (filter.offerId !== null) {
    const offerId = filter.offerId;
    query.where((inner) => inner.where({ entity: 'offer', entity_id: offerId }).orWhereRaw('? = ?', [jsonField(db, 'details', 'offerId'), offerId]));
  }
  const total = Number((await query.clone().count({ n: '*' }).first())?.n ?? 0);
  const rows = (await query.orderBy('id', 'desc').limit(AUDIT_PAGE_SIZE).offset((filter.page - 1) * AUDIT_PAGE_SIZE).select()) as AuditRow[];
  const actions = (await db('audit_log').distinct('action').orderBy('action')).map((row) => String(row.action));
  return { rows, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), actions };
}

/** Where a changed thing can be looked at in the back office. */
function linkOf(row: AuditRow): string | null {
  const details = JSON.parse(row.details || '{}') as { offerId?: number; providerId?: number };
  if (row.entity === 'offer' && row.entity_id) return `/admin/offers/${row.entity_id}/edit`;
  if (row.entity === 'provider' && row.entity_id) return `/admin/providers/${row.entity_id}`;
  if (row.entity === 'problem_report') return details.offerId ? `/admin/offers/${details.offerId}/edit` : '/admin/reports';
  if (row.entity === 'user') return '/admin/accounts';
  if (row.entity === 'location' && details.providerId) return `/admin/providers/${details.providerId}`;
  return null;
}

/** One entry as staff read it: the local time, a German (or UI-language) action, what it concerns and a link. */
export function toAuditEntryView(row: AuditRow, ctx: { locale: string; t: Translate; timeZone: string }) {
  const when = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone }).format(new Date(row.created_at));
  const details = JSON.parse(row.details || '{}') as { reason?: string };
  return {
    when,
    iso: row.created_at,
    who: row.actor_label,
    what: ctx.t(`audit.actions.${row.action}`, { defaultValue: row.action }),
    entity: `${ctx.t(`audit.entities.${row.entity}`, { defaultValue: row.entity })}${row.entity_id ? ` ${row.entity_id}` : ''}`,
    reason: details.reason ?? null,
    link: linkOf(row),
  };
}
