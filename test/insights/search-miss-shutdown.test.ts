import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { startServices, stopServices } from '../../server/bootstrap.ts';
import { openDatabase } from '../../server/db/db-connection.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createSilentLogger } from '../../server/logging/logger.ts';
import { testConfig } from '../support/test-services.ts';

describe('searches without results at shutdown', () => {
  it('are written when the services stop, not lost with the batch that had not been written yet', async () => {
    const { config, cleanup } = testConfig();
    try {
      const services = await startServices(config, createSilentLogger(), { PATH: process.env.PATH });
      try {
        const app = createApp({ ...services, i18n: await createI18n() });
        await request(app).get('/api/v1/search').query({ q: 'Autowerkstatt Ersatzteile' }).expect(200);
        // Batched: nothing is written yet (the batch waits up to 5 s or 200 searches).
        expect(await services.db('search_misses').count({ n: '*' }).first()).toEqual({ n: 0 });
      } finally {
        const indexes = await services.engine.client.getRawIndexes({ limit: 1000 });
        for (const index of indexes.results) if (index.uid.startsWith(config.meili.indexPrefix)) await services.engine.client.deleteIndex(index.uid);
        await stopServices(services);
      }
      const reopened = openDatabase(config.database);
      try {
        const rows = await reopened('search_misses').select('query', 'locale', 'count');
        expect(rows).toEqual([{ query: 'autowerkstatt ersatzteile', locale: 'de', count: 1 }]);
      } finally {
        await reopened.destroy();
      }
    } finally {
      cleanup();
    }
  });
});
