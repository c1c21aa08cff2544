import { describe, expect, it } from 'vitest';
import { mergeTranslations } from '../../server/offers/offer-translation-rows.ts';
import type { OfferTranslation } from '../../server/offers/offer-types.ts';
import { sourceHash, translationRequest } from '../../server/translation/translation-source.ts';

const machine = { provider: 'deepl', madeAt: '2026-12-05T10:00:00.000Z', sourceHash: 'abc' };
const storedAr: OfferTranslation = { locale: 'ar', title: 'مقهى', summary: 'ملخص', description: 'سطر\nسطر', registrationNote: null, bringAlong: null, machine };

describe('provenance of translations when an offer is saved', () => {
  it('a machine translation sent back unchanged (even with CRLF line breaks) stays machine-made', () => {
    const merged = mergeTranslations([storedAr], [{ locale: 'ar', title: 'مقهى', summary: 'ملخص', description: 'سطر\r\nسطر' }]);
    expect(merged).toEqual([{ locale: 'ar', title: 'مقهى', summary: 'ملخص', description: 'سطر\r\nسطر', machine }]);
  });

  it('a changed machine translation becomes a human one', () => {
    expect(mergeTranslations([storedAr], [{ locale: 'ar', title: 'مقهى اللغة', summary: 'ملخص', description: 'سطر\nسطر' }])).toEqual([
      { locale: 'ar', title: 'مقهى اللغة', summary: 'ملخص', description: 'سطر\nسطر' },
    ]);
  });

  it('a machine translation the input does not mention is kept; a human one is not', () => {
    const human: OfferTranslation = { locale: 'tr', title: 'Kafe', summary: '', description: '' };
    expect(mergeTranslations([storedAr, human], [])).toEqual([storedAr]);
  });
});

describe('the German source of a machine translation', () => {
  const offer = { title: 'Sprachcafé', summary: 'Kurz.', description: 'Lang.', registrationNote: null, bringAlong: 'Ausweis' };

  it('sends only non-empty fields and puts the answers back in their places', () => {
    const request = translationRequest(offer);
    expect(request.texts).toEqual(['Sprachcafé', 'Kurz.', 'Lang.', 'Ausweis']);
    expect(request.assemble('en', ['Language café', 'Short.', 'Long.', 'ID card '])).toEqual({
      locale: 'en', title: 'Language café', summary: 'Short.', description: 'Long.', registrationNote: null, bringAlong: 'ID card',
    });
  });

  it('hashes every translated field, so any German change makes a translation stale', () => {
    expect(sourceHash(offer)).toMatch(/^[0-9a-f]{16}$/);
    expect(sourceHash({ ...offer, bringAlong: 'Pass' })).not.toBe(sourceHash(offer));
    expect(sourceHash({ ...offer, title: ' Sprachcafé ' })).toBe(sourceHash(offer));
  });
});
