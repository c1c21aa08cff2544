import path from 'node:path';
import { z } from 'zod';

/** Thrown when configuration or the environment cannot support a start; its message is one sentence for the operator. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const projectRoot = path.resolve(import.meta.dirname, '..', '..');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TRUST_PROXY: z.string().default('false'),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'use postgres://user:password@host:port/database').optional(),
  REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and hyphens')
    .default('ennepe-ruhr-kreis'),
  DEMO_DATA: booleanFlag.default(true),
  MEILI_URL: z.url().optional(),
  MEILI_MASTER_KEY: z.string().min(1).optional(),
  MEILI_BINARY: z.string().min(1).optional(),
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/, 'use letters, digits, _ and -')
    .optional(),
  MEILI_MAX_INDEXING_MEMORY: z
    .string()
    .regex(/^\d+\s*(B|KiB|MiB|GiB|KB|MB|GB)$/, 'use a size such as 512MiB')
    .default('1GiB'),
  MEILI_STARTUP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SEARCH_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(2000),
  SEARCH_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SEARCH_CACHE_POLL_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  LEASE_SECONDS: z.coerce.number().min(1).max(300).default(5),
  RATE_LIMIT_STORE: z.enum(['database', 'memory']).default('database'),
  SEARCH_FALLBACK_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1500),
  SEARCH_FALLBACK_RETRY_SECONDS: z.coerce.number().min(0.1).max(600).default(10),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'use smtp://user:pass@host:port or smtps://…').optional(),
  MAIL_FROM: z.string().min(3).default('Wegweiser <no-reply@wegweiser.example>'),
  FRESHNESS_MONTHS: z.coerce.number().int().min(1).max(60).default(12),
  FRESHNESS_GRACE_DAYS: z.coerce.number().int().min(1).max(365).default(42),
  ACCOUNT_RATE_LIMIT: z.coerce.number().int().positive().default(20),
  SESSION_SECRET: z.string().min(32, 'use at least 32 characters').optional(),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  TILE_ATTRIBUTION: z.string().default('© OpenStreetMap contributors'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  EMBED_ALLOWED_ORIGINS: z.string().default('*'),
  TRANSLATION_PROVIDER: z.enum(['deepl', 'libretranslate'], { message: 'use deepl or libretranslate, or leave it unset to switch machine translation off' }).optional(),
  TRANSLATION_URL: z.url({ protocol: /^https?$/, message: 'use an http(s) address' }).optional(),
  TRANSLATION_KEY: z.string().min(1).optional(),
  TRANSLATION_GLOSSARY: booleanFlag.default(true),
  TRANSLATION_DEEPL_BETA_LANGUAGES: booleanFlag.default(false),
});

export type TrustProxy = boolean | number | string[];

/** Names Express (proxy-addr) knows for address ranges, besides addresses and subnets. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY as Express's `trust proxy` understands it: "false"/"true", a hop
 * count ("1"), or a comma-separated list of addresses, subnets and range names.
 */
export function parseTrustProxy(raw: string): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (['', 'false', '0', 'no'].includes(value)) return false;
  if (['true', 'yes'].includes(value)) return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const valid = (entry: string) => PROXY_RANGE_NAMES.has(entry) || /^[0-9a-f:.]+(\/\d{1,3})?$/.test(entry);
  const bad = entries.find((entry) => !valid(entry));
  if (bad !== undefined || entries.length === 0) {
    throw new StartupError(
      `Configuration error: TRUST_PROXY=${JSON.stringify(raw)} is not valid (use false, true, a hop count such as 1, or addresses such as 127.0.0.1,10.0.0.0/8).`,
    );
  }
  return entries;
}

/**
 * EMBED_ALLOWED_ORIGINS as CSP `frame-ancestors` sources: "*" (any site may embed
 * the lists), or a comma-separated list of http(s) origins such as
 * https://schule.example,https://jobcenter.example.
 */
export function parseEmbedOrigins(raw: string): string[] {
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0 || entries.includes('*')) return ['*'];
  return entries.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/+$/, '')) {
      throw new StartupError(`Configuration error: EMBED_ALLOWED_ORIGINS=${JSON.stringify(raw)} is not valid (use * or origins such as https://schule.example,https://jobcenter.example).`);
    }
    return url.origin;
  });
}

export type DatabaseTarget = { client: 'sqlite'; file: string } | { client: 'pg'; url: string };

export interface AppConfig {
  port: number;
  host: string;
  publicUrl: string | undefined;
  /**
   * The address every mailed or canonical link starts with: PUBLIC_URL, or
   * http://localhost:<PORT> when mails only go to the local mail folder.
   * Never taken from a request's Host header.
   */
  siteUrl: string;
  /** Express's `trust proxy` setting: false, true, a hop count, or addresses/subnets. */
  trustProxy: TrustProxy;
  projectRoot: string;
  dataDir: string;
  /** The SQLite file in DATA_DIR; used when `database` is SQLite (and by backup and restore). */
  databaseFile: string;
  /** Where the truth lives: the SQLite file (default) or PostgreSQL when DATABASE_URL is set. */
  database: DatabaseTarget;
  region: string;
  regionsDir: string;
  taxonomyDir: string;
  demoDir: string;
  viewsDir: string;
  staticDir: string;
  demoData: boolean;
  logLevel: string;
  mail: { smtpUrl: string | undefined; from: string; outboxDir: string };
  /** Signs session cookies; generated into the data folder when not given. */
  sessionSecret: string | undefined;
  /** After how many months a provider is asked to confirm an offer, and how many days it has to answer. */
  freshness: { months: number; graceDays: number };
  /** Posts to the login, sign-up and reset forms per address and quarter hour. */
  accountRateLimit: number;
  /** Map tiles; an empty URL shows the map without a background. */
  tiles: { url: string; attribution: string };
  meili: {
    url: string | undefined;
    masterKey: string | undefined;
    binary: string | undefined;
    indexPrefix: string;
    maxIndexingMemory: string;
    startupTimeoutMs: number;
    dataDir: string;
  };
  /**
   * Recent search answers kept until the index changes; 0 entries turns it off.
   * `pollMs`: how often the shared index version is read, so a change made by
   * another app instance drops this one's answers too (0: only `ttlMs` bounds them).
   */
  searchCache: { maxEntries: number; ttlMs: number; pollMs: number };
  /** Outbox, mail and maintenance leases among instances sharing a database: a dead holder is replaced after at most this. */
  leaseMs: number;
  /** Where rate limits count: the database (shared by every instance) or this process's memory. */
  rateLimitStore: 'database' | 'memory';
  /** When Meilisearch fails or takes longer than timeoutMs, the database answers; it is asked again every retryMs. */
  searchFallback: { timeoutMs: number; retryMs: number };
  /** The Chromium that prints referral sheets and brochures as PDF. */
  pdf: { chromiumPath: string };
  /** Sites that may frame the embeddable lists (/embed/*): ['*'] for any. */
  embed: { allowedOrigins: string[] };
  /** Machine translation of offers; null when TRANSLATION_PROVIDER is unset (the feature is off). */
  translation: TranslationConfig | null;
}

export interface TranslationConfig {
  provider: 'deepl' | 'libretranslate';
  /** The API's address without a trailing slash. */
  url: string;
  key: string | undefined;
  /** Send the glossary of data/translation/glossary.json (DeepL only; LibreTranslate has none). */
  glossary: boolean;
  /** DeepL offers some languages (Persian among them) only as beta languages, asked for with `enable_beta_languages`. */
  deeplBetaLanguages: boolean;
  glossaryFile: string;
}

/** DeepL's two documented hosts: free keys (ending in ":fx") must use api-free, paid keys api. */
const DEEPL_FREE_URL = 'https://api-free.deepl.com';
const DEEPL_PRO_URL = 'https://api.deepl.com';

type Environment = z.infer<typeof environmentSchema>;

/** TRANSLATION_* as one object, or null; a combination that cannot work stops the start with one sentence. */
function translationConfig(values: Environment): TranslationConfig | null {
  const provider = values.TRANSLATION_PROVIDER;
  if (!provider) {
    if (values.TRANSLATION_URL || values.TRANSLATION_KEY) {
      throw new StartupError('Configuration error: TRANSLATION_URL or TRANSLATION_KEY is set, so TRANSLATION_PROVIDER must be set too (deepl or libretranslate).');
    }
    return null;
  }
  const key = values.TRANSLATION_KEY;
  let url = values.TRANSLATION_URL?.replace(/\/+$/, '');
  if (provider === 'deepl') {
    if (!key) throw new StartupError('Configuration error: TRANSLATION_PROVIDER=deepl needs TRANSLATION_KEY (the DeepL API key from your DeepL account).');
    const freeKey = key.endsWith(':fx');
    url ??= freeKey ? DEEPL_FREE_URL : DEEPL_PRO_URL;
    if (freeKey && url === DEEPL_PRO_URL) throw new StartupError(`Configuration error: TRANSLATION_KEY is a DeepL API Free key (it ends in ":fx"), so TRANSLATION_URL must be ${DEEPL_FREE_URL}.`);
    if (!freeKey && url === DEEPL_FREE_URL) throw new StartupError(`Configuration error: TRANSLATION_KEY is a DeepL API Pro key, so TRANSLATION_URL must be ${DEEPL_PRO_URL}.`);
  } else if (!url) {
    throw new StartupError('Configuration error: TRANSLATION_PROVIDER=libretranslate needs TRANSLATION_URL (the address of the LibreTranslate server, such as https://translate.example.org).');
  }
  return {
    provider,
    url,
    key,
    glossary: values.TRANSLATION_GLOSSARY,
    deeplBetaLanguages: values.TRANSLATION_DEEPL_BETA_LANGUAGES,
    glossaryFile: path.join(projectRoot, 'data', 'translation', 'glossary.json'),
  };
}

/**
 * Builds the one typed configuration object from defaults and an environment.
 * Throws a StartupError naming the first bad variable.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== undefined && (value !== '' || key === 'TILE_URL')),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new StartupError(
      `Configuration error: ${variable}=${JSON.stringify(present[variable] ?? '')} is not valid (${issue?.message ?? 'invalid'}).`,
    );
  }
  const values = parsed.data;
  if (values.TILE_URL && !/^https?:\/\/[^/]+\/.*\{z\}.*\{x\}.*\{y\}/.test(values.TILE_URL)) {
    throw new StartupError('Configuration error: TILE_URL must be an http(s) URL with {z}, {x} and {y}, or empty for no map tiles.');
  }
  if (values.MEILI_URL && !values.MEILI_MASTER_KEY) {
    throw new StartupError('Configuration error: MEILI_URL is set, so MEILI_MASTER_KEY must be set too.');
  }
  // Mailed links must never come from a request's Host header; with SMTP they need a configured address.
  if (values.SMTP_URL && !values.PUBLIC_URL) {
    throw new StartupError('Configuration error: SMTP_URL is set, so PUBLIC_URL must be set too (the address mailed links point to, such as https://wegweiser.example.de).');
  }
  // each region keeps its own directory by default, so REGION=solingen never opens the county's data
  const dataDir = path.resolve(values.DATA_DIR ?? path.join(projectRoot, 'data', 'runtime', ...(values.REGION === 'ennepe-ruhr-kreis' ? [] : [values.REGION])));
  return {
    port: values.PORT,
    host: values.HOST,
    publicUrl: values.PUBLIC_URL,
    siteUrl: (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ''),
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    projectRoot,
    dataDir,
    databaseFile: path.join(dataDir, 'wegweiser.sqlite'),
    database: values.DATABASE_URL ? { client: 'pg', url: values.DATABASE_URL } : { client: 'sqlite', file: path.join(dataDir, 'wegweiser.sqlite') },
    region: values.REGION,
    regionsDir: path.join(projectRoot, 'data', 'regions'),
    taxonomyDir: path.join(projectRoot, 'data', 'taxonomy'),
    demoDir: path.join(projectRoot, 'data', 'demo'),
    viewsDir: path.join(projectRoot, 'views'),
    staticDir: path.join(projectRoot, 'static'),
    demoData: values.DEMO_DATA,
    logLevel: values.LOG_LEVEL,
    tiles: { url: values.TILE_URL, attribution: values.TILE_ATTRIBUTION },
    pdf: { chromiumPath: values.CHROMIUM_PATH },
    embed: { allowedOrigins: parseEmbedOrigins(values.EMBED_ALLOWED_ORIGINS) },
    mail: { smtpUrl: values.SMTP_URL, from: values.MAIL_FROM, outboxDir: path.join(dataDir, 'mail') },
    sessionSecret: values.SESSION_SECRET,
    accountRateLimit: values.ACCOUNT_RATE_LIMIT,
    freshness: { months: values.FRESHNESS_MONTHS, graceDays: values.FRESHNESS_GRACE_DAYS },
    meili: {
      url: values.MEILI_URL,
      masterKey: values.MEILI_MASTER_KEY,
      binary: values.MEILI_BINARY,
      // regions sharing one external Meilisearch get their own indexes by default
      indexPrefix: values.MEILI_INDEX_PREFIX ?? (values.REGION === 'ennepe-ruhr-kreis' ? 'wegweiser_' : `wegweiser_${values.REGION.replace(/-/g, '_')}_`),
      maxIndexingMemory: values.MEILI_MAX_INDEXING_MEMORY.replace(/\s+/g, ''),
      startupTimeoutMs: values.MEILI_STARTUP_TIMEOUT_MS,
      dataDir: path.join(dataDir, 'meilisearch'),
    },
    searchCache: { maxEntries: values.SEARCH_CACHE_ENTRIES, ttlMs: values.SEARCH_CACHE_TTL_SECONDS * 1000, pollMs: values.SEARCH_CACHE_POLL_MS },
    leaseMs: Math.round(values.LEASE_SECONDS * 1000),
    rateLimitStore: values.RATE_LIMIT_STORE,
    searchFallback: { timeoutMs: values.SEARCH_FALLBACK_TIMEOUT_MS, retryMs: Math.round(values.SEARCH_FALLBACK_RETRY_SECONDS * 1000) },
    translation: translationConfig(values),
  };
}
