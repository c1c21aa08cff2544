/** Text helpers for matching what people type into spreadsheets. Pure. */

/**
 * Folds a value the way a person reads it: case, umlauts and their ae/oe/ue
 * spellings, ß/ss, accents, punctuation and spacing do not matter.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const LEGAL_FORMS = /\b(e ?v|g?gmbh|gug|ggmbh|mbh|ug|ag|kgaa|eg)\b/g;

/** A provider name without its legal form: "AWO Witten e.V." and "awo witten" are one provider. */
export function foldName(name: string): string {
  return foldText(name).replace(LEGAL_FORMS, ' ').replace(/\s+/g, ' ').trim();
}

/** Several values in one cell, separated by comma, semicolon, slash-free line breaks or bullets. */
export function splitCell(cell: string): string[] {
  return cell
    .split(/[,;\n\r•]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Edit distance, for "meinten Sie …?" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate to a folded value: the one sharing most words with it,
 * else one a few letters away. Answers undefined when nothing is close enough.
 */
export function closestMatch<T>(folded: string, candidates: Array<{ folded: string; value: T }>, options: { minSharedWords?: number } = {}): T | undefined {
  const minShared = options.minSharedWords ?? 1;
  const words = folded.split(' ').filter((word) => word.length >= 4);
  let best: { distance: number; value: T } | undefined;
  for (const candidate of candidates) {
    const candidateWords = candidate.folded.split(' ');
    const shared = words.filter((word) => candidateWords.includes(word)).length;
    // Sharing words beats any spelling distance; sharing more beats sharing fewer.
    const distance = shared >= minShared ? 1 / (1 + shared) : editDistance(folded, candidate.folded);
    const limit = Math.max(1, Math.floor(candidate.folded.length / 4));
    if (distance <= limit && (!best || distance < best.distance)) best = { distance, value: candidate.value };
  }
  return best?.value;
}
