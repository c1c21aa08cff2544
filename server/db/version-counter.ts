import type { Queryable } from './transaction.ts';

/** The one-row counters that app instances sharing a database watch (see server/cluster/shared-versions.ts). */
export type VersionCounter = 'search_index_version' | 'taxonomy_version';

/** Raises a counter by one (creating it at 1), with the time of the change in ms since the epoch. */
export async function raiseVersion(db: Queryable, counter: VersionCounter, changedAt: number): Promise<void> {
  await db(counter)
    .insert({ id: 1, version: 1, changed_at: changedAt })
    .onConflict('id')
    .merge({ version: db.raw(`${counter}.version + 1`), changed_at: changedAt });
}
