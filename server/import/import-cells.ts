/** Readers for single cells as people fill them in Excel. Each answers a value or undefined for "cannot read". Pure. */

const MONTHS = ['januar', 'februar', 'maerz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'];

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** "12.01.2027", "12.1.27", "2027-01-12", "12. Januar 2027" → "2027-01-12". */
export function readDate(cell: string): string | undefined {
  const text = cell.trim().toLowerCase().replace(/ä/g, 'ae');
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ].*)?$/.exec(text);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})$/.exec(text);
  if (match) {
    const year = Number(match[3]);
    return isoDate(year < 100 ? 2000 + year : year, Number(match[2]), Number(match[1]));
  }
  match = /^(\d{1,2})\.?\s*([a-z]+)\s+(\d{4})$/.exec(text);
  const month = match ? MONTHS.findIndex((name) => name.startsWith(match![2]!.slice(0, 3))) : -1;
  if (match && month >= 0) return isoDate(Number(match[3]), month + 1, Number(match[1]));
  return undefined;
}

/** "07" or "7 Jahre" → 7; bounded to 0–120. */
export function readAge(cell: string): number | undefined {
  const match = /^(\d{1,3})(?:\s*(?:j|jahre|jahren|j\.))?$/i.exec(cell.trim());
  const value = match ? Number(match[1]) : Number.NaN;
  return Number.isInteger(value) && value >= 0 && value <= 120 ? value : undefined;
}

/** A coordinate with a decimal comma or point. */
export function readCoordinate(cell: string): number | undefined {
  const text = cell.trim().replace(',', '.');
  if (!/^-?\d{1,3}(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** "www.beispiel.de" → "https://www.beispiel.de"; anything that is not a web address → undefined. */
export function readUrl(cell: string): string | undefined {
  const text = cell.trim();
  const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return /\./.test(url.hostname) && !/\s/.test(text) ? withScheme : undefined;
  } catch {
    return undefined;
  }
}

/** An e-mail address, also from "mailto:…" links. */
export function readEmail(cell: string): string | undefined {
  const text = cell.trim().replace(/^mailto:/i, '');
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? text : undefined;
}

/** German postcodes lose their leading zero in Excel; this region's have five digits. */
export function readPostcode(cell: string): string | undefined {
  const text = cell.trim().replace(/\.0$/, '');
  if (/^\d{4}$/.test(text)) return `0${text}`;
  return /^\d{5}$/.test(text) ? text : undefined;
}
