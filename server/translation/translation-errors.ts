/** What went wrong at the translation service, in the words the pages use (`translation.errors.<kind>`). */
export const TRANSLATION_FAILURES = ['auth', 'quota', 'rateLimit', 'unsupported', 'badRequest', 'unavailable', 'network', 'badAnswer'] as const;
export type TranslationFailure = (typeof TRANSLATION_FAILURES)[number];

/** Worth trying again later: the service was busy, away or unreachable. A bad key or an empty quota is not. */
const RETRYABLE: ReadonlySet<TranslationFailure> = new Set(['rateLimit', 'unavailable', 'network']);

export class TranslationError extends Error {
  override name = 'TranslationError';
  constructor(
    readonly kind: TranslationFailure,
    detail: string,
    /** The HTTP status the service answered, if it answered. */
    readonly status?: number,
  ) {
    super(`${kind}: ${detail}`);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** The kind stored with a failed row (`last_error` starts with it), or `badAnswer` for anything else. */
export function failureKindOf(message: string | null): TranslationFailure | null {
  if (!message) return null;
  const kind = message.split(':')[0] as TranslationFailure;
  return TRANSLATION_FAILURES.includes(kind) ? kind : 'badAnswer';
}

/** Calls fetch and turns a network failure or timeout into a TranslationError. */
export async function fetchService(url: string, init: RequestInit, timeoutMs = 30_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new TranslationError('network', error instanceof Error ? error.message : String(error));
  }
}

/** The answer's body as text, at most a few hundred characters, for the error detail. */
export async function answerDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  return `${response.status} ${text.replace(/\s+/g, ' ').slice(0, 300)}`.trim();
}
