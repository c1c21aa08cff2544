import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors/app-errors.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';
import { COSTS, FORMATS, OFFER_STATUSES, REGISTRATION_METHODS, type OfferInput } from './offer-types.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const isTime = (value: unknown): value is string => time.safeParse(value).success;
const isIsoDate = (value: unknown): value is string => isoDate.safeParse(value).success;
/** "2027-02-30" has the shape of a date but is none. */
const isRealDate = (value: string): boolean => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

export const offerInputSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]{3,80}$/).optional(),
    providerId: z.number().int().positive(),
    title: z.string().trim().min(3).max(140),
    summary: z.string().trim().max(400),
    description: z.string().trim().max(10_000),
    cost: z.enum(COSTS),
    costNote: optionalText(300),
    ageMin: z.number().int().min(0).max(120).nullish(),
    ageMax: z.number().int().min(0).max(120).nullish(),
    byAppointment: z.boolean().optional(),
    scheduleNote: optionalText(300),
    startDate: isoDate.nullish(),
    endDate: isoDate.nullish(),
    nextStartDate: isoDate.nullish(),
    rollingEntry: z.boolean().optional(),
    format: z.enum(FORMATS),
    registrationRequired: z.boolean().optional(),
    registrationMethods: z.array(z.enum(REGISTRATION_METHODS)).max(REGISTRATION_METHODS.length).optional(),
    registrationNote: optionalText(500),
    bringAlong: optionalText(500),
    interpreterOnRequest: z.boolean().optional(),
    childcare: z.boolean().optional(),
    womenOnly: z.boolean().optional(),
    contactName: optionalText(120),
    phone: optionalText(60),
    email: z.email().nullish(),
    url: z.url({ protocol: /^https?$/ }).nullish(),
    validFrom: isoDate.nullish(),
    validUntil: isoDate.nullish(),
    externalId: optionalText(200),
    source: optionalText(500),
    status: z.enum(OFFER_STATUSES).optional(),
    lastVerifiedAt: z.iso.datetime().nullish(),
    categories: z.array(z.string()).min(1),
    targetGroups: z.array(z.string()),
    languages: z.array(z.string()).min(1),
    schedule: z.array(z.object({ weekday: z.number().int().min(1).max(7), opensAt: time, closesAt: time, everyOtherWeek: z.boolean().optional() })),
    translations: z
      .array(
        z.object({
          locale: z.string().regex(/^[a-z]{2}$/),
          title: z.string().trim().min(3).max(140),
          summary: z.string().max(400),
          description: z.string().max(10_000),
          registrationNote: optionalText(500),
          bringAlong: optionalText(500),
        }),
      )
      .optional(),
    locationIds: z.array(z.number().int().positive()),
  })
  .superRefine(
    (offer, context) => {
      // Also runs when a field failed, so a form learns every problem in one round; the values may then have any type.
      const value = offer as Partial<Record<keyof typeof offer, unknown>>;
      if (typeof value.ageMin === 'number' && typeof value.ageMax === 'number' && value.ageMin > value.ageMax) {
        context.addIssue({ code: 'custom', path: ['ageMax'], message: 'must not be below ageMin', params: { rule: 'order' } });
      }
      if (isIsoDate(value.validFrom) && isIsoDate(value.validUntil) && value.validFrom > value.validUntil) {
        context.addIssue({ code: 'custom', path: ['validUntil'], message: 'must not be before validFrom', params: { rule: 'order' } });
      }
      if (isIsoDate(value.startDate) && isIsoDate(value.endDate) && value.startDate > value.endDate) {
        context.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate', params: { rule: 'order' } });
      }
      for (const field of ['startDate', 'endDate', 'nextStartDate', 'validFrom', 'validUntil'] as const) {
        if (isIsoDate(value[field]) && !isRealDate(value[field])) context.addIssue({ code: 'custom', path: [field], message: 'no such day', params: { rule: 'noSuchDay' } });
      }
      (Array.isArray(value.schedule) ? value.schedule : []).forEach((slot: { opensAt?: unknown; closesAt?: unknown } | null, index) => {
        if (isTime(slot?.opensAt) && isTime(slot?.closesAt) && slot.opensAt >= slot.closesAt) {
          context.addIssue({ code: 'custom', path: ['schedule', index, 'closesAt'], message: 'must be after opensAt', params: { rule: 'order' } });
        }
      });
      if ((value.format === 'in-person' || value.format === 'hybrid') && Array.isArray(value.locationIds) && value.locationIds.length === 0) {
        context.addIssue({ code: 'custom', path: ['locationIds'], message: 'an in-person or hybrid offer needs at least one location' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/** The parts of a zod issue a form needs to word it: its code, the limit it broke, the rule a custom check named. */
function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const limit = (value: unknown) => (typeof value === 'number' || typeof value === 'bigint' ? Number(value) : undefined);
  return {
    code: issue.code,
    minimum: issue.code === 'too_small' ? limit(issue.minimum) : undefined,
    maximum: issue.code === 'too_big' ? limit(issue.maximum) : undefined,
    rule: issue.code === 'custom' && typeof issue.params?.rule === 'string' ? issue.params.rule : undefined,
  };
}

function checkSlugs(fields: Record<string, string>, field: string, values: string[], known: (slug: string) => boolean): void {
  const unknown = values.filter((value) => !known(value));
  if (unknown.length > 0) fields[field] = `unknown value(s): ${unknown.slice(0, 5).join(', ')}`;
}

/**
 * Parses an offer input and checks its taxonomy values. Throws a ValidationError
 * whose `fields` names every offending field.
 */
export function parseOfferInput(raw: unknown, taxonomy: Taxonomy): OfferInput {
  const parsed = offerInputSchema.safeParse(raw);
  const fields: Record<string, string> = {};
  if (!parsed.success) {
    const issues: Record<string, FieldIssue> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.length > 0 ? issue.path.join('.') : 'offer';
      fields[field] ??= issue.message;
      issues[field] ??= toFieldIssue(issue);
    }
    throw new ValidationError(fields, undefined, {}, issues);
  }
  const input = parsed.data;
  checkSlugs(fields, 'categories', input.categories, (slug) => taxonomy.has('category', slug));
  checkSlugs(fields, 'targetGroups', input.targetGroups, (slug) => taxonomy.has('target', slug));
  checkSlugs(fields, 'languages', input.languages, (slug) => taxonomy.has('language', slug));
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return input;
}

/** An input with every optional field at its stored default, so two inputs compare field by field. */
export function completeOfferInput(input: OfferInput): OfferInput {
  return {
    ...input,
    costNote: input.costNote ?? null,
    ageMin: input.ageMin ?? null,
    ageMax: input.ageMax ?? null,
    byAppointment: input.byAppointment ?? false,
    scheduleNote: input.scheduleNote ?? null,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
    nextStartDate: input.nextStartDate ?? null,
    rollingEntry: input.rollingEntry ?? false,
    registrationRequired: input.registrationRequired ?? false,
    registrationMethods: input.registrationMethods ?? [],
    registrationNote: input.registrationNote ?? null,
    bringAlong: input.bringAlong ?? null,
    interpreterOnRequest: input.interpreterOnRequest ?? false,
    childcare: input.childcare ?? false,
    womenOnly: input.womenOnly ?? false,
    contactName: input.contactName ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    url: input.url ?? null,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
    externalId: input.externalId ?? null,
    source: input.source ?? null,
    // Fields in the order the repository reads them, so a stored and a proposed version compare as JSON.
    schedule: input.schedule.map((slot) => ({ weekday: slot.weekday, opensAt: slot.opensAt, closesAt: slot.closesAt, everyOtherWeek: slot.everyOtherWeek ?? false })),
    translations: (input.translations ?? []).map((t) => ({
      locale: t.locale,
      title: t.title,
      summary: t.summary,
      description: t.description,
      registrationNote: t.registrationNote ?? null,
      bringAlong: t.bringAlong ?? null,
    })),
  };
}
