import type { z } from 'zod';
import { ValidationError } from '../errors/app-errors.ts';

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
