import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';

describe('downloads that cost the server real work', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    services = await createTestServices();
    app = createApp({ ...services, i18n: await createI18n() });
  });
  afterAll(async () => services?.close());

  it('a client gets 60 result downloads a quarter hour, then 429 with a readable message', async () => {
    for (let index = 0; index < 60; index += 1) await request(app).get('/search/export.csv').query({ q: `nichts${index}` }).expect(200);
    const refused = await request(app).get('/search/export.csv').query({ q: 'nichts' }).expect(429);
    expect(refused.text).toContain('Zu viele');
    await request(app).get('/shortlist/sheet.pdf').query({ ids: '1' }).expect(429);
  });
});
