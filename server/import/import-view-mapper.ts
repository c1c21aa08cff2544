import { germanDate } from '../export/export-mapper.ts';
import { columnHeader } from './import-mapper.ts';
import type { Action, ImportPlan } from './import-plan.ts';
import type { ImportPreview, ImportResult } from './import-service.ts';
import type { ImportProblem } from './import-types.ts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** Rows shown in the preview table; the counts and problems always cover the whole file. */
export const PREVIEW_ROWS = 200;
const PREVIEW_PROBLEMS = 500;

/** "Zeile 14, Spalte Sprachen: 'Kurdisch (Sorani)' ist unbekannt, meinten Sie 'Sorani (ckb)'?" */
export function describeProblem(problem: ImportProblem, t: Translate): string {
  const where = problem.column ? t('import.problem.where', { line: problem.line, column: columnHeader(problem.column) }) : t('import.problem.whereRow', { line: problem.line });
  return `${where}: ${t(`import.problem.${problem.code}`, { ...problem.values, interpolation: { escapeValue: false } })}`;
}

function countRows(t: Translate, plan: Pick<ImportPlan, 'offers' | 'providers' | 'places'> | { counts: ImportResult['counts'] }) {
  const tally = (items: Array<{ action: Action }>) => ({
    create: items.filter((i) => i.action === 'create').length,
    update: items.filter((i) => i.action === 'update').length,
    unchanged: items.filter((i) => i.action === 'unchanged').length,
  });
  const counts =
    'counts' in plan
      ? { offers: { create: plan.counts.offers.created, update: plan.counts.offers.updated, unchanged: plan.counts.offers.unchanged }, providers: { create: plan.counts.providers.created, update: plan.counts.providers.updated, unchanged: plan.counts.providers.unchanged }, places: { create: plan.counts.places.created, update: plan.counts.places.updated, unchanged: plan.counts.places.unchanged } }
      : { offers: tally(plan.offers), providers: tally(plan.providers), places: tally(plan.places) };
  return (['offers', 'providers', 'places'] as const).map((kind) => ({ label: t(`import.summary.${kind}`), ...counts[kind] }));
}

/** "Pfarrheim, Bahnhofstr. 5, 45525 Hattingen"; a name that only repeats the street or town is said once. */
function placeLabel(place: { name: string; street: string; postcode: string; city: string }): string {
  const name = place.name === place.street || place.name === place.city ? '' : place.name;
  return [name, place.street, `${place.postcode} ${place.city}`.trim()].filter((part) => part !== '').join(', ');
}

function rowView(preview: ImportPreview, t: Translate) {
  const offerByLine = new Map(preview.plan.offers.flatMap((offer) => offer.lines.map((line) => [line, offer] as const)));
  const providerByLine = new Map(preview.plan.providers.flatMap((provider) => provider.lines.map((line) => [line, provider] as const)));
  const placeByLine = new Map(preview.plan.places.flatMap((place) => place.lines.map((line) => [line, place] as const)));
  const skipped = new Set(preview.skippedLines);
  return preview.rows.slice(0, PREVIEW_ROWS).map((row) => {
    const offer = offerByLine.get(row.line);
    const provider = providerByLine.get(row.line);
    const place = placeByLine.get(row.line);
    const action = skipped.has(row.line) || !offer ? 'skip' : offer.action;
    const matchedTo = provider?.proposal && provider.proposal.chosen !== 'new' ? provider.proposal.candidates.find((c) => c.id === provider.proposal!.chosen)?.name : undefined;
    return {
      line: row.line,
      title: row.offer.title,
      provider: row.provider.name,
      providerNote: matchedTo ? t('import.proposals.assign', { name: matchedTo }) : provider ? t(`import.action.${provider.action}`) : '',
      place: place ? placeLabel(place.place) : row.offer.format === 'online' ? t('import.online') : '',
      precision: place ? t(`import.precision.${place.place.precision}`) : '',
      approximate: place ? place.place.precision === 'postcode' || place.place.precision === 'town' : false,
      action,
      actionLabel: t(`import.action.${action}`),
      changes: offer?.action === 'update' ? offer.changes.map((field) => (field === 'provider' ? columnHeader('provider') : field === 'places' ? columnHeader('placeName') : columnHeader(field as never) || field)).join(', ') : '',
      problemCount: row.problems.length,
    };
  });
}

/** Dates as German readers of the page and the file write them (TT.MM.JJJJ). */
export function germanDates<T extends { lastVerified: string }>(items: T[]): T[] {
  return items.map((item) => ({ ...item, lastVerified: germanDate(item.lastVerified) }));
}

/** The preview page's data. Pure. */
export function toPreviewView(preview: ImportPreview, t: Translate) {
  return {
    fileName: preview.fileName,
    summary: countRows(t, preview.plan),
    skipped: preview.skippedLines.length,
    problems: preview.problems.slice(0, PREVIEW_PROBLEMS).map((problem) => ({ severity: problem.severity, severityLabel: t(`import.severity.${problem.severity}`), text: describeProblem(problem, t) })),
    moreProblems: Math.max(0, preview.problems.length - PREVIEW_PROBLEMS),
    proposals: preview.plan.providers
      .filter((provider) => provider.proposal)
      .map((provider) => ({
        field: `match:${provider.key}`,
        name: provider.name,
        lines: provider.lines.slice(0, 10).join(', '),
        options: [
          ...provider.proposal!.candidates.map((candidate) => ({ value: String(candidate.id), label: t('import.proposals.assign', { name: candidate.name }), checked: provider.proposal!.chosen === candidate.id })),
          { value: 'new', label: t('import.proposals.new'), checked: provider.proposal!.chosen === 'new' },
        ],
      })),
    rows: rowView(preview, t),
    moreRows: Math.max(0, preview.rows.length - PREVIEW_ROWS),
    missing: preview.plan.missing,
    overdue: germanDates(preview.plan.overdue),
    hasChanges: [...preview.plan.offers, ...preview.plan.providers, ...preview.plan.places].some((item) => item.action !== 'unchanged'),
  };
}

/** The result page's data. Pure. */
export function toResultView(result: ImportResult, t: Translate) {
  return { summary: countRows(t, { counts: result.counts }), skipped: result.skippedLines.length, missing: result.missing, overdue: germanDates(result.overdue), warnings: result.warnings };
}
