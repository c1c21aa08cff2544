import type { Queryable } from '../db/transaction.ts';
import { raiseVersion } from '../db/version-counter.ts';

/** Raises the shared taxonomy version; called inside the transaction that changed terms or labels. */
export function bumpTaxonomyVersion(trx: Queryable, now: Date): Promise<void> {
  return raiseVersion(trx, 'taxonomy_version', now.getTime());
}
