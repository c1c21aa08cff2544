/** Fewer milliseconds than this between showing a form and sending it: a person cannot have filled it in. */
export const MIN_FILL_MS = 3000;

/**
 * A public form was filled by a bot: the hidden "website" field has a value, or
 * it came back faster than a person types (or without ever being shown).
 * Callers answer such a post like a success and keep nothing.
 */
export function looksLikeBot(body: Record<string, unknown>, shownAt: number | undefined, now: Date): boolean {
  const honeypot = typeof body.website === 'string' && body.website.trim() !== '';
  return honeypot || shownAt === undefined || now.getTime() - shownAt < MIN_FILL_MS;
}
