import type { ImportPlan } from './import-plan.ts';
import type { ImportPreview, ImportResult } from './import-service.ts';
import { describeProblem, germanDates } from './import-view-mapper.ts';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A plain-text table with aligned columns, for the terminal. */
export function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function countTable(t: Translate, counts: ImportResult['counts']): string {
  return textTable([
    ['', t('import.summary.create'), t('import.summary.update'), t('import.summary.unchanged')],
    ...(['offers', 'providers', 'places'] as const).map((kind) => [t(`import.summary.${kind}`), String(counts[kind].created), String(counts[kind].updated), String(counts[kind].unchanged)]),
  ]);
}

function listsOf(t: Translate, plan: Pick<ImportPlan, 'missing' | 'overdue'>, months: number): string[] {
  const lines: string[] = [];
  if (plan.overdue.length > 0) lines.push('', `${t('import.overdue.title')}: ${t('import.overdue.lead', { months })}`, ...germanDates(plan.overdue).map((item) => `  ${t('import.overdue.item', { line: item.line, title: item.title, date: item.lastVerified })}`));
  if (plan.missing.length > 0) lines.push('', `${t('import.missing.title')}: ${t('import.missing.lead')}`, ...plan.missing.map((item) => `  ${item.title}`));
  return lines;
}

/** The dry run's report: every problem, the proposed provider matches, the counts and the lists for staff. */
export function previewReport(preview: ImportPreview, t: Translate, months: number): string {
  const tally = (items: Array<{ action: string }>) => ({ created: items.filter((i) => i.action === 'create').length, updated: items.filter((i) => i.action === 'update').length, unchanged: items.filter((i) => i.action === 'unchanged').length });
  const proposals = preview.plan.providers
    .filter((provider) => provider.proposal && provider.proposal.chosen !== 'new')
    .map((provider) => `  ${provider.name}: ${t('import.proposals.assign', { name: provider.proposal!.candidates.find((c) => c.id === provider.proposal!.chosen)?.name ?? '' })}`);
  return [
    ...preview.problems.map((problem) => `${t(`import.severity.${problem.severity}`)}: ${describeProblem(problem, t)}`),
    ...(proposals.length > 0 ? ['', `${t('import.proposals.title')}:`, ...proposals] : []),
    '',
    countTable(t, { offers: tally(preview.plan.offers), providers: tally(preview.plan.providers), places: tally(preview.plan.places) }),
    ...(preview.skippedLines.length > 0 ? [t('import.skipped', { count: preview.skippedLines.length })] : []),
    ...listsOf(t, preview.plan, months),
  ].join('\n');
}

/** The summary after a real run. */
export function resultReport(result: ImportResult, t: Translate, months: number): string {
  return [countTable(t, result.counts), ...(result.skippedLines.length > 0 ? [t('import.skipped', { count: result.skippedLines.length })] : []), ...listsOf(t, result, months)].join('\n');
}
