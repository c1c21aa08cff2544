import { z } from 'zod';

const email = z.email('form.invalidEmail').max(200, 'form.tooLong');
const password = z.string().min(10, 'form.passwordTooShort').max(200, 'form.tooLong');
/** A required text whose every failure (missing, blank, one letter) reads as one sentence naming the field. */
const namedText = (messageKey: string, max: number) => z.string(messageKey).trim().min(2, messageKey).max(max, 'form.tooLong');

/** Staff accounts (npm run create-admin) need no organisation. */
export const staffAccountSchema = z.object({
  displayName: z.string().trim().min(2, 'form.required').max(100, 'form.tooLong'),
  email,
  password,
});

/** A provider says which organisation they work for and where, so staff can link the account to it. */
export const signUpSchema = staffAccountSchema.extend({
  organisationName: namedText('account.signup.errors.organisationName', 200),
  organisationTown: namedText('account.signup.errors.organisationTown', 100),
});

export const loginSchema = z.object({ email: z.string().trim().min(1, 'form.required').max(200), password: z.string().min(1, 'form.required').max(200) });
export const resetRequestSchema = z.object({ email });
export const newPasswordSchema = z.object({ password });
