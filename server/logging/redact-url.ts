/** Paths whose last segment is a one-time token from a mailed link. */
const TOKEN_PATHS = /^(\/(?:account\/verify|account\/reset|submit\/confirm|offers\/confirm))\/(?!resend(?:[/?]|$))[^/?#]+/;
/** Query parameters that may carry a secret. */
const SECRET_PARAMS = /^(token|key|code|secret|password|signature|sig)$/i;

/**
 * A request URL fit for a log line: the one-time token of a mailed link and
 * secret-looking query values are replaced, so whoever reads the logs cannot
 * reset a password or confirm an offer with them.
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const [pathPart = '', query] = url.split(/\?(.*)/s, 2);
  const path = pathPart.replace(TOKEN_PATHS, '$1/[redacted]');
  if (query === undefined) return path;
  const params = query.split('&').map((pair) => {
    const [name = '', ...rest] = pair.split('=');
    return rest.length > 0 && SECRET_PARAMS.test(decodeURIComponentSafe(name)) ? `${name}=[redacted]` : pair;
  });
  return `${path}?${params.join('&')}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
