import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDate } from '../../server/import/import-cells.ts';
import { decodeCsv } from '../../server/import/import-file-reader.ts';
import { formatWeeklySchedule, parseWeeklySchedule } from '../../server/import/import-schedule.ts';
import { closestMatch, foldName, foldText } from '../../server/import/import-text.ts';
import { createVocabulary, readImportSynonyms, type Vocabulary } from '../../server/import/import-vocabulary.ts';
import { createTestStorage } from '../support/test-services.ts';

describe('reading cells the way a person writes them', () => {
  let storage: Awaited<ReturnType<typeof createTestStorage>>;
  let vocabulary: Vocabulary;
  beforeAll(async () => {
    storage = await createTestStorage();
    vocabulary = createVocabulary(storage.taxonomy, readImportSynonyms(storage.config.projectRoot));
  });
  afterAll(async () => storage?.close());

  it('reads weekly times in the common spellings, and says when it cannot', () => {
    const slots = (text: string) => parseWeeklySchedule(text).slots.map((slot) => `${slot.weekday} ${slot.opensAt}-${slot.closesAt}`);
    expect(slots('Di 14-16 Uhr')).toEqual(['2 14:00-16:00']);
    expect(slots('dienstags 14:00–16:00')).toEqual(['2 14:00-16:00']);
    expect(slots('Mo, Mi 9-12')).toEqual(['1 09:00-12:00', '3 09:00-12:00']);
    expect(slots('Mo-Fr 8.30 bis 12 Uhr')).toHaveLength(5);
    expect(slots('Mo 9-12 und 14-16; Do 15-17')).toEqual(['1 09:00-12:00', '1 14:00-16:00', '4 15:00-17:00']);
    expect(parseWeeklySchedule('Sa 10-12, 14-täglich')).toMatchObject({ everyOtherWeek: true, slots: [{ weekday: 6 }] });
    expect(parseWeeklySchedule('nach Vereinbarung')).toMatchObject({ byAppointment: true, slots: [] });
    expect(parseWeeklySchedule('Di 16-14')).toMatchObject({ slots: [], unreadable: 'Di 16-14' });
    expect(parseWeeklySchedule('wenn es regnet')).toMatchObject({ slots: [], unreadable: 'wenn es regnet' });
    const written = formatWeeklySchedule([{ weekday: 3, opensAt: '14:00', closesAt: '16:00' }, { weekday: 1, opensAt: '09:00', closesAt: '12:00' }]);
    expect(written).toBe('Mo 09:00-12:00, Mi 14:00-16:00');
    expect(slots(written)).toEqual(['1 09:00-12:00', '3 14:00-16:00']);
  });

  it('reads dates as Excel and people write them', () => {
    expect(['12.01.2027', '12.1.27', '2027-01-12', '12. Januar 2027'].map(readDate)).toEqual(['2027-01-12', '2027-01-12', '2027-01-12', '2027-01-12']);
    expect(['31.02.2027', 'bald', '2027/01/12'].map(readDate)).toEqual([undefined, undefined, undefined]);
  });

  it('matches values regardless of case, umlauts, ae/oe/ue/ss, language of the label and codes', () => {
    const found = (list: Parameters<Vocabulary['lookup']>[0], value: string) => {
      const lookup = vocabulary.lookup(list, value);
      return 'found' in lookup ? lookup.found : undefined;
    };
    expect(['Arabisch', 'arabic', 'AR', 'العربية', 'Arabisch (ar)'].map((value) => found('language', value))).toEqual([['ar'], ['ar'], ['ar'], ['ar'], ['ar']]);
    expect(['Türkisch', 'tuerkisch', 'TÜRKISCH', 'turkish'].map((value) => found('language', value))).toEqual([['tr'], ['tr'], ['tr'], ['tr']]);
    expect(found('category', 'Deutschkurs')).toEqual(['german-course']);
    expect(found('category', 'Hausaufgabenbetreuung')).toEqual(['homework-help']);
    expect(found('target', 'Geflüchtete')).toEqual(['refugees']);
    expect(found('target', 'Gefluechtete')).toEqual(['refugees']);
    expect(found('target', 'Kinder und Jugendliche')).toEqual(['children', 'youth']);
    expect(found('cost', 'bitte erfragen')).toEqual(['unknown']);
    expect(found('cost', 'Kostenlos')).toEqual(['free']);
    expect(found('registration', 'telefonisch')).toEqual(['phone']);
    expect(vocabulary.lookup('language', 'Sorani-Kurdisch')).toEqual({ unknown: true, suggestion: 'ckb' });
    expect(vocabulary.lookup('language', 'Klingonisch')).toEqual({ unknown: true, suggestion: undefined });
    expect([vocabulary.boolean('Ja'), vocabulary.boolean('x'), vocabulary.boolean('nein'), vocabulary.boolean('vielleicht')]).toEqual([true, true, false, undefined]);
  });

  it('treats provider names as one when only case, umlaut spelling or the legal form differ, and does not match on a town name alone', () => {
    expect(foldName('AWO Unterbezirk EN e.V.')).toBe(foldName('awo unterbezirk en'));
    expect(foldName('Familienzentrum Löwenzahn gGmbH')).toBe(foldName('Familienzentrum Loewenzahn'));
    expect(foldText('Straße')).toBe('strasse');
    const providers = [{ folded: foldName('Träger 3 Hattingen e.V.'), value: 3 }, { folded: foldName('Caritasverband Hattingen-Sprockhövel'), value: 7 }];
    expect(closestMatch(foldName('Caritas Hattingen'), providers, { minSharedWords: 2 })).toBeUndefined();
    expect(closestMatch(foldName('Caritasverband Hattingen Sprockhoevel'), providers, { minSharedWords: 2 })).toBe(7);
  });

  it('decodes UTF-8 with and without BOM and Windows-1252', () => {
    const text = 'Titel;Träger\r\nMütter-Café;Straße 1\r\n';
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
    expect(decodeCsv(iconv.encode(text, 'win1252'))).toBe(text);
  });
});
