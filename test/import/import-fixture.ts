import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vocabularySource } from '../../server/import/import-vocabulary.ts';
import type { ImportDeps } from '../../server/import/import-service.ts';
import type { Database } from '../../server/db/db-connection.ts';
import type { Region } from '../../server/region/region-config.ts';
import type { Taxonomy } from '../../server/taxonomy/taxonomy.ts';

/** The hand-written messy list (semicolons, CRLF, UTF-8 without BOM) the import tests read. */
export function messyCsv(): Buffer {
  return readFileSync(path.join(import.meta.dirname, 'fixtures', 'angebote-messy.csv'));
}

/** Import dependencies on a test's own storage, with a fixed "today" so overdue dates are stable. */
export function importDeps(storage: { db: Database; taxonomy: Taxonomy; region: Region; config: { projectRoot: string } }, notifySearch: () => void = () => undefined, now = new Date('2026-12-05T08:00:00Z')): ImportDeps {
  return { db: storage.db, taxonomy: storage.taxonomy, region: storage.region, vocabulary: vocabularySource(storage.taxonomy, storage.config.projectRoot)(), clock: () => now, notifySearch, freshnessMonths: 12 };
}
