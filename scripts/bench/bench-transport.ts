/**
 * Compares the meilisearch client on Node's built-in fetch with the keep-alive
 * node:http transport the app uses: the same searches against the same server.
 */
import { Meilisearch } from 'meilisearch';
import { performance } from 'node:perf_hooks';
import { createSearchClient, runTask } from '../../server/search-engine/search-engine.ts';
import { benchMeili, fmt, summarise } from './bench-support.ts';

const WORDS = ['Deutschkurs', 'Beratung', 'Hausaufgabenhilfe', 'Elterncafé', 'Sport', 'Frauen', 'Integration', 'Kita'];

async function timeSearches(client: Meilisearch, uid: string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await client.index(uid).search(WORDS[i % WORDS.length], { limit: 20, filter: 'district = "witten"', facets: ['district', 'languages'] });
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function benchTransport(requests = 300): Promise<void> {
  const meili = await benchMeili();
  const uid = `bench_transport_${Date.now()}`;
  const { client, closeTransport } = createSearchClient(meili.url, meili.masterKey);
  try {
    await runTask(client.createIndex(uid, { primaryKey: 'id' }));
    await runTask(client.index(uid).updateSettings({ filterableAttributes: ['district', 'languages'] }));
    const documents = Array.from({ length: 2000 }, (_, i) => ({
      id: i,
      title: `${WORDS[i % WORDS.length]} Angebot ${i}`,
      district: ['witten', 'hattingen', 'schwelm'][i % 3],
      languages: ['de', ['ar', 'tr', 'uk'][i % 3]],
    }));
    await runTask(client.index(uid).addDocuments(documents));
    const fetchClient = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    await timeSearches(fetchClient, uid, 20);
    await timeSearches(client, uid, 20);
    const viaFetch = summarise(await timeSearches(fetchClient, uid, requests));
    const viaHttp = summarise(await timeSearches(client, uid, requests));
    console.log(`\nMeilisearch client transport, ${requests} sequential searches (filter + 2 facets, 2,000 documents)`);
    console.log(`  built-in fetch        p50 ${fmt(viaFetch.p50)}  p95 ${fmt(viaFetch.p95)}  mean ${fmt(viaFetch.mean)}`);
    console.log(`  node:http keep-alive  p50 ${fmt(viaHttp.p50)}  p95 ${fmt(viaHttp.p95)}  mean ${fmt(viaHttp.mean)}`);
    console.log(`  speed-up at p50: ${(viaFetch.p50 / viaHttp.p50).toFixed(1)}×`);
  } finally {
    await client.deleteIndex(uid).catch(() => undefined);
    closeTransport();
    await meili.stop();
  }
}
