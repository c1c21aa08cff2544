import { z } from 'zod';

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
