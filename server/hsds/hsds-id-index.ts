import type { Database } from '../db/db-connection.ts';
import type { IdMaker } from './hsds-ids.ts';
import { listIdKeys } from './hsds-repository.ts';

type LookupKind = 'service' | 'organization' | 'service_at_location';

interface KindIndex {
  byUuid: Map<string, string>;
  maxId: number;
  refreshedAt: number;
}

/** A miss rescans at most this often, so made-up ids cannot keep the server hashing. */
const MIN_RESCAN_MS = 2000;

/**
 * HSDS ids are one-way hashes of record numbers, so looking one up means
 * knowing the hash of every record. The index hashes each record once, then
 * only records added since (numbers only grow); links between offers and
 * places have no number and are rescanned whole.
 */
export class HsdsIdIndex {
  private readonly kinds = new Map<LookupKind, KindIndex>();

  constructor(
    private readonly db: Database,
    private readonly ids: IdMaker,
    private readonly now: () => number = Date.now,
  ) {}

  /** The record key for an HSDS id ("17", or "17-4" for an offer at a place), if any record has it. */
  async resolve(kind: LookupKind, uuid: string): Promise<string | undefined> {
    let index = this.kinds.get(kind);
    const known = index?.byUuid.get(uuid);
    if (known !== undefined) return known;
    if (index && this.now() - index.refreshedAt < MIN_RESCAN_MS) return undefined;
    index = await this.refresh(kind, index);
    return index.byUuid.get(uuid);
  }

  private async refresh(kind: LookupKind, previous: KindIndex | undefined): Promise<KindIndex> {
    const incremental = kind !== 'service_at_location' && previous !== undefined;
    const index: KindIndex = incremental ? previous : { byUuid: new Map(), maxId: 0, refreshedAt: 0 };
    for (const { key, id } of await listIdKeys(this.db, kind, index.maxId)) {
      index.byUuid.set(this.ids.record(kind, key), key);
      if (id > index.maxId) index.maxId = id;
    }
    index.refreshedAt = this.now();
    this.kinds.set(kind, index);
    return index;
  }
}
