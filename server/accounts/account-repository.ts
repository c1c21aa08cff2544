import type { Knex } from 'knex';
import type { Database } from '../db/db-connection.ts';

type Queryable = Database | Knex.Transaction;

export const ROLES = ['provider', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  email: string;
  passwordHash: string;
  displayName: string;
  locale: string;
  role: Role;
  providerId: number | null;
  emailVerifiedAt: string | null;
  failedLogins: number;
  lockedUntil: string | null;
  /** What a provider typed at sign-up; null for staff accounts. */
  organisationName: string | null;
  organisationTown: string | null;
}

interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  display_name: string;
  locale: string;
  role: Role;
  provider_id: number | null;
  email_verified_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  organisation_name: string | null;
  organisation_town: string | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    displayName: row.display_name,
    locale: row.locale,
    role: row.role,
    providerId: row.provider_id,
    emailVerifiedAt: row.email_verified_at,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until,
    organisationName: row.organisation_name,
    organisationTown: row.organisation_town,
  };
}

/** E-mail addresses are compared in lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const row = await db<UserRow>('users').where({ email: normaliseEmail(email) }).first();
  return row ? toUser(row) : undefined;
}

export async function findUserById(db: Queryable, id: number): Promise<User | undefined> {
  const row = await db<UserRow>('users').where({ id }).first();
  return row ? toUser(row) : undefined;
}

export async function insertUser(
  db: Queryable,
  fields: {
    email: string;
    passwordHash: string;
    displayName: string;
    locale: string;
    role: Role;
    verifiedAt: string | null;
    now: string;
    organisationName?: string;
    organisationTown?: string;
  },
): Promise<number> {
  const [row] = await db('users')
    .insert({
      email: normaliseEmail(fields.email),
      password_hash: fields.passwordHash,
      display_name: fields.displayName,
      locale: fields.locale,
      role: fields.role,
      email_verified_at: fields.verifiedAt,
      organisation_name: fields.organisationName ?? null,
      organisation_town: fields.organisationTown ?? null,
      created_at: fields.now,
      updated_at: fields.now,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

export async function updateUser(db: Queryable, id: number, changes: Partial<Record<keyof UserRow, unknown>>, now: string): Promise<void> {
  await db('users').where({ id }).update({ ...changes, updated_at: now });
}
