/** The fields a result card or API hit needs; the rest of the document stays in Meilisearch. */
export const CARD_FIELDS = [
  'offerId', 'slug', 'programmeKey', 'title', 'summary', 'providerName', 'providerSlug', 'district', 'districtName', 'offerDistricts', 'locationName',
  'city', 'languages', 'categories', 'targets', 'cost', 'format', 'schedule', 'byAppointment', 'childcare', 'accessible',
  'womenOnly', '_geo', 'translatedLocales', 'publishedAt', 'lastVerifiedAt', 'ageMin', 'ageMax', 'startDate', 'endDate', 'nextStartDate',
  'rollingEntry', 'geoPrecision',
  'street', 'postcode', 'phone', 'registrationRequired',
  'title_en', 'title_ar', 'title_fa', 'title_tr', 'title_uk', 'title_ru',
  'summary_en', 'summary_ar', 'summary_fa', 'summary_tr', 'summary_uk', 'summary_ru',
] as const;

/** The fields of a map marker. */
export const MARKER_FIELDS = ['offerId', 'slug', 'title', 'providerName', 'locationName', '_geo'] as const;
