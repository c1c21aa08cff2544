/**
 * npm run bench:relevance: the relevance test set (test/relevance) against a
 * fresh Meilisearch and SQLite; prints hit@1, recall@10, MRR and nDCG@10 per
 * query group and overall. Asserts nothing.
 *
 *   npm run bench:relevance                      the table
 *   npm run bench:relevance -- --misses          also every query whose best offer is not first
 *   npm run bench:relevance -- --write-baseline  store the scores as the new baseline the suite holds
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../server/app.ts';
import { startServices, stopServices } from '../server/bootstrap.ts';
import { loadConfig } from '../server/config/config.ts';
import { createI18n } from '../server/i18n/i18n.ts';
import { createSilentLogger } from '../server/logging/logger.ts';
import { BASELINE_FILE, runJudgedQueries, seedFixture, summarise } from '../test/relevance/relevance-run.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-relevance-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'silent', MEILI_INDEX_PREFIX: 'relevance_', PORT: '0' });
const services = await startServices(config, createSilentLogger(), { PATH: process.env.PATH });
try {
  console.log('Seeding the relevance fixture …');
  await seedFixture(services);
  const app = createApp({ ...services, i18n: await createI18n() });
  const results = await runJudgedQueries(app);
  const groups = summarise(results);
  const percent = (value: number) => `${(value * 100).toFixed(1).padStart(5)} %`;
  console.log(`\n${'group'.padEnd(14)} ${'queries'.padStart(7)}  ${'hit@1'.padStart(7)}  ${'recall@10'.padStart(9)}  ${'MRR'.padStart(7)}  ${'nDCG@10'.padStart(7)}`);
  for (const [group, score] of Object.entries(groups)) {
    console.log(`${group.padEnd(14)} ${String(score.queries).padStart(7)}  ${percent(score.hitAt1)}  ${percent(score.recallAt10).padStart(9)}  ${percent(score.reciprocalRank)}  ${percent(score.ndcgAt10)}`);
  }
  if (process.argv.includes('--misses')) {
    console.log('\nQueries whose first offer is not what was asked for:');
    for (const result of results.filter((entry) => entry.score.hitAt1 < 1)) {
      console.log(`  [${result.group}] ${result.query.q}${result.query.lang ? ` (${result.query.lang})` : ''} → ${result.ranked.slice(0, 5).join(', ') || '(nothing)'}`);
    }
  }
  if (process.argv.includes('--write-baseline')) {
    const rounded = Object.fromEntries(Object.entries(groups).map(([group, score]) => [group, Object.fromEntries(Object.entries(score).map(([key, value]) => [key, Math.round(value * 1000) / 1000]))]));
    writeFileSync(BASELINE_FILE, `${JSON.stringify(rounded, null, 2)}\n`);
    console.log(`\nBaseline written to ${path.relative(process.cwd(), BASELINE_FILE)}.`);
  }
} finally {
  await stopServices(services);
  rmSync(dataDir, { recursive: true, force: true });
}
