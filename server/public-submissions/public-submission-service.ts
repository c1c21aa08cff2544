import type { Knex } from 'knex';
import { z } from 'zod';
import { parseForm } from '../web/parse-form.ts';
import { digest, isTokenShaped, newMailToken } from '../accounts/one-time-tokens.ts';
import { recordAudit, type Actor } from '../audit/audit-log.ts';
import { ValidationError } from '../errors/app-errors.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail } from '../mail/mail-outbox-repository.ts';
import { createOffer, type OfferServiceDeps } from '../offers/offer-service.ts';
import type { Offer } from '../offers/offer-types.ts';
import { uniqueProviderSlug } from '../providers/provider-admin-service.ts';
import { insertLocation, insertProvider } from '../providers/provider-repository.ts';
import type { Region } from '../region/region-config.ts';
import { NOT_YET_SAVED, parseOfferWithPlace } from '../submissions/new-place.ts';
import type { OfferFormInput } from '../submissions/offer-form-mapper.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import {
  findSubmissionByTokenHash,
  findSubmittersOfOffers,
  insertSubmission,
  linkSubmissionToOffer,
  markSubmissionConfirmed,
  type PublicSubmission,
  type SubmittedOffer,
} from './public-submission-repository.ts';

export interface PublicSubmissionDeps extends OfferServiceDeps {
  region: Region;
  links: MailLinks;
  /** Translates mail texts into a locale. */
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
}

/** How long the mailed confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 60 * 60 * 1000;

/** A new provider's kind when the form left it open; staff correct it when they check the provider. */
export const DEFAULT_PROVIDER_KIND = 'club';

/** Who sends the offer; each field has one message that names it. */
const submitterSchema = z.object({
  organisation: z.string().trim().min(3, 'publicSubmission.errors.organisation').max(200, 'publicSubmission.errors.organisation'),
  organisationKind: z.string().trim().max(80).optional(),
  submitterName: z.string().trim().min(2, 'publicSubmission.errors.submitterName').max(120, 'publicSubmission.errors.submitterName'),
  submitterEmail: z.email('publicSubmission.errors.submitterEmail').max(200, 'publicSubmission.errors.submitterEmail'),
});

export type Submitter = z.infer<typeof submitterSchema>;

/** The submitter's fields as typed, for the form to show again. */
export const SUBMITTER_FIELDS = ['organisation', 'organisationKind', 'submitterName', 'submitterEmail'] as const;

function parseSubmitter(raw: Record<string, unknown>, taxonomy: Taxonomy): { submitter?: Submitter; fields: Record<string, string> } {
  try {
    const submitter = parseForm(submitterSchema, raw);
    if (submitter.organisationKind && !taxonomy.has('provider-kind', submitter.organisationKind)) return { fields: { organisationKind: 'publicSubmission.errors.organisationKind' } };
    return { submitter, fields: {} };
  } catch (error) {
    if (error instanceof ValidationError) return { fields: error.fields };
    throw error;
  }
}

/**
 * Checks the submitter and the offer together and names every bad field: the
 * submitter's with a message key, the offer's and the address's as the offer
 * form does. The provider and the place are found or made only on confirmation.
 */
function parseSubmission(deps: PublicSubmissionDeps, raw: Record<string, unknown>, offer: OfferFormInput) {
  const { submitter, fields } = parseSubmitter(raw, deps.taxonomy);
  let issues: ValidationError['issues'] = {};
  try {
    // Never a place of an existing provider: a tampered form's locationIds are dropped.
    const ctx = { taxonomy: deps.taxonomy, defaultName: submitter?.organisation ?? '' };
    const parsed = parseOfferWithPlace({ ...offer, providerId: NOT_YET_SAVED, locationIds: [] }, { form: offer.place, region: deps.region }, ctx);
    if (submitter && Object.keys(fields).length === 0) return { submitter, ...parsed };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(fields, error.fields);
    issues = error.issues;
  }
  throw new ValidationError(fields, undefined, {}, issues);
}

function submittedOffer(input: SubmittedOffer & { providerId?: number; locationIds?: number[] }): SubmittedOffer {
  const { providerId: _provider, locationIds: _places, ...offer } = input;
  return offer;
}

/**
 * Stores an offer sent without an account and queues the mail with the link
 * that confirms it, in one transaction: a mail server that is away delays the
 * mail, never the answer. Only a hash of the link's token is kept with the submission.
 */
export async function submitWithoutAccount(
  deps: PublicSubmissionDeps,
  raw: Record<string, unknown>,
  offer: OfferFormInput,
  context: { locale: string },
): Promise<void> {
  const { submitter, input, location } = parseSubmission(deps, raw, offer);
  const now = deps.clock();
  const { token, hash } = newMailToken();
  await deps.db.transaction(async (trx) => {
    const id = await insertSubmission(trx, {
      tokenHash: hash,
      expiresAt: new Date(now.getTime() + CONFIRM_TTL_MS).toISOString(),
      organisationName: submitter.organisation,
      organisationKind: submitter.organisationKind || DEFAULT_PROVIDER_KIND,
      contactName: submitter.submitterName,
      email: submitter.submitterEmail,
      locale: context.locale,
      offer: submittedOffer(input),
      place: location,
      now: now.toISOString(),
    });
    await recordAudit(trx, { actor: { userId: null, label: submitter.submitterEmail }, action: 'submit-without-account', entity: 'public_submission', entityId: id, now });
    const link = deps.links.confirmSubmission(token);
    await enqueueMail(trx, {
      to: submitter.submitterEmail,
      subject: deps.translate(context.locale, 'mail.confirmSubmission.subject', { title: input.title }),
      text: deps.translate(context.locale, 'mail.confirmSubmission.body', { title: input.title, link }),
    }, now);
  });
}

export type ConfirmResult = 'confirmed' | 'alreadyConfirmed' | 'expired' | 'unknown';

/**
 * Always a new provider, marked unverified: matching an existing organisation by
 * its name would let anyone attach offers and addresses to it. Staff see the
 * new provider in the queue and can link or merge it.
 */
async function createUnverifiedProvider(trx: Knex.Transaction, submission: PublicSubmission, now: string): Promise<number> {
  const slug = await uniqueProviderSlug(trx, submission.organisationName);
  return insertProvider(trx, { slug, name: submission.organisationName, description: '', kind: submission.organisationKind }, now, { verified: false });
}

/** Turns a confirmed submission into a pending offer, with its provider and place, in one transaction. */
async function createSubmittedOffer(deps: PublicSubmissionDeps, trx: Knex.Transaction, submission: PublicSubmission, now: Date): Promise<Offer> {
  const actor: Actor = { userId: null, label: submission.email };
  const providerId = await createUnverifiedProvider(trx, submission, now.toISOString());
  await recordAudit(trx, { actor, action: 'create-unverified', entity: 'provider', entityId: providerId, now });
  const locationIds = submission.place ? [await insertLocation(trx, providerId, submission.place, now.toISOString(), { reviewed: false })] : [];
  if (locationIds[0] !== undefined) await recordAudit(trx, { actor, action: 'create', entity: 'location', entityId: locationIds[0], details: { providerId }, now });
  // Pending is not public, so createOffer queues no search work inside this transaction.
  const offer = await createOffer({ ...deps, db: trx }, { ...submission.offer, providerId, locationIds, status: 'pending' });
  await linkSubmissionToOffer(trx, submission.id, offer.id);
  await recordAudit(trx, { actor, action: 'confirm-without-account', entity: 'offer', entityId: offer.id, details: { submissionId: submission.id, providerId }, now });
  return offer;
}

/**
 * Confirms a submission from its mailed link: the offer is created with status
 * pending and waits in the moderation queue. A second click, an expired or an
 * unknown link change nothing and say so.
 */
export async function confirmSubmission(deps: PublicSubmissionDeps, token: string): Promise<ConfirmResult> {
  if (!isTokenShaped(token)) return 'unknown';
  const submission = await findSubmissionByTokenHash(deps.db, digest(token));
  if (!submission) return 'unknown';
  if (submission.confirmedAt) return 'alreadyConfirmed';
  const now = deps.clock();
  if (submission.expiresAt < now.toISOString()) return 'expired';
  return deps.db.transaction(async (trx) => {
    if (!(await markSubmissionConfirmed(trx, submission.id, now.toISOString()))) return 'alreadyConfirmed';
    await createSubmittedOffer(deps, trx, submission, now);
    return 'confirmed';
  });
}

/**
 * Queues the mail telling the person who sent an offer without an account about
 * the decision, in their language; call inside the decision's transaction.
 * Answers false for an offer sent through an account.
 */
export async function notifySubmitter(
  deps: Pick<PublicSubmissionDeps, 'translate' | 'links'>,
  trx: Knex.Transaction,
  offer: Offer,
  decision: { kind: 'approved' | 'rejected'; reason: string | null; now: Date },
): Promise<boolean> {
  const submitter = (await findSubmittersOfOffers(trx, [offer.id])).get(offer.id);
  if (!submitter) return false;
  const approved = decision.kind === 'approved';
  const values = { title: offer.title, reason: decision.reason ?? '', link: approved ? deps.links.offer(offer.slug) : deps.links.submit() };
  await enqueueMail(trx, {
    to: submitter.email,
    subject: deps.translate(submitter.locale, `mail.submission${approved ? 'Approved' : 'Rejected'}.subject`, values),
    text: deps.translate(submitter.locale, `mail.submission${approved ? 'Approved' : 'Rejected'}.body`, values),
  }, decision.now);
  return true;
}
