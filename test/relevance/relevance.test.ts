import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createI18n } from '../../server/i18n/i18n.ts';
import { createTestServices, type TestServices } from '../support/test-services.ts';
import { scoreQuery, type GroupScore } from './relevance-metrics.ts';
import { BASELINE_FILE, readJudgements, runJudgedQueries, seedFixture, summarise } from './relevance-run.ts';

describe('relevance measures', () => {
  it('score a ranked answer against graded judgements', () => {
    const query = { q: 'x', relevant: ['a', 'b'], partial: ['c'] };
    expect(scoreQuery(query, ['a', 'x', 'b'])).toMatchObject({ hitAt1: 1, recallAt10: 1, reciprocalRank: 1 });
    expect(scoreQuery(query, ['c', 'a'])).toMatchObject({ hitAt1: 0, recallAt10: 0.5, reciprocalRank: 1 });
    expect(scoreQuery(query, ['x', 'y', 'b'])).toMatchObject({ hitAt1: 0, recallAt10: 0.5, reciprocalRank: 1 / 3 });
    expect(scoreQuery(query, ['a', 'b', 'c']).ndcgAt10).toBeCloseTo(1, 10);
    expect(scoreQuery(query, ['c', 'b', 'a']).ndcgAt10).toBeLessThan(1);
  });

  it('a query that must find nothing scores only when the answer is empty', () => {
    expect(scoreQuery({ q: 'x', none: true }, [])).toEqual({ hitAt1: 1, recallAt10: 1, reciprocalRank: 1, ndcgAt10: 1 });
    expect(scoreQuery({ q: 'x', none: true }, ['a'])).toEqual({ hitAt1: 0, recallAt10: 0, reciprocalRank: 0, ndcgAt10: 0 });
  });

  it('the judged set has at least 80 queries, every language group and queries that must find nothing', () => {
    const judgements = readJudgements();
    const count = Object.values(judgements).reduce((sum, queries) => sum + queries.length, 0);
    expect(count).toBeGreaterThanOrEqual(80);
    for (const group of ['en', 'ar', 'fa', 'tr', 'uk', 'ru', 'none', 'social-worker', 'de-typo', 'de-compound', 'de-umlaut', 'de-place']) {
      expect(judgements[group]?.length ?? 0, group).toBeGreaterThanOrEqual(5);
    }
  });
});

/**
 * The judged queries over the hand-written fixture (test/relevance/README.md),
 * through the public API on a real Meilisearch. A change that lowers any group
 * below the committed baseline fails here; raise the baseline with
 * `npm run bench:relevance -- --write-baseline` when a change improves it.
 */
describe('search relevance on offers written like real KI lists', () => {
  let services: TestServices;
  let scores: Record<string, GroupScore>;
  const baseline = JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Record<string, GroupScore>;

  beforeAll(async () => {
    services = await createTestServices();
    await seedFixture(services);
    const app = createApp({ ...services, i18n: await createI18n() });
    scores = summarise(await runJudgedQueries(app));
  });
  afterAll(async () => services?.close());

  it.each(Object.keys(baseline))('group "%s" stays at or above its baseline', (group) => {
    const measured = scores[group];
    const committed = baseline[group]!;
    expect(measured?.queries).toBe(committed.queries);
    // Baselines are rounded to three places.
    expect(measured!.hitAt1).toBeGreaterThanOrEqual(committed.hitAt1 - 0.001);
    expect(measured!.recallAt10).toBeGreaterThanOrEqual(committed.recallAt10 - 0.001);
    expect(measured!.reciprocalRank).toBeGreaterThanOrEqual(committed.reciprocalRank - 0.001);
    expect(measured!.ndcgAt10).toBeGreaterThanOrEqual(committed.ndcgAt10 - 0.001);
  });
});
