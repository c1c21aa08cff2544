/**
 * After the chaos run: every acknowledged write must be in the database (its
 * offer holds that version or a later one) and in the index (the offer's
 * documents carry the database's title).
 */
import type { Meilisearch } from 'meilisearch';
import type { Database } from '../../server/db/db-connection.ts';
import type { ChaosWrite } from './chaos-load.ts';

export interface ChaosCheck {
  acknowledged: number;
  /** Acknowledged writes whose effect (or a later write's) is in the database and in the index. */
  found: number;
  /** Offers whose index title differs from the database's. */
  indexBehind: number[];
  /** Acknowledged writes the database lost. */
  lost: ChaosWrite[];
}

const versionOf = (title: string) => Number(/Fassung (\d+)$/.exec(title)?.[1] ?? 0);

export async function checkChaosWrites(options: { db: Database; meili: Meilisearch; indexUid: string; offerIds: number[]; acknowledged: ChaosWrite[] }): Promise<ChaosCheck> {
  const stored = new Map<number, string>();
  for (const row of await options.db('offers').whereIn('id', options.offerIds).select('id', 'title')) stored.set(Number(row.id), String(row.title));
  const indexed = new Map<number, string>();
  const documents = await options.meili
    .index(options.indexUid)
    .getDocuments<{ offerId: number; title: string }>({ filter: `offerId IN [${options.offerIds.join(', ')}]`, fields: ['offerId', 'title'], limit: options.offerIds.length * 4 });
  for (const doc of documents.results) indexed.set(doc.offerId, doc.title);
  const indexBehind = options.offerIds.filter((id) => indexed.get(id) !== stored.get(id));
  const lost = options.acknowledged.filter((write) => versionOf(stored.get(write.offerId) ?? '') < write.version);
  const found = options.acknowledged.filter((write) => versionOf(stored.get(write.offerId) ?? '') >= write.version && indexed.get(write.offerId) === stored.get(write.offerId)).length;
  return { acknowledged: options.acknowledged.length, found, indexBehind, lost };
}
