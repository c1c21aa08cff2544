import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFilter, buildSort, quote } from '../../server/search/search-filter.ts';
import { emptyQuery, parseSearchQuery, toSearchParams } from '../../server/search/search-query.ts';
import type { Taxonomy } from '../../server/taxonomy/taxonomy.ts';
import { createTestStorage } from '../support/test-services.ts';

describe('parsing search parameters and building filters', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let taxonomy: Taxonomy;
  beforeAll(async () => {
    storage = await createTestStorage();
    taxonomy = storage.taxonomy;
  });
  afterAll(async () => storage?.close());

  it('quotes a filter value by escaping the backslash first, then the double quote', () => {
    expect(quote('witten')).toBe('"witten"');
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('a\\"b')).toBe('"a\\\\\\"b"');
    expect(quote('x\\')).toBe('"x\\\\"');
  });

  it('accepts repeated and comma-separated values, keeps only known slugs, and names the unknown ones', () => {
    const { query, problems, impossible } = parseSearchQuery({ district: ['witten', 'hattingen,atlantis'], language: 'ar' }, taxonomy);
    expect(query.district).toEqual(['witten', 'hattingen']);
    expect(query.language).toEqual(['ar']);
    expect(problems).toEqual({ district: 'unknown value: atlantis' });
    expect(impossible).toBe(false);
    expect(parseSearchQuery({ district: 'atlantis' }, taxonomy).impossible).toBe(true);
  });

  it('builds one clause per facet, OR inside a facet and AND between them, geo clauses from parsed numbers', () => {
    const { query } = parseSearchQuery({ district: ['witten', 'hattingen'], category: 'language', weekday: ['2', '4'], childcare: '1', near: '51.4,7.3', radius: '5', sort: 'distance' }, taxonomy);
    expect(buildFilter(query)).toBe(
      'offerDistricts IN ["witten", "hattingen"] AND categories IN ["language"] AND weekdays IN [2, 4] AND childcare = true AND _geoRadius(51.4, 7.3, 5000)',
    );
    expect(buildFilter(query, 'district')).not.toContain('offerDistricts');
    expect(buildSort(query)).toEqual(['_geoPoint(51.4, 7.3):asc']);
  });

  it('without a place restriction, searches only the first place of each offer', () => {
    expect(buildFilter(emptyQuery())).toBe('placeRank = 0');
    const { query } = parseSearchQuery({ bbox: '51.3,7.2,51.5,7.4' }, taxonomy);
    expect(buildFilter(query)).toBe('_geoBoundingBox([51.5, 7.4], [51.3, 7.2])');
  });

  it('refuses numbers that are not plain decimals and boxes whose corners are swapped', () => {
    for (const near of ['1e2,3', 'NaN,1', '91,0', '0,181', '1,2,3', '0x10,1']) {
      expect(parseSearchQuery({ near }, taxonomy).problems.near, near).toBeDefined();
    }
    expect(parseSearchQuery({ bbox: '51.5,7.4,51.3,7.2' }, taxonomy).problems.bbox).toBeDefined();
    expect(parseSearchQuery({ page: '251' }, taxonomy).problems.page).toBeDefined();
    expect(parseSearchQuery({ radius: '5' }, taxonomy).problems.radius).toBe('needs near');
  });

  it('cleans the query text: control characters and broken UTF-8 out, at most 200 characters', () => {
    expect(parseSearchQuery({ q: 'Deutsch\u0000kurs\ufffd ' }, taxonomy).query.q).toBe('Deutsch kurs');
    expect(parseSearchQuery({ q: 'x'.repeat(500) }, taxonomy).query.q).toHaveLength(200);
    expect(parseSearchQuery({ q: ['a', 'b'] }, taxonomy).problems.q).toBeDefined();
  });

  it('turns a query back into the same shareable parameters', () => {
    const raw = { q: 'Beratung', district: ['witten', 'herdecke'], women: '1', sort: 'title', page: '3' };
    const { query } = parseSearchQuery(raw, taxonomy);
    expect(toSearchParams(query).toString()).toBe('q=Beratung&district=witten&district=herdecke&women=1&sort=title&page=3');
    expect(parseSearchQuery(Object.fromEntries(toSearchParams(query)), taxonomy).query.q).toBe('Beratung');
  });
});
