import { it } from 'vitest';
import { previewImport, runImport } from '../../server/import/import-service.ts';
import { createTestStorage } from '../support/test-services.ts';
import { importDeps, messyCsv } from './import-fixture.ts';

it('scratch', async () => {
  const storage = await createTestStorage();
  await runImport(importDeps(storage), { fileName: 'x.csv', buffer: messyCsv() }, { decisions: {}, publish: true }, { userId: null, label: 'x' }, () => {});
  const preview = await previewImport(importDeps(storage), { fileName: 'x.csv', buffer: messyCsv() }, { decisions: {}, publish: true });
  for (const o of preview.plan.offers.filter((o) => o.action !== 'unchanged')) console.log(o.lines, o.changes, JSON.stringify(o.draft).slice(0, 300));
  await storage.close();
});
