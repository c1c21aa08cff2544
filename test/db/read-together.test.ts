import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTogether } from '../../server/db/transaction.ts';
import { createTestStorage } from '../support/test-services.ts';

describe('independent reads (readTogether)', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => storage?.close());

  /** A read that notes when it starts and ends. */
  const traced = (events: string[], name: string, query: () => Promise<unknown>) => async () => {
    events.push(`${name} starts`);
    const rows = await query();
    events.push(`${name} ends`);
    return rows;
  };

  it('inside a transaction runs them one after another, on its one connection, and answers in order', async () => {
    const events: string[] = [];
    const [terms, labels] = await storage.db.transaction((trx) =>
      readTogether(trx, [
        traced(events, 'terms', () => trx('taxonomy_terms').count({ n: '*' }).first()),
        traced(events, 'labels', () => trx('taxonomy_labels').count({ n: '*' }).first()),
      ]),
    );
    expect(events).toEqual(['terms starts', 'terms ends', 'labels starts', 'labels ends']);
    expect(Number((terms as { n: number }).n)).toBeGreaterThan(0);
    expect(Number((labels as { n: number }).n)).toBeGreaterThan(Number((terms as { n: number }).n));
  });

  it('outside a transaction starts them together', async () => {
    const events: string[] = [];
    await readTogether(storage.db, [
      traced(events, 'terms', () => storage.db('taxonomy_terms').select('slug')),
      traced(events, 'labels', () => storage.db('taxonomy_labels').select('label')),
    ]);
    expect(events.slice(0, 2)).toEqual(['terms starts', 'labels starts']);
  });
});
