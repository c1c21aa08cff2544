/**
 * npm run reindex: rebuilds the offers index from SQLite into a fresh index,
 * checks its document count and swaps it in. Works beside a running app (it
 * uses that app's Meilisearch) or on its own (it starts one).
 */
import { openStorage } from '../server/bootstrap.ts';
import { loadConfig, StartupError } from '../server/config/config.ts';
import { createLogger } from '../server/logging/logger.ts';
import { findRunningEmbeddedMeili } from '../server/search-engine/meili-process.ts';
import { connectSearchEngine } from '../server/search-engine/search-engine.ts';
import { countExpectedDocuments, countIndexedDocuments, rebuildOfferIndex } from '../server/search/offer-search-index.ts';
import { countPublishedOffers } from '../server/offers/offer-repository.ts';

async function main(): Promise<void> {
  let config = loadConfig(process.env);
  const logger = createLogger({ level: 'warn', pretty: Boolean(process.stdout.isTTY) });
  if (!config.meili.url) {
    const running = await findRunningEmbeddedMeili(config.meili.dataDir);
    if (running) {
      console.log(`Using the running app's Meilisearch at ${running.url}`);
      config = { ...config, meili: { ...config.meili, url: running.url, masterKey: running.masterKey } };
    }
  }
  const clock = () => new Date();
  const { db, taxonomy } = await openStorage(config, logger, clock);
  const engine = await connectSearchEngine(config, logger, { PATH: process.env.PATH });
  try {
    const total = await countPublishedOffers(db);
    const started = Date.now();
    console.log(`Rebuilding the offers index from ${total} published offers …`);
    const result = await rebuildOfferIndex({ db, engine, taxonomy, clock }, (progress) => {
      console.log(`  ${progress.offers}/${total} offers, ${progress.documents} documents`);
    });
    const [expected, indexed] = await Promise.all([countExpectedDocuments(db), countIndexedDocuments(engine)]);
    console.log(`Swapped in: ${result.offers} offers as ${result.documents} documents in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    console.log(`Check: SQLite expects ${expected} documents, the live index holds ${indexed}: ${expected === indexed ? 'match' : 'MISMATCH (an app write may still be syncing)'}.`);
  } finally {
    await engine.close();
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? `Reindex cannot start: ${error.message}` : error);
  process.exit(1);
});
