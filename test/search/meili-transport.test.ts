import { describe, expect, inject, it } from 'vitest';
import { createSearchClient, meiliErrorCode } from '../../server/search-engine/search-engine.ts';

describe('the keep-alive transport to Meilisearch', () => {
  it('answers like the fetch client: JSON on success, Meilisearch code and message on error', async () => {
    const { client, closeTransport } = createSearchClient(inject('meiliUrl'), inject('meiliKey'));
    try {
      expect(await client.health()).toEqual({ status: 'available' });
      const failure = await client.getRawIndex('no_such_index_for_transport_test').catch((error: unknown) => error);
      expect(meiliErrorCode(failure)).toBe('index_not_found');
      expect(String((failure as Error).message)).toContain('no_such_index_for_transport_test');
    } finally {
      closeTransport();
    }
  });

  it('reports a wrong key as invalid_api_key', async () => {
    const { client, closeTransport } = createSearchClient(inject('meiliUrl'), 'not-the-key-0123456789');
    try {
      expect(meiliErrorCode(await client.getRawIndexes().catch((error: unknown) => error))).toBe('invalid_api_key');
    } finally {
      closeTransport();
    }
  });
});
