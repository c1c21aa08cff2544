import type { Region } from '../region/region-config.ts';

export const LEGAL_PAGES = {
  impressum: 'imprint',
  datenschutz: 'privacy',
  barrierefreiheit: 'accessibility',
  'leichte-sprache': 'easyLanguage',
} as const;

export type LegalPagePath = keyof typeof LEGAL_PAGES;

/** How many paragraphs each page's text has in the locale files (legal.<page>.p1 …). */
const PARAGRAPHS: Record<(typeof LEGAL_PAGES)[LegalPagePath], number> = { imprint: 4, privacy: 7, accessibility: 5, easyLanguage: 6 };

/**
 * The values the legal texts are filled with: the region's organisation and
 * contact, and its optional `legal` block, each with a sensible default.
 */
export function legalValues(region: Region): Record<string, string> {
  const contact = region.contact;
  const email = contact?.email ?? region.contactEmail;
  return {
    organisation: region.organisation,
    region: region.name,
    address: contact ? `${contact.street}, ${contact.postcode} ${contact.town}` : region.name,
    phone: contact?.phone ?? '–',
    email,
    representative: region.legal?.representative ?? region.organisation,
    responsible: region.legal?.responsibleForContent ?? region.legal?.representative ?? region.organisation,
    privacyEmail: region.legal?.dataProtectionOfficerEmail ?? email,
    feedbackEmail: region.legal?.accessibilityFeedbackEmail ?? email,
    enforcementBody: region.legal?.enforcementBody ?? 'Schlichtungsstelle nach § 16 BGG',
    reviewed: region.legal?.accessibilityReviewed ?? '2026-12-05',
  };
}

/** The page's heading and paragraphs in the reader's language. */
export function toLegalPage(page: LegalPagePath, region: Region, t: (key: string, values?: Record<string, unknown>) => string) {
  const name = LEGAL_PAGES[page];
  const values = legalValues(region);
  const paragraphs = Array.from({ length: PARAGRAPHS[name] }, (_, index) => t(`legal.${name}.p${index + 1}`, values));
  return { title: t(`legal.${name}.title`), paragraphs, easyLanguage: name === 'easyLanguage' };
}
