import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffAccount } from '../../server/accounts/account-service.ts';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createOffer } from '../../server/offers/offer-service.ts';
import { createProviderWithLocation, createTestServices, offerInput, searchTitles, type TestServices } from '../support/test-services.ts';
import { formToken, signIn, type Agent } from '../support/web-session.ts';
import { messyCsv } from './import-fixture.ts';

/** Reads a binary download through supertest. */
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('the import page for staff', () => {
  let services: TestServices;
  let app: ReturnType<typeof createApp>;
  let editor: Agent;

  const upload = async (buffer: Buffer, fileName: string) => {
    const csrf = await formToken(editor, '/admin/import');
    return editor.post('/admin/import').field('_csrf', csrf).attach('file', buffer, fileName);
  };

  /** Polls the job's status (as the page's script does) until it is no longer running. */
  const waitForJob = async (jobPath: string) => {
    const id = jobPath.split('/').pop()!;
    for (;;) {
      const status = await request(app).get(`/import-jobs/${id}/status`).expect(200);
      if (status.body.state !== 'running') return status.body;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  beforeAll(async () => {
    services = await createTestServices({ ACCOUNT_RATE_LIMIT: '1000' });
    app = createApp({ ...services, i18n: await createI18n() });
    await createStaffAccount(services, { email: 'redaktion@ki.example', password: 'ein sicheres passwort', displayName: 'Redaktion', role: 'editor' });
    ({ agent: editor } = await signIn(app, 'redaktion@ki.example', 'ein sicheres passwort'));
  });
  afterAll(async () => services?.close());

  it('uploads, previews without writing, then imports on confirmation and the offers are searchable', async () => {
    // Other tests of this file import offers too: the preview must add none to what is there.
    const offersBefore = await services.db('offers').count({ n: '*' }).first();
    const uploaded = await upload(messyCsv(), 'angebote.csv');
    expect(uploaded.status).toBe(303);
    const previewPath = uploaded.headers.location!;
    const preview = await editor.get(previewPath).expect(200);
    expect(preview.text).toContain('Zeile 3, Spalte Sprachen: &#x27;Sorani-Kurdisch&#x27; ist unbekannt, meinten Sie &#x27;Kurdisch (Sorani) (ckb)&#x27;?');
    expect(preview.text).toContain('1 Zeile hat einen Fehler und wird nicht importiert.');
    expect(preview.text).toContain('Lage ungefähr: Stadtmitte');
    expect(await services.db('offers').count({ n: '*' }).first()).toEqual(offersBefore);

    const csrf = /name="_csrf" value="([^"]+)"/.exec(preview.text)![1]!;
    const confirmed = await editor.post(previewPath).type('form').send({ _csrf: csrf, publish: 'publish' });
    expect(confirmed.status).toBe(303);
    expect((await waitForJob(confirmed.headers.location!)).state).toBe('done');
    const result = await editor.get(confirmed.headers.location!).expect(200);
    expect(result.text).toContain('Import abgeschlossen');
    expect(result.text).toContain('Internationaler Frauentreff');
    await services.worker.drain();
    expect(await searchTitles(services, 'Hausaufgabenhilfe')).toEqual(['Hausaufgabenhilfe']);
    // The upload is gone after the import; its preview address now says so.
    expect((await editor.get(previewPath)).status).toBe(404);
  });

  it('lets staff send new offers to moderation instead of publishing them', async () => {
    const csv = 'Titel;Träger;Themen;Stadt\r\nNeues Erzählcafé;Nachbarschaftsverein Annen;Erzählcafé;Annen\r\n';
    const uploaded = await upload(Buffer.from(csv, 'utf8'), 'neu.csv');
    const preview = await editor.get(uploaded.headers.location!).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(preview.text)![1]!;
    const confirmed = await editor.post(uploaded.headers.location!).type('form').send({ _csrf: csrf, publish: 'moderate' });
    await waitForJob(confirmed.headers.location!);
    expect(await services.db('offers').where({ title: 'Neues Erzählcafé' }).first('status')).toEqual({ status: 'pending' });
  });

  it('says in German what is wrong with a file it cannot read', async () => {
    const response = await upload(Buffer.from('Name der Organisation;Adresse\r\nVerein;Weg 1\r\n'), 'falsch.csv');
    const preview = await editor.get(response.headers.location!);
    expect(preview.status).toBe(400);
    expect(preview.text).toContain('Die erste Zeile der Datei nennt keine Spalte „Titel“. Bitte nutzen Sie die Vorlage.');
  });

  it('offers the template as XLSX with a sheet of allowed values, and as CSV', async () => {
    const xlsx = await editor.get('/admin/import/template.xlsx').buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Angebote', 'Erlaubte Werte']);
    expect(workbook.worksheets[0]!.getRow(1).getCell(1).value).toBe('Angebots-ID (extern)');
    const values = workbook.worksheets[1]!;
    expect(values.getRow(1).values).toEqual([undefined, 'Themen', 'Zielgruppen', 'Sprachen', 'Kosten', 'Anmeldung', 'Format', 'Stadt', 'Ja/Nein']);
    expect(values.getColumn(4).values).toContain('unbekannt / bitte erfragen');
    const csv = await editor.get('/admin/import/template.csv').expect(200);
    expect(csv.headers['content-disposition']).toContain('wegweiser-importvorlage.csv');
    expect(csv.text).toContain('Angebots-ID (extern);Titel;');
  });

  it('is for staff only', async () => {
    expect((await request(app).get('/admin/import')).status).toBe(303);
    expect((await request(app).get('/admin/export/offers.csv')).status).toBe(303);
    expect((await request(app).get('/import-jobs/0123456789abcdef0123456789abcdef/status')).status).toBe(404);
  });

  it('exports for staff, and lets anyone download a search result list; a bad filter is refused', async () => {
    const ids = await createProviderWithLocation(services.db, 'Heimatverein Breckerfeld');
    await services.db('locations').where({ id: ids.locationId }).update({ city: 'Breckerfeld', district: 'breckerfeld', postcode: '58339', latitude: 51.265, longitude: 7.47 });
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Erzählcafé Breckerfeld' }));
    await createOffer(services.offerDeps, offerInput(ids, { title: 'Nähtreff Breckerfeld', cost: 'paid' }));
    await services.worker.drain();
    const exported = await editor.get('/admin/export/offers.csv').expect(200);
    expect(exported.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(exported.text).toContain('Erzählcafé Breckerfeld');
    const search = await request(app).get('/search/export.csv?district=breckerfeld&cost=free').expect(200);
    expect(search.text.split('\r\n').filter((line) => line.includes('Breckerfeld')).map((line) => line.split(';')[1])).toEqual(['Erzählcafé Breckerfeld']);
    expect((await request(app).get('/search/export.csv?cost=gratis')).status).toBe(400);
    const page = await request(app).get('/search?district=breckerfeld').expect(200);
    expect(page.text).toContain('href="/search/export.xlsx?district&#x3D;breckerfeld"');
  });
});
