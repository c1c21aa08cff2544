import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';
import { AppError } from '../errors/app-errors.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { MailLinks } from '../mail/mail-links.ts';
import { enqueueMail, type OutgoingMail } from '../mail/mail-outbox-repository.ts';
import { findUserByEmail, findUserById, insertUser, normaliseEmail, updateUser, type Role, type User } from './account-repository.ts';
import { parseForm } from '../web/parse-form.ts';
import { loginSchema, newPasswordSchema, resetRequestSchema, signUpSchema, staffAccountSchema } from './account-schema.ts';
import { endSessionsOfUser } from '../web/session-store.ts';
import { clearAccountThrottle, clearFailedLogins, isLoginLocked, recordFailedLogin } from './login-throttle.ts';
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
 * Checks e-mail and password. Five failures for one address from one client
 * pause further tries from that client (1 min, doubling, at most an hour):
 * the same for unknown addresses, so a pause reveals no account, and other
 * clients are not held back, so no one can lock an admin out. An unknown
 * address costs the same time as a wrong password.
 */
export async function logIn(deps: AccountDeps, body: unknown, context: { clientAddress: string }): Promise<User> {
  const input = parseForm(loginSchema, body);
  const now = deps.clock();
  if (await isLoginLocked(deps.db, input.email, context.clientAddress, now)) throw new LoginError('account.locked');
  const user = await findUserByEmail(deps.db, input.email);
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
  if (!user || !passwordOk) {
    const { locked, justLocked } = await deps.db.transaction(async (trx) => {
      const outcome = await recordFailedLogin(trx, input.email, context.clientAddress, now);
      if (outcome.justLocked && user) await recordAudit(trx, { actor: { userId: null, label: 'login' }, action: 'lock-account', entity: 'user', entityId: user.id, now });
      return outcome;
    });
    throw new LoginError(locked || justLocked ? 'account.locked' : 'account.loginFailed');
  }
  if (!user.emailVerifiedAt) throw new LoginError('account.notVerified');
  await clearFailedLogins(deps.db, input.email, context.clientAddress);
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

/**
 * Sets a new password from a reset link, and lifts every login pause on the
 * account; false for a bad link. Every other session of the account ends and
 * every other open reset link stops working: whoever had the old password (or
 * an older link) is out.
 */
export async function resetPassword(deps: AccountDeps, token: string, body: unknown, context: { sessionId?: string } = {}): Promise<boolean> {
  const input = parseForm(newPasswordSchema, body);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  return deps.db.transaction(async (trx) => {
    const used = await consumeToken(trx, 'reset-password', token, now);
    if (!used?.userId) return false;
    const user = await findUserById(trx, used.userId);
    if (!user) return false;
    await updateUser(trx, used.userId, { password_hash: passwordHash, failed_logins: 0, locked_until: null }, now.toISOString());
    await revokeTokens(trx, 'reset-password', used.userId, now);
    await endSessionsOfUser(trx, used.userId, context.sessionId);
    await clearAccountThrottle(trx, user.email);
    await recordAudit(trx, { actor: { userId: used.userId, label: 'user' }, action: 'reset-password', entity: 'user', entityId: used.userId, now });
    return true;
  });
}

/** Creates a verified staff account (npm run create-admin). */
export async function createStaffAccount(deps: Pick<AccountDeps, 'db' | 'clock'>, input: { email: string; password: string; displayName: string; role: Role }): Promise<number> {
  const parsed = parseForm(staffAccountSchema, input);
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
