import type { RequestHandler, Response } from 'express';
import { findUserById, type Role, type User } from '../accounts/account-repository.ts';
import type { Database } from '../db/db-connection.ts';
import { ForbiddenError } from '../errors/app-errors.ts';

/** Loads the signed-in user (if any) into res.locals.user. */
export function loadCurrentUser(db: Database): RequestHandler {
  return async (request, response, next) => {
    const userId = request.session?.userId;
    if (userId) {
      const user = await findUserById(db, userId);
      if (user) response.locals.user = user;
      else delete request.session.userId;
    }
    next();
  };
}

/** The signed-in user of a route behind `requireRole`; reaching it without one is a wiring mistake. */
export function signedInUser(response: Response): User {
  const { user } = response.locals;
  if (!user) throw new ForbiddenError();
  return user;
}

/** Staff may do what providers may; admins what editors may. */
const RANK: Record<Role, number> = { provider: 1, editor: 2, admin: 3 };

/** Lets only signed-in users with at least this role through; others go to the login page or get 403. */
export function requireRole(role: Role): RequestHandler {
  return (request, response, next) => {
    const { user } = response.locals;
    if (!user) {
      response.redirect(303, `/account/login?next=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    if (RANK[user.role] < RANK[role]) {
      next(new ForbiddenError());
      return;
    }
    next();
  };
}
