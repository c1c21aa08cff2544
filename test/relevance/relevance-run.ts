import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import type { Services } from '../../server/bootstrap.ts';
import { createOffer, type OfferServiceDeps } from '../../server/offers/offer-service.ts';
import { insertLocation, insertProvider } from '../../server/providers/provider-repository.ts';
import { meanScore, scoreQuery, type GroupScore, type JudgedQuery, type QueryScore } from './relevance-metrics.ts';

const here = import.meta.dirname;

interface FixtureOffer {
  key: string;
  provider: string;
  kind: string;
  title: string;
  summary: string;
  description: string;
  categories: string[];
  targets: string[];
  languages: string[];
  cost: 'free' | 'reduced' | 'paid';
  district: string;
  street: string;
  postcode: string;
  schedule: Array<[number, string, string]>;
  translations?: Record<string, [string, string]>;
}

export type Judgements = Record<string, JudgedQuery[]>;

export function readFixture(): FixtureOffer[] {
  return JSON.parse(readFileSync(path.join(here, 'fixture-offers.json'), 'utf8')) as FixtureOffer[];
}

export function readJudgements(): Judgements {
  return JSON.parse(readFileSync(path.join(here, 'judged-queries.json'), 'utf8')) as Judgements;
}

export const BASELINE_FILE = path.join(here, 'baseline.json');

/** A small offset from the postcode centre, the same for the same street every run. */
function jitter(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1000;
  return (hash - 500) / 200_000;
}

function slugOf(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 70);
}

/** Writes the fixture offers (slug = key) with their providers and places; returns when they are searchable. */
export async function seedFixture(services: Services): Promise<void> {
  const now = services.clock().toISOString();
  const deps: OfferServiceDeps = { db: services.db, taxonomy: services.taxonomy, clock: services.clock, notifySearch: () => services.worker.notify() };
  const providers = new Map<string, number>();
  const places = new Map<string, number>();
  for (const offer of readFixture()) {
    let providerId = providers.get(offer.provider);
    if (providerId === undefined) {
      providerId = await insertProvider(services.db, { slug: slugOf(offer.provider), name: offer.provider, description: '', kind: offer.kind }, now);
      providers.set(offer.provider, providerId);
    }
    const placeKey = `${offer.provider}|${offer.street}`;
    let locationId = places.get(placeKey);
    if (locationId === undefined) {
      const district = services.region.districts.find((candidate) => candidate.slug === offer.district)!;
      const postcode = district.postcodes.find((candidate) => candidate.code === offer.postcode) ?? district.postcodes[0]!;
      locationId = await insertLocation(
        services.db,
        providerId,
        { name: offer.provider, street: offer.street, postcode: offer.postcode, city: district.name, district: offer.district, latitude: postcode.lat + jitter(offer.street), longitude: postcode.lng + jitter(`${offer.street}!`), stepFree: false },
        now,
      );
      places.set(placeKey, locationId);
    }
    await createOffer(deps, {
      slug: offer.key,
      providerId,
      title: offer.title,
      summary: offer.summary,
      description: offer.description,
      cost: offer.cost,
      format: 'in-person',
      categories: offer.categories,
      targetGroups: offer.targets,
      languages: offer.languages,
      schedule: offer.schedule.map(([weekday, opensAt, closesAt]) => ({ weekday, opensAt, closesAt })),
      translations: Object.entries(offer.translations ?? {}).map(([locale, [title, summary]]) => ({ locale, title, summary, description: '' })),
      locationIds: [locationId],
      status: 'published',
    });
  }
  await services.worker.drain();
}

export interface QueryResult {
  group: string;
  query: JudgedQuery;
  ranked: string[];
  score: QueryScore;
}

/** Runs every judged query through the public API, as a visitor with that UI language would. */
export async function runJudgedQueries(app: Express, judgements: Judgements = readJudgements()): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const [group, queries] of Object.entries(judgements)) {
    for (const query of queries) {
      const response = await request(app).get('/api/v1/search').query({ q: query.q, ...(query.lang ? { lang: query.lang } : {}) });
      if (response.status !== 200) throw new Error(`"${query.q}" answered ${response.status}: ${JSON.stringify(response.body)}`);
      const ranked = (response.body.hits as Array<{ slug: string }>).map((hit) => hit.slug);
      results.push({ group, query, ranked, score: scoreQuery(query, ranked) });
    }
  }
  return results;
}

/** Mean scores per group and overall (every query weighs the same). */
export function summarise(results: QueryResult[]): Record<string, GroupScore> {
  const groups: Record<string, GroupScore> = {};
  for (const group of new Set(results.map((result) => result.group))) {
    groups[group] = meanScore(results.filter((result) => result.group === group).map((result) => result.score));
  }
  groups.overall = meanScore(results.map((result) => result.score));
  return groups;
}
