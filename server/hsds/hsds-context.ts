import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { createIdMaker, type IdMaker } from './hsds-ids.ts';
import { HsdsTermIndex } from './hsds-taxonomy.ts';

/** What every HSDS mapper needs: ids, terms, the site's address and the region. */
export interface HsdsContext {
  ids: IdMaker;
  terms: HsdsTermIndex;
  baseUrl: string;
  region: Region;
  /** HSDS addresses require a state; regions do not name theirs yet. */
  stateProvince: string;
}

export function createHsdsContext(options: { region: Region; taxonomy: Taxonomy; baseUrl: string; stateProvince?: string }): HsdsContext {
  const ids = createIdMaker(options.region.slug);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    ids,
    terms: new HsdsTermIndex(options.taxonomy, ids, baseUrl),
    baseUrl,
    region: options.region,
    stateProvince: options.stateProvince ?? 'Nordrhein-Westfalen',
  };
}

const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** An e-mail address only when it is well formed: the schemas check `format: email`, and a bad one would make the record invalid. */
export function safeEmail(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && EMAIL.test(trimmed) ? trimmed : undefined;
}

/** An http(s) address in normalised form, or nothing (schemas check `format: uri`). */
export function safeUrl(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Adds only the entries whose value is set; HSDS fields are left out rather than null. */
export function definedOnly<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null && value !== '')) as T;
}
