import { ValidationError } from '../errors/app-errors.ts';
import type { Region } from '../region/region-config.ts';
import type { Taxonomy } from '../taxonomy/taxonomy.ts';

/** What a brochure covers: one town or the whole region, German alone or with one more language, some topics or all. */
export interface BrochureRequest {
  /** A district slug, or null for the whole region. */
  district: string | null;
  /** 'de' for German alone, else the second language. */
  lang: string;
  /** Top-level or sub-topic slugs; empty means every topic. */
  topics: string[];
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string').flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);

/**
 * Checks a brochure request from the back-office form or the command line.
 * Every bad field is named; an unknown value never becomes "everything".
 */
export function parseBrochureRequest(raw: Record<string, unknown>, deps: { region: Region; taxonomy: Taxonomy; locales: string[] }): BrochureRequest {
  const problems: Record<string, string> = {};
  const district = list(raw.district)[0] ?? 'all';
  if (district !== 'all' && !deps.region.districts.some((candidate) => candidate.slug === district)) {
    problems.district = `unknown district: ${district.slice(0, 40)} (known: all, ${deps.region.districts.map((candidate) => candidate.slug).join(', ')})`;
  }
  const lang = list(raw.lang)[0] ?? 'de';
  if (!deps.locales.includes(lang)) problems.lang = `unknown language: ${lang.slice(0, 20)} (known: ${deps.locales.join(', ')})`;
  const topics = [...new Set(list(raw.topic))];
  const unknown = topics.filter((slug) => !deps.taxonomy.has('category', slug));
  if (unknown.length > 0) problems.topic = `unknown topic: ${unknown.slice(0, 3).map((slug) => slug.slice(0, 40)).join(', ')}`;
  if (Object.keys(problems).length > 0) throw new ValidationError(problems);
  return { district: district === 'all' ? null : district, lang, topics };
}
