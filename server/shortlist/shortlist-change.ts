import { MAX_SHORTLIST, SHORTLIST_COOKIE, formatShortlistIds, moveShortlistId, parseShortlistIds, toggleShortlistId } from './shortlist-ids.ts';

const oneId = (value: unknown): number | null => parseShortlistIds(value)[0] ?? null;

/**
 * What a shortlist form asked for, applied to the ids: the pressed button's
 * name says what (toggle, remove, up, down, adopt a shared list, clear) and
 * its value which offer. Unknown fields change nothing.
 */
export function applyShortlistChange(ids: number[], body: Record<string, unknown> | undefined): number[] {
  const form = body ?? {};
  const toggle = oneId(form.toggle);
  if (toggle !== null) return toggleShortlistId(ids, toggle, 'toggle');
  const remove = oneId(form.remove);
  if (remove !== null) return toggleShortlistId(ids, remove, 'remove');
  const up = oneId(form.up);
  if (up !== null) return moveShortlistId(ids, up, 'up');
  const down = oneId(form.down);
  if (down !== null) return moveShortlistId(ids, down, 'down');
  if (form.adopt !== undefined) return parseShortlistIds(form.adopt).slice(0, MAX_SHORTLIST);
  if (form.clear !== undefined) return [];
  return ids;
}

/** Half a year: long enough for a counselling case, and only ids are in it. */
const COOKIE_MAX_AGE_SECONDS = 183 * 24 * 3600;

/** The Set-Cookie value; readable by the page's script, which keeps it in step with localStorage. */
export function shortlistCookie(ids: number[]): string {
  if (ids.length === 0) return `${SHORTLIST_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  return `${SHORTLIST_COOKIE}=${formatShortlistIds(ids)}; Path=/; Max-Age=${COOKIE_MAX_AGE_SECONDS}; SameSite=Lax`;
}
