import { createHash } from 'node:crypto';

/**
 * The fixed namespace of Wegweiser's HSDS identifiers (a random UUID chosen once;
 * changing it would change every published id).
 */
export const WEGWEISER_HSDS_NAMESPACE = '5b0f7a52-8d3e-4c1b-9f26-3a7e1d2c4b90';

/** Record kinds that get an HSDS id; the kind is part of the hashed name, so an offer and a place with the same number never share an id. */
export type HsdsKind =
  | 'service'
  | 'organization'
  | 'location'
  | 'address'
  | 'service_at_location'
  | 'schedule'
  | 'phone'
  | 'contact'
  | 'language'
  | 'cost_option'
  | 'required_document'
  | 'accessibility'
  | 'organization_identifier'
  | 'taxonomy'
  | 'taxonomy_term'
  | 'attribute'
  | 'service_area';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value.toLowerCase());
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 9562 UUID version 5 (SHA-1 of namespace and name). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The namespace of one installation. Records are numbered per database, so two
 * directories (two districts) would otherwise publish the same id for different
 * offers; the region slug keeps them apart.
 */
export function installationNamespace(region: string): string {
  return uuidV5(WEGWEISER_HSDS_NAMESPACE, `installation:${region}`);
}

/**
 * Makes HSDS ids for one installation. Database ids are never reused (SQLite
 * AUTOINCREMENT), so neither are these. Taxonomy ids use the fixed namespace
 * alone: the Wegweiser taxonomy is the same in every installation.
 */
export function createIdMaker(region: string) {
  const namespace = installationNamespace(region);
  return {
    record: (kind: HsdsKind, key: string | number): string => uuidV5(namespace, `${kind}:${key}`),
    taxonomy: (vocabulary: string): string => uuidV5(WEGWEISER_HSDS_NAMESPACE, `taxonomy:${vocabulary}`),
    term: (vocabulary: string, slug: string): string => uuidV5(WEGWEISER_HSDS_NAMESPACE, `taxonomy_term:${vocabulary}:${slug}`),
  };
}

export type IdMaker = ReturnType<typeof createIdMaker>;
