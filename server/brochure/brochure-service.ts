import type { Database } from '../db/db-connection.ts';
import { findOffersByIds, listPublishedOfferIds } from '../offers/offer-repository.ts';
import type { Offer } from '../offers/offer-types.ts';
import { qrCodePngDataUrl } from '../referral/qr-code.ts';
import { toSheetColumn, toSheetFacts } from '../referral/referral-sheet-mapper.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import type { Translate } from '../web/view-context.ts';
import type { BrochureRequest } from './brochure-request.ts';

export interface BrochureDeps {
  db: Database;
  taxonomy: Taxonomy;
  region: Region;
  translatorFor: (locale: string) => Translate;
  directionOf: (locale: string) => string;
  /** The public address the QR codes point to. */
  baseUrl: string;
}

/** Every published offer, read in pages so a large region never loads one huge query. */
async function loadPublishedOffers(db: Database): Promise<Offer[]> {
  const offers: Offer[] = [];
  for (let after = 0; ; ) {
    const ids = await listPublishedOfferIds(db, after, 500);
    if (ids.length === 0) return offers;
    offers.push(...(await findOffersByIds(db, ids)));
    after = ids[ids.length - 1]!;
  }
}

/** Whether an offer belongs in the brochure: held in the town (online offers serve every town) and on a chosen topic. */
function belongs(offer: Offer, request: BrochureRequest, taxonomy: Taxonomy): boolean {
  if (request.district && offer.locations.length > 0 && !offer.locations.some((location) => location.district === request.district)) return false;
  return request.topics.length === 0 || taxonomy.withParents(offer.categories).some((slug) => request.topics.includes(slug));
}

/** The offer's main topic: the top-level topic of its first category. */
function mainTopic(offer: Offer, taxonomy: Taxonomy): string {
  const first = offer.categories.map((slug) => taxonomy.get('category', slug)).find(Boolean);
  return first?.parent ?? first?.slug ?? 'other';
}

function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('de', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(date);
}

/**
 * The brochure: cover, table of contents by topic, one compact block per
 * offer (numbered through the whole brochure), an index of providers with
 * their offer numbers, and a QR code per offer to its online entry.
 */
export async function buildBrochure(deps: BrochureDeps, request: BrochureRequest) {
  const offers = (await loadPublishedOffers(deps.db)).filter((offer) => belongs(offer, request, deps.taxonomy));
  const languages = request.lang === 'de' ? ['de'] : ['de', request.lang];
  const contexts = languages.map((locale) => ({ ctx: { taxonomy: deps.taxonomy, locale, t: deps.translatorFor(locale), basePath: '/search' }, dir: deps.directionOf(locale) }));
  const germanT = deps.translatorFor('de');
  const order = deps.taxonomy.topCategories().map((term) => term.slug);
  const byTopic = new Map<string, Offer[]>();
  for (const offer of offers) {
    const topic = mainTopic(offer, deps.taxonomy);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), offer]);
  }
  const collator = new Intl.Collator('de');
  let number = 0;
  // One section after another: offers are numbered through the whole brochure.
  const sections = [];
  for (const topic of [...byTopic.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    const entries = [];
    for (const offer of byTopic.get(topic)!.sort((a, b) => collator.compare(a.title, b.title))) {
      number += 1;
      const url = `${deps.baseUrl}/offers/${offer.slug}${request.lang === 'de' ? '' : `?lang=${request.lang}`}`;
      entries.push({
        position: number,
        id: offer.id,
        columns: contexts.map(({ ctx, dir }) => toSheetColumn(offer, ctx, dir)),
        ...toSheetFacts(offer, germanT('referral.addressOnRequest')),
        qr: await qrCodePngDataUrl(url),
        qrLabel: germanT('brochure.qrLabel', { number }),
      });
    }
    sections.push({
      slug: topic,
      anchor: `topic-${topic}`,
      labels: contexts.map(({ ctx, dir }) => ({ lang: ctx.locale, dir, text: deps.taxonomy.label('category', topic, ctx.locale) })),
      first: entries[0]?.position ?? 0,
      last: entries[entries.length - 1]?.position ?? 0,
      entries,
    });
  }
  const providers = new Map<string, number[]>();
  for (const entry of sections.flatMap((section) => section.entries)) providers.set(entry.providerName, [...(providers.get(entry.providerName) ?? []), entry.position]);
  const dataDate = offers.reduce((latest, offer) => Math.max(latest, Date.parse(offer.lastVerifiedAt ?? offer.updatedAt) || 0), 0);
  const district = request.district ? deps.region.districts.find((candidate) => candidate.slug === request.district) : undefined;
  return {
    heads: contexts.map(({ ctx, dir }) => ({ lang: ctx.locale, dir, title: ctx.t('brochure.coverTitle', { place: district?.name ?? deps.region.name }), contents: ctx.t('brochure.contents'), providers: ctx.t('brochure.providerIndex') })),
    bilingual: languages.length > 1,
    regionName: deps.region.name,
    districtName: district?.name ?? null,
    organisation: deps.region.organisation,
    dataDate: germanT('brochure.dataDate', { date: formatDate(new Date(dataDate || Date.now())) }),
    offerCount: germanT('brochure.offerCount', { count: offers.length }),
    sections,
    providerIndex: [...providers].sort(([a], [b]) => collator.compare(a, b)).map(([name, numbers]) => ({ name, numbers: numbers.join(', ') })),
  };
}
