import { offerImportKey, placeAddressKey } from './import-keys.ts';
import { foldName } from './import-text.ts';
import type { ImportProblem, MappedRow, OfferDraft, PlaceDraft } from './import-types.ts';

export interface FileProvider {
  key: string;
  name: string;
  externalId: string | null;
  source: string | null;
  /** Towns of the provider's places in the file, for matching by name and town. */
  districts: string[];
  lines: number[];
}

export interface FilePlace {
  key: string;
  providerKey: string;
  draft: PlaceDraft;
  lines: number[];
}

export interface FileOffer {
  key: string;
  externalId: string | null;
  /** Set when the list has no id for the offer. */
  importKey: string | null;
  draft: OfferDraft;
  providerKey: string;
  placeKeys: string[];
  lines: number[];
}

export interface FileContents {
  providers: FileProvider[];
  places: FilePlace[];
  offers: FileOffer[];
  problems: ImportProblem[];
}

function providerKeyOf(row: MappedRow, idByName: Map<string, string>): string {
  if (row.provider.externalId) return `id:${row.provider.externalId}`;
  const name = foldName(row.provider.name);
  return idByName.get(name) ?? `name:${name}`;
}

/** Rows of one offer must agree; the first row wins and later ones that differ are named. */
function sameOffer(a: OfferDraft, b: OfferDraft): boolean {
  return JSON.stringify({ ...a, lastVerified: null }) === JSON.stringify({ ...b, lastVerified: null });
}

/**
 * Groups checked rows into the file's providers, places and offers. A row is
 * one offer at one place: rows sharing an offer id are one offer at several
 * places; without ids each row is its own offer, keyed by provider, title and place.
 */
export function groupRows(rows: MappedRow[]): FileContents {
  const valid = rows.filter((row) => row.valid);
  const idByName = new Map<string, string>();
  for (const row of valid) if (row.provider.externalId) idByName.set(foldName(row.provider.name), `id:${row.provider.externalId}`);
  const providers = new Map<string, FileProvider>();
  const places = new Map<string, FilePlace>();
  const offers = new Map<string, FileOffer & { firstLine: number }>();
  const problems: ImportProblem[] = [];

  for (const row of valid) {
    const providerKey = providerKeyOf(row, idByName);
    const provider = providers.get(providerKey) ?? { key: providerKey, name: row.provider.name, externalId: row.provider.externalId, source: row.provider.source, districts: [], lines: [] };
    provider.lines.push(row.line);
    if (row.place && !provider.districts.includes(row.place.district)) provider.districts.push(row.place.district);
    providers.set(providerKey, provider);

    let placeKey: string | null = null;
    if (row.place) {
      placeKey = `${providerKey}|${row.place.externalId ? `id:${row.place.externalId}` : placeAddressKey(row.place)}`;
      const place = places.get(placeKey);
      if (place) place.lines.push(row.line);
      else places.set(placeKey, { key: placeKey, providerKey, draft: row.place, lines: [row.line] });
    }

    const importKey = row.offer.externalId ? null : offerImportKey(provider.name, row.offer.title, row.place);
    const offerKey = row.offer.externalId ? `id:${row.offer.externalId}` : `key:${importKey}`;
    const existing = offers.get(offerKey);
    if (!existing) {
      offers.set(offerKey, { key: offerKey, externalId: row.offer.externalId, importKey, draft: row.offer, providerKey, placeKeys: placeKey ? [placeKey] : [], lines: [row.line], firstLine: row.line });
      continue;
    }
    if (placeKey === null || existing.placeKeys.includes(placeKey)) {
      problems.push({ line: row.line, column: null, code: 'duplicateRow', severity: 'warning', values: { first: existing.firstLine } });
      continue;
    }
    if (!sameOffer(existing.draft, row.offer) || existing.providerKey !== providerKey) {
      problems.push({ line: row.line, column: null, code: 'rowDiffers', severity: 'warning', values: { first: existing.firstLine } });
    }
    existing.placeKeys.push(placeKey);
    existing.lines.push(row.line);
  }
  return { providers: [...providers.values()], places: [...places.values()], offers: [...offers.values()].map(({ firstLine: _first, ...offer }) => offer), problems };
}
