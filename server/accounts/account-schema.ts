import { z } from 'zod';
import { ValidationError } from '../errors/app-errors.ts';

const email = z.email('form.invalidEmail').max(200, 'form.tooLong');
const password = z.string().min(10, 'form.passwordTooShort').max(200, 'form.tooLong');

export const signUpSchema = z.object({
  displayName: z.string().trim().min(2, 'form.required').max(100, 'form.tooLong'),
  email,
  password,
});

export const loginSchema = z.object({ email: z.string().trim().min(1, 'form.required').max(200), password: z.string().min(1, 'form.required').max(200) });
export const resetRequestSchema = z.object({ email });
export const newPasswordSchema = z.object({ password });

/** Parses a form; a ValidationError names each field with a message key. */
export function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  // Our schemas give message keys ("form.required"); anything else (a zod default) becomes a general one.
  const isKey = (message: string) => /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(message);
  for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'form')] ??= isKey(issue.message) ? issue.message : 'form.invalid';
  throw new ValidationError(fields);
}
