/**
 * Generates a large directory for benchmarks, through the app's own code:
 *
 *   npx tsx scripts/generate-scale.ts --offers 100000 --data-dir /tmp/wegweiser-scale
 *
 * The folder must be new or empty. Start the app on it with
 * DATA_DIR=/tmp/wegweiser-scale DEMO_DATA=false npm start.
 */
import { parseArgs } from 'node:util';
import { quietAbortSignalWarnings, stopEmbeddedMeiliOf } from './bench/bench-support.ts';
import { DEFAULT_SCALE_OFFERS, generateScaleData } from './bench/scale-data.ts';

const { values } = parseArgs({
  options: {
    offers: { type: 'string', default: String(DEFAULT_SCALE_OFFERS) },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || !values['data-dir']) {
  console.log('usage: npx tsx scripts/generate-scale.ts [--offers 100000] --data-dir <new folder>');
  process.exit(values.help ? 0 : 1);
}
const offers = Number(values.offers);
if (!Number.isInteger(offers) || offers < 1) {
  console.error(`--offers must be a positive whole number, not ${values.offers}`);
  process.exit(1);
}

quietAbortSignalWarnings();
process.once('SIGINT', () => {
  console.log('\nInterrupted: stopping the Meilisearch this generator started; the folder is left unfinished.');
  void stopEmbeddedMeiliOf(values['data-dir']!).finally(() => process.exit(130));
});
const started = performance.now();
try {
  const summary = await generateScaleData({ dataDir: values['data-dir'], offers });
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary.offers} offers, ${summary.documents} search documents in ${summary.dataDir}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
