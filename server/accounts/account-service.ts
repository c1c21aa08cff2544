import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { AppError } from '../errors/app-errors.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail, type OutgoingMail } from '../mail/mail-outbox-repository.ts';
import { findUserByEmail, findUserById, insertUser, normaliseEmail, updateUser, type Role, type User } from './account-repository.ts';
import { loginSchema, newPasswordSchema, parseForm, resetRequestSchema, signUpSchema } from './account-schema.ts';
import { consumeToken, issueToken, revokeTokens } from './one-time-tokens.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.ts';

export interface AccountDeps {
  db: Database;
  clock: () => Date;
  /** Builds mailed links from the configured site address. */
  links: MailLinks;
  /** Translates mail texts into a locale. */
  translate: (locale: string, key: string, values?: Record<string, unknown>) => string;
}

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60 * 1000;
const VERIFY_TTL_MS = 48 * 60 * 60 * 1000;
const RESET_TTL_MS = 2 * 60 * 60 * 1000;

/** Login failures all read the same to the visitor, so they reveal no account. */
export class LoginError extends AppError {
  constructor(messageKey: 'account.loginFailed' | 'account.locked' | 'account.notVerified') {
    super(401, 'login_failed', messageKey);
  }
}

function accountMail(deps: AccountDeps, user: Pick<User, 'email' | 'locale'>, kind: string, link: string): OutgoingMail {
  return {
    to: user.email,
    subject: deps.translate(user.locale, `mail.${kind}.subject`),
    text: deps.translate(user.locale, `mail.${kind}.body`, { link }),
  };
}

/** A fresh confirmation link for an unconfirmed account, queued as mail; older confirmation links stop working. */
async function queueVerificationMail(deps: AccountDeps, trx: Knex.Transaction, user: Pick<User, 'id' | 'email' | 'locale'>, now: Date): Promise<void> {
  await revokeTokens(trx, 'verify-email', user.id, now);
  const token = await issueToken(trx, { purpose: 'verify-email', userId: user.id, ttlMs: VERIFY_TTL_MS, now });
  await enqueueMail(trx, accountMail(deps, user, 'verify', deps.links.verifyEmail(token)), now);
}

/**
 * Creates a provider account and queues a confirmation mail. For an address that
 * already has an account it queues a hint instead, and answers the same way.
 * The password is hashed in both cases, and the mail is sent by the outbox
 * worker, so both cases take the same time.
 */
export async function signUp(deps: AccountDeps, body: unknown, context: { locale: string }): Promise<void> {
  const input = parseForm(signUpSchema, body);
  const now = deps.clock();
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (trx) => {
    const existing = await findUserByEmail(trx, input.email);
    if (existing) {
      await enqueueMail(trx, accountMail(deps, existing, 'alreadyRegistered', deps.links.login()), now);
      return;
    }
    const email = normaliseEmail(input.email);
    const userId = await insertUser(trx, { ...input, passwordHash, locale: context.locale, role: 'provider', verifiedAt: null, now: now.toISOString() });
    await recordAudit(trx, { actor: { userId, label: email }, action: 'sign-up', entity: 'user', entityId: userId, now });
    await queueVerificationMail(deps, trx, { id: userId, email, locale: context.locale }, now);
  });
}

/**
 * Sends a new confirmation link to an account that is not confirmed yet (the
 * first mail may have been lost). Answers the same whatever the address.
 */
export async function resendVerification(deps: AccountDeps, body: unknown): Promise<void> {
  const input = parseForm(resetRequestSchema, body);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const user = await findUserByEmail(trx, input.email);
    if (user && !user.emailVerifiedAt) await queueVerificationMail(deps, trx, user, now);
  });
}

/** Confirms an e-mail address from its link; false for an unknown, used or expired link. */
export async function verifyEmail(deps: AccountDeps, token: string): Promise<boolean> {
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const used = await consumeToken(trx, 'verify-email', token, now);
    if (!used?.userId) return false;
    await updateUser(trx, used.userId, { email_verified_at: now.toISOString() }, now.toISOString());
    await recordAudit(trx, { actor: { userId: used.userId, label: 'user' }, action: 'verify-email', entity: 'user', entityId: used.userId, now });
    return true;
  });
}

/**
 * Checks e-mail and password. Five wrong passwords lock the account for 15 minutes;
 * an unknown address costs the same time as a wrong password.
 */
export async function logIn(deps: AccountDeps, body: unknown): Promise<User> {
  const input = parseForm(loginSchema, body);
  const now = deps.clock();
  const user = await findUserByEmail(deps.db, input.email);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new LoginError('account.loginFailed');
  }
  if (user.lockedUntil && user.lockedUntil > now.toISOString()) throw new LoginError('account.locked');
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const failures = user.failedLogins + 1;
    const locked = failures >= MAX_FAILED_LOGINS;
    await deps.db.transaction(async (trx) => {
      await updateUser(
        trx,
        user.id,
        { failed_logins: locked ? 0 : failures, locked_until: locked ? new Date(now.getTime() + LOCK_MS).toISOString() : user.lockedUntil },
        now.toISOString(),
      );
      if (locked) await recordAudit(trx, { actor: { userId: null, label: 'login' }, action: 'lock-account', entity: 'user', entityId: user.id, now });
    });
    throw new LoginError(locked ? 'account.locked' : 'account.loginFailed');
  }
  if (!user.emailVerifiedAt) throw new LoginError('account.notVerified');
  await updateUser(deps.db, user.id, { failed_logins: 0, locked_until: null }, now.toISOString());
  return user;
}

/**
 * Queues a reset link when the address has an account; answers the same either
 * way, and the mail goes out through the outbox so the answer takes no longer.
 * Only the newest reset link works.
 */
export async function requestPasswordReset(deps: AccountDeps, body: unknown): Promise<void> {
  const input = parseForm(resetRequestSchema, body);
  const now = deps.clock();
  await deps.db.transaction(async (trx) => {
    const user = await findUserByEmail(trx, input.email);
    if (!user) return;
    await revokeTokens(trx, 'reset-password', user.id, now);
    const token = await issueToken(trx, { purpose: 'reset-password', userId: user.id, ttlMs: RESET_TTL_MS, now });
    await enqueueMail(trx, accountMail(deps, user, 'reset', deps.links.resetPassword(token)), now);
  });
}

/** Sets a new password from a reset link, and lifts a lock; false for a bad link. */
export async function resetPassword(deps: AccountDeps, token: string, body: unknown): Promise<boolean> {
  const input = parseForm(newPasswordSchema, body);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const used = await consumeToken(trx, 'reset-password', token, now);
    if (!used?.userId) return false;
    await updateUser(trx, used.userId, { password_hash: passwordHash, failed_logins: 0, locked_until: null }, now.toISOString());
    await recordAudit(trx, { actor: { userId: used.userId, label: 'user' }, action: 'reset-password', entity: 'user', entityId: used.userId, now });
    return true;
  });
}

/** Creates a verified staff account (npm run create-admin). */
export async function createStaffAccount(deps: Pick<AccountDeps, 'db' | 'clock'>, input: { email: string; password: string; displayName: string; role: Role }): Promise<number> {
  const parsed = parseForm(signUpSchema, input);
  if (await findUserByEmail(deps.db, parsed.email)) throw new AppError(409, 'conflict', 'account.exists');
  const now = deps.clock();
  const passwordHash = await hashPassword(parsed.password);
  return deps.db.transaction(async (trx) => {
    const id = await insertUser(trx, { ...parsed, passwordHash, locale: 'de', role: input.role, verifiedAt: now.toISOString(), now: now.toISOString() });
    await recordAudit(trx, { actor: { userId: null, label: 'create-admin' }, action: `create-${input.role}`, entity: 'user', entityId: id, now });
    return id;
  });
}

export { findUserById };
