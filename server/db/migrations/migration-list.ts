import type { Knex } from 'knex';
import * as createTaxonomy from './2026-11-21-1200-create-taxonomy.ts';
import * as createProviders from './2026-11-21-1201-create-providers.ts';
import * as createLocations from './2026-11-21-1202-create-locations.ts';
import * as createOffers from './2026-11-21-1203-create-offers.ts';
import * as createOfferRelations from './2026-11-21-1204-create-offer-relations.ts';
import * as createOfferSchedules from './2026-11-21-1205-create-offer-schedules.ts';
import * as createOfferTranslations from './2026-11-21-1206-create-offer-translations.ts';
import * as createSearchOutbox from './2026-11-21-1207-create-search-outbox.ts';
import * as createAppMeta from './2026-11-21-1208-create-app-meta.ts';
import * as createUsers from './2026-11-21-1300-create-users.ts';
import * as createOneTimeTokens from './2026-11-21-1301-create-one-time-tokens.ts';
import * as createSessions from './2026-11-21-1302-create-sessions.ts';
import * as createAuditLog from './2026-11-21-1303-create-audit-log.ts';
import * as createOfferRevisions from './2026-11-21-1304-create-offer-revisions.ts';
import * as addOfferReminders from './2026-11-21-1305-add-offer-reminders.ts';
import * as createProblemReports from './2026-11-21-1306-create-problem-reports.ts';
import * as createPublicSubmissions from './2026-11-21-1400-create-public-submissions.ts';
import * as addProviderVerified from './2026-11-21-1401-add-provider-verified.ts';
import * as addLocationReviewed from './2026-11-21-1402-add-location-reviewed.ts';
import * as addOfferScheduleNote from './2026-12-05-0800-add-offer-schedule-note.ts';
import * as addScheduleEveryOtherWeek from './2026-12-05-0801-add-schedule-every-other-week.ts';
import * as addOfferCourseDates from './2026-12-05-0802-add-offer-course-dates.ts';
import * as addOfferRegistrationDetails from './2026-12-05-0803-add-offer-registration-details.ts';
import * as addTranslationRegistrationTexts from './2026-12-05-0804-add-translation-registration-texts.ts';
import * as addOfferProvenance from './2026-12-05-0805-add-offer-provenance.ts';
import * as addProviderProvenance from './2026-12-05-0806-add-provider-provenance.ts';
import * as addLocationProvenance from './2026-12-05-0807-add-location-provenance.ts';
import * as addLocationAddressOnRequest from './2026-12-05-0808-add-location-address-on-request.ts';
import * as addLocationGeoPrecision from './2026-12-05-0809-add-location-geo-precision.ts';
import * as createMailOutbox from './2026-12-05-0900-create-mail-outbox.ts';
import * as addSearchOutboxParked from './2026-12-05-0901-add-search-outbox-parked.ts';
import * as createLoginThrottle from './2026-12-05-0902-create-login-throttle.ts';
import * as addReviewVersions from './2026-12-05-0930-add-review-versions.ts';
import * as addOfferRejectionReason from './2026-12-05-0931-add-offer-rejection-reason.ts';
import * as addReportFollowUp from './2026-12-05-0932-add-report-follow-up.ts';
import * as addOfferUnderReview from './2026-12-05-0933-add-offer-under-review.ts';
import * as addOfferImportKey from './2026-12-05-0945-add-offer-import-key.ts';
import * as createSearchMisses from './2026-12-05-1000-create-search-misses.ts';
import * as addUserOrganisation from './2026-12-05-1100-add-user-organisation.ts';
import * as createStaffDigestItems from './2026-12-05-1101-create-staff-digest-items.ts';
import * as addTranslationProvenance from './2026-12-05-1110-add-translation-provenance.ts';
import * as createTranslationOutbox from './2026-12-05-1111-create-translation-outbox.ts';
import * as createSearchDocuments from './2026-12-05-1130-create-search-documents.ts';
import * as createWorkerLeases from './2026-12-05-1140-create-worker-leases.ts';
import * as createSearchIndexVersion from './2026-12-05-1141-create-search-index-version.ts';
import * as createRateLimitHits from './2026-12-05-1142-create-rate-limit-hits.ts';
import * as addSearchDocumentsTextVector from './2026-12-05-1200-add-search-documents-text-vector.ts';
import * as createTaxonomyVersion from './2026-12-06-0900-create-taxonomy-version.ts';
import * as createImportJobs from './2026-12-06-0901-create-import-jobs.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration in order; listed explicitly so the app needs no file globbing at run time. */
const migrations: Array<[string, Migration]> = [
  ['2026-11-21-1200-create-taxonomy', createTaxonomy],
  ['2026-11-21-1201-create-providers', createProviders],
  ['2026-11-21-1202-create-locations', createLocations],
  ['2026-11-21-1203-create-offers', createOffers],
  ['2026-11-21-1204-create-offer-relations', createOfferRelations],
  ['2026-11-21-1205-create-offer-schedules', createOfferSchedules],
  ['2026-11-21-1206-create-offer-translations', createOfferTranslations],
  ['2026-11-21-1207-create-search-outbox', createSearchOutbox],
  ['2026-11-21-1208-create-app-meta', createAppMeta],
  ['2026-11-21-1300-create-users', createUsers],
  ['2026-11-21-1301-create-one-time-tokens', createOneTimeTokens],
  ['2026-11-21-1302-create-sessions', createSessions],
  ['2026-11-21-1303-create-audit-log', createAuditLog],
  ['2026-11-21-1304-create-offer-revisions', createOfferRevisions],
  ['2026-11-21-1305-add-offer-reminders', addOfferReminders],
  ['2026-11-21-1306-create-problem-reports', createProblemReports],
  ['2026-11-21-1400-create-public-submissions', createPublicSubmissions],
  ['2026-11-21-1401-add-provider-verified', addProviderVerified],
  ['2026-11-21-1402-add-location-reviewed', addLocationReviewed],
  ['2026-12-05-0800-add-offer-schedule-note', addOfferScheduleNote],
  ['2026-12-05-0801-add-schedule-every-other-week', addScheduleEveryOtherWeek],
  ['2026-12-05-0802-add-offer-course-dates', addOfferCourseDates],
  ['2026-12-05-0803-add-offer-registration-details', addOfferRegistrationDetails],
  ['2026-12-05-0804-add-translation-registration-texts', addTranslationRegistrationTexts],
  ['2026-12-05-0805-add-offer-provenance', addOfferProvenance],
  ['2026-12-05-0806-add-provider-provenance', addProviderProvenance],
  ['2026-12-05-0807-add-location-provenance', addLocationProvenance],
  ['2026-12-05-0808-add-location-address-on-request', addLocationAddressOnRequest],
  ['2026-12-05-0809-add-location-geo-precision', addLocationGeoPrecision],
  ['2026-12-05-0900-create-mail-outbox', createMailOutbox],
  ['2026-12-05-0901-add-search-outbox-parked', addSearchOutboxParked],
  ['2026-12-05-0902-create-login-throttle', createLoginThrottle],
  ['2026-12-05-0930-add-review-versions', addReviewVersions],
  ['2026-12-05-0931-add-offer-rejection-reason', addOfferRejectionReason],
  ['2026-12-05-0932-add-report-follow-up', addReportFollowUp],
  ['2026-12-05-0933-add-offer-under-review', addOfferUnderReview],
  ['2026-12-05-0945-add-offer-import-key', addOfferImportKey],
  ['2026-12-05-1000-create-search-misses', createSearchMisses],
  ['2026-12-05-1100-add-user-organisation', addUserOrganisation],
  ['2026-12-05-1101-create-staff-digest-items', createStaffDigestItems],
  ['2026-12-05-1110-add-translation-provenance', addTranslationProvenance],
  ['2026-12-05-1111-create-translation-outbox', createTranslationOutbox],
  ['2026-12-05-1130-create-search-documents', createSearchDocuments],
  ['2026-12-05-1140-create-worker-leases', createWorkerLeases],
  ['2026-12-05-1141-create-search-index-version', createSearchIndexVersion],
  ['2026-12-05-1142-create-rate-limit-hits', createRateLimitHits],
  ['2026-12-05-1200-add-search-documents-text-vector', addSearchDocumentsTextVector],
  ['2026-12-06-0900-create-taxonomy-version', createTaxonomyVersion],
  ['2026-12-06-0901-create-import-jobs', createImportJobs],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => migrations.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = migrations.find(([candidate]) => candidate === name);
    if (!found) throw new Error(`Unknown migration ${name}`);
    return found[1];
  },
};
