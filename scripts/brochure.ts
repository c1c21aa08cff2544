/**
 * npm run brochure -- --district <slug|all> --lang <code> [--topic <slug> ...] --out <file.pdf>
 * Writes the "Wegweiser Integration" brochure of the published offers as a PDF
 * (German alone with --lang de, else German plus that language) and prints the
 * time it took and the page count.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStorage } from '../server/bootstrap.ts';
import { parseBrochureRequest } from '../server/brochure/brochure-request.ts';
import { generateBrochurePdf } from '../server/brochure/brochure-document.ts';
import { loadConfig, StartupError } from '../server/config/config.ts';
import { ValidationError } from '../server/errors/app-errors.ts';
import { availableLocales, createI18n } from '../server/i18n/i18n.ts';
import { createLogger } from '../server/logging/logger.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { district: { type: 'string', default: 'all' }, lang: { type: 'string', default: 'de' }, topic: { type: 'string', multiple: true }, out: { type: 'string' } },
  });
  if (!values.out) throw new StartupError('Give the file to write: --out brochure.pdf');
  const config = loadConfig(process.env);
  const { db, taxonomy, region } = await openStorage(config, createLogger({ level: 'warn', pretty: false }), () => new Date());
  try {
    const request = parseBrochureRequest({ district: values.district, lang: values.lang, topic: values.topic }, { region, taxonomy, locales: availableLocales() });
    const started = performance.now();
    const result = await generateBrochurePdf({ config, db, taxonomy, region, i18n: await createI18n() }, request);
    const out = path.resolve(values.out);
    writeFileSync(out, result.pdf);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${out}: ${result.offers} offers on ${result.pages} pages (${(result.pdf.length / 1024).toFixed(0)} KB) in ${seconds.toFixed(1)} s`);
  } finally {
    await db.destroy();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof ValidationError) console.error(`Cannot make the brochure: ${Object.entries(error.fields).map(([field, problem]) => `--${field}: ${problem}`).join('; ')}`);
  else if (error instanceof StartupError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
}
