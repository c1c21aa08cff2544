/**
 * The shortlist as it travels: offer ids only, in the social worker's order.
 * It lives in the browser (a cookie for pages without JavaScript, localStorage
 * for notes) and in shared links (`?ids=3.17.42`); the server keeps nothing.
 */

/** The cookie that carries the ids; only ids, never notes. */
export const SHORTLIST_COOKIE = 'wegweiser_shortlist';

/** More would not fit on a referral sheet, and bounds what a hostile address can ask for. */
export const MAX_SHORTLIST = 30;

/** Ids from "3.17.42" (also "3,17,42" and repeated parameters); anything else is dropped, never widened. */
export function parseShortlistIds(raw: unknown): number[] {
  const parts = (Array.isArray(raw) ? raw : [raw]).filter((value): value is string => typeof value === 'string').flatMap((value) => value.split(/[.,\s]+/));
  const ids: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,9}$/.test(part)) continue;
    const id = Number(part);
    if (id > 0 && !ids.includes(id)) ids.push(id);
    if (ids.length === MAX_SHORTLIST) break;
  }
  return ids;
}

/** "3.17.42": safe in a cookie and in an address without escaping. */
export function formatShortlistIds(ids: number[]): string {
  return ids.join('.');
}

/** The shortlist cookie's ids from a Cookie header. */
export function readShortlistCookie(cookieHeader: string | undefined): number[] {
  if (!cookieHeader) return [];
  for (const pair of cookieHeader.split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === SHORTLIST_COOKIE) return parseShortlistIds(decodeURIComponent(value.join('=')));
  }
  return [];
}

/** Adds an id at the end or removes it. */
export function toggleShortlistId(ids: number[], id: number, want: 'add' | 'remove' | 'toggle'): number[] {
  const present = ids.includes(id);
  const add = want === 'add' || (want === 'toggle' && !present);
  if (add) return present || ids.length >= MAX_SHORTLIST ? ids : [...ids, id];
  return ids.filter((other) => other !== id);
}

/** Moves an id one place up or down; the ends stay where they are. */
export function moveShortlistId(ids: number[], id: number, direction: 'up' | 'down'): number[] {
  const from = ids.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  const moved = [...ids];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}

/** A local path to go back to after a form post; anything else (other hosts, "//x") goes to the shortlist. */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== 'string' || !/^\/(?![/\\])[^\s]*$/.test(raw) || raw.length > 2000) return '/shortlist';
  return raw;
}
