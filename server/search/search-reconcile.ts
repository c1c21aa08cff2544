import { readMeta } from '../db/app-meta-repository.ts';
import type { Logger } from '../logging/logger.ts';
import {
  countExpectedDocuments,
  countIndexedDocuments,
  indexExists,
  OFFERS_INDEX,
  applyQuerySettings,
  rebuildOfferIndex,
  SETTINGS_META_KEY,
  type SearchIndexDeps,
} from './offer-search-index.ts';
import { settingsFingerprint } from './search-index-settings.ts';
import type { SearchSyncWorker } from './search-sync-worker.ts';

export type ReconcileOutcome = 'up-to-date' | 'built' | 'rebuilt-settings' | 'rebuilt-count';

/**
 * Brings the index in line at start: builds it if missing, rebuilds it (with a
 * swap) when the settings changed, drains the outbox, and rebuilds once more if
 * the document count still differs from SQLite.
 */
export async function reconcileSearchIndex(
  deps: SearchIndexDeps & { logger: Logger },
  worker: SearchSyncWorker,
): Promise<ReconcileOutcome> {
  const log = (progress: { offers: number; documents: number }) =>
    deps.logger.info(progress, 'indexing offers into Meilisearch');
  if (!(await indexExists(deps.engine, deps.engine.indexUid(OFFERS_INDEX)))) {
    await rebuildOfferIndex(deps, log);
    return 'built';
  }
  if ((await readMeta(deps.db, SETTINGS_META_KEY)) !== settingsFingerprint()) {
    deps.logger.info('search settings changed; rebuilding the index beside the live one');
    await rebuildOfferIndex(deps, log);
    return 'rebuilt-settings';
  }
  await applyQuerySettings(deps);
  worker.start();
  await worker.drain();
  const [expected, indexed] = await Promise.all([countExpectedDocuments(deps.db), countIndexedDocuments(deps.engine)]);
  if (expected !== indexed) {
    deps.logger.warn({ expected, indexed }, 'index and database disagree; rebuilding');
    await rebuildOfferIndex(deps, log);
    return 'rebuilt-count';
  }
  return 'up-to-date';
}
