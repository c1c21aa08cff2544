/**
 * `npm run bench:chaos [-- --seconds 60 --connections 64]`: the scaled set-up
 * under load while things break. Two app instances on PostgreSQL with one
 * Meilisearch behind a round-robin proxy; unique searches with a staff edit
 * mixed in (1 request in 20). A third of the way in, Meilisearch is killed
 * (this script supervises it and starts it again, as systemd would); two
 * thirds in, the instance holding the search outbox lease is killed and left
 * down. Prints requests, answers by status, the seconds with degraded
 * answers, and writes acknowledged against writes found afterwards.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Meilisearch } from 'meilisearch';
import { createStaffAccount } from '../server/accounts/account-service.ts';
import { loadConfig } from '../server/config/config.ts';
import { openDatabase, type Database } from '../server/db/db-connection.ts';
import { createOffer } from '../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../server/providers/provider-repository.ts';
import { loadRegion } from '../server/region/region-config.ts';
import { checkHealth, findFreePort } from '../server/search-engine/meili-process.ts';
import { loadTaxonomy } from '../server/taxonomy/taxonomy.ts';
import { checkChaosWrites } from './bench/chaos-check.ts';
import { runChaosLoad } from './bench/chaos-load.ts';
import { buildSearchMixes } from './bench/search-mixes.ts';
import { startCluster, type Cluster } from './cluster/cluster.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    'write-every': { type: 'string', default: '20' },
    offers: { type: 'string', default: '100' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const writeEvery = Number(values['write-every']);
const log = (line: string) => process.stdout.write(`${line}\n`);
const PASSWORD = 'chaos benchmark passwort';
const since = (start: number) => (performance.now() - start) / 1000;

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The benchmark's own offers (so writes never touch the demo directory) and an editor. */
async function prepare(db: Database, count: number) {
  const taxonomy = await loadTaxonomy(db);
  const deps = { db, taxonomy, clock: () => new Date(), notifySearch: () => undefined };
  await createStaffAccount(deps, { email: 'chaos@ki.example', password: PASSWORD, displayName: 'Chaos Redaktion', role: 'editor' });
  const now = new Date().toISOString();
  const providerId = await insertProvider(db, { slug: 'chaosprobe', name: 'Chaosprobe e.V.', description: 'Träger der Lastprobe.', kind: 'club' }, now);
  const locationId = await insertLocation(db, providerId, { name: 'Probe', street: 'Ruhrstraße 1', postcode: '58452', city: 'Witten', district: 'witten', latitude: 51.4437, longitude: 7.3528, stepFree: true }, now);
  const offers = [];
  for (let index = 0; index < count; index += 1) {
    const input = {
      providerId, title: `Chaosprobe ${index} Fassung 0`, summary: 'Ein Angebot der Lastprobe.', description: 'Wird während der Lastprobe umbenannt.', cost: 'free', format: 'in-person',
      categories: ['language-cafe'], targetGroups: ['parents'], languages: ['de'], schedule: [], locationIds: [locationId], status: 'published',
    };
    const offer = await createOffer(deps, input);
    offers.push({ id: offer.id, locationId, summary: input.summary, description: input.description });
  }
  return { taxonomy, offers };
}

/** Signs the editor in through the proxy: the session cookie and the form token, used on every instance alike. */
async function signIn(url: string): Promise<{ cookie: string; csrfToken: string }> {
  const cookies = (response: Response) => response.headers.getSetCookie().map((entry) => entry.split(';')[0]).join('; ');
  const form = await fetch(`${url}/account/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${url}/account/login`, {
    method: 'POST', redirect: 'manual', headers: { cookie: cookies(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: 'chaos@ki.example', password: PASSWORD }),
  });
  if (login.status !== 303) throw new Error(`sign-in through the proxy answered ${login.status}`);
  const cookie = cookies(login);
  const page = await (await fetch(`${url}/admin/offers`, { headers: { cookie } })).text();
  return { cookie, csrfToken: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
}

async function outboxHolder(db: Database, cluster: Cluster) {
  const row = await db('worker_leases').where({ name: 'search-outbox' }).first('holder', 'expires_at');
  const pid = Number(String(row?.holder ?? '').split(':')[1]);
  return Number(row?.expires_at) > Date.now() ? cluster.instances.find((instance) => instance.child.pid === pid) : undefined;
}

/** Kills Meilisearch a third of the way in and the outbox lease holder two thirds in; notes what happened when. */
function scheduleChaos(cluster: Cluster, db: Database, started: number, events: string[]): Promise<void>[] {
  const at = (fraction: number, work: () => Promise<void>) =>
    new Promise<void>((resolve) => setTimeout(() => void work().catch((error: unknown) => events.push(`chaos step failed: ${String(error)}`)).finally(resolve), seconds * 1000 * fraction));
  return [
    at(1 / 3, async () => {
      const pid = cluster.meili?.pid();
      if (!pid) return void events.push('Meilisearch is external (MEILI_URL): not killed');
      process.kill(pid, 'SIGKILL');
      const killed = since(started);
      await until(async () => (await checkHealth(cluster.meiliUrl)) && cluster.meili?.pid() !== pid, 60_000);
      events.push(`Meilisearch killed at ${killed.toFixed(1)} s, answering again at ${since(started).toFixed(1)} s (restarted by its supervisor)`);
    }),
    at(2 / 3, async () => {
      const holder = await outboxHolder(db, cluster);
      if (!holder) return void events.push('no outbox lease holder found: no instance killed');
      await holder.kill();
      const killed = since(started);
      await until(async () => ![undefined, holder].includes(await outboxHolder(db, cluster)), 60_000);
      events.push(`instance ${holder.name} (outbox lease holder) killed at ${killed.toFixed(1)} s; lease taken over at ${since(started).toFixed(1)} s (${(since(started) - killed).toFixed(1)} s later)`);
    }),
  ];
}

async function main(): Promise<void> {
  const cluster = await startCluster({ instances: 2, proxyPort: await findFreePort(), env: { DEMO_DATA: 'true', LOG_LEVEL: 'warn' }, log });
  const config = loadConfig({ DATABASE_URL: cluster.databaseUrl, DATA_DIR: path.join(cluster.folder, 'bench') });
  const db = openDatabase(config.database);
  const meili = new Meilisearch({ host: cluster.meiliUrl, apiKey: cluster.meiliKey });
  const indexUid = `${cluster.indexPrefix}offers`;
  try {
    const { taxonomy, offers } = await prepare(db, Number(values.offers));
    const offerIds = offers.map((offer) => offer.id);
    const indexed = await until(async () => (await checkChaosWrites({ db, meili, indexUid, offerIds, acknowledged: [] })).indexBehind.length === 0, 120_000);
    if (!indexed) throw new Error('the benchmark offers did not reach the index');
    const staff = await signIn(cluster.proxy.url);
    const mixes = buildSearchMixes(loadRegion(config.regionsDir, config.region), taxonomy, 4000, 23);
    const searches = mixes.map((mix, index) => `${index % 2 ? '/search' : '/api/v1/search'}?${mix.query}`);
    log(`load: ${seconds} s at ${connections} connections on ${searches.length} unique searches (API and page), 1 request in ${writeEvery} a staff edit`);
    const events: string[] = [];
    const started = performance.now();
    const chaos = scheduleChaos(cluster, db, started, events);
    const result = await runChaosLoad({ url: cluster.proxy.url, seconds, connections, writeEvery, searches, offers, staff });
    await Promise.all(chaos);
    const afterRun = performance.now();
    const drained = await until(async () => Number((await db('search_outbox').whereNull('processed_at').count({ n: '*' }).first())?.n) === 0, 120_000);
    const drainSeconds = (performance.now() - afterRun) / 1000;
    const check = await checkChaosWrites({ db, meili, indexUid, offerIds, acknowledged: result.acknowledgedWrites });
    const statuses = Object.entries(result.byStatus).map(([status, count]) => `${status}: ${count}`).join(', ');
    log('');
    log(`chaos benchmark: ${result.durationSeconds.toFixed(0)} s, ${connections} connections, 2 instances behind the proxy, 1 request in ${writeEvery} a write`);
    log(`requests answered: ${result.requests} (${(result.requests / result.durationSeconds).toFixed(0)}/s); by status: ${statuses}`);
    log(`no answer: ${result.errors} connection errors, ${result.timeouts} timeouts; proxy: ${cluster.proxy.stats.retried} passed on to the other instance, ${cluster.proxy.stats.unavailable} answered 502`);
    for (const event of events) log(event);
    log(`seconds with degraded search answers: ${result.degradedSeconds.length} [${result.degradedSeconds.join(', ')}]; of them answered from the database: ${result.fallbackSeconds.length}`);
    log(`writes: ${result.attemptedWrites.length} sent, ${check.acknowledged} acknowledged, ${check.found} found afterwards in the database and the index (${check.lost.length} lost, ${check.indexBehind.length} offers with the index behind)`);
    log(`outbox ${drained ? `drained ${drainSeconds.toFixed(1)} s after the load ended` : 'NOT drained within 120 s'}`);
    if (check.found !== check.acknowledged) process.exitCode = 1;
  } finally {
    await db.destroy();
    // The instances' logs (errors and warnings) outlive the run's temp folder.
    const logs = mkdtempSync(path.join(os.tmpdir(), 'wegweiser-chaos-logs-'));
    for (const instance of cluster.instances) cpSync(path.join(cluster.folder, `${instance.name}.log`), path.join(logs, `${instance.name}.log`));
    log(`instance logs: ${logs}`);
    await cluster.stop();
  }
}

await main();
