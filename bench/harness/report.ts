import { summarize, type Summary } from './stats.js';

export interface Measured {
  readonly label: string;
  readonly summary: Summary;
}

/** One line of the table: a subject against its baseline measured in the same run. */
export interface Row {
  readonly scenario: string;
  readonly metric: string;
  readonly unit: string;
  readonly subject: Measured;
  readonly baseline?: Measured;
  /** Median of the per-run subject/baseline ratios (paired runs, so drift cancels). */
  readonly ratio?: Summary;
  readonly target?: { readonly text: string; readonly met: boolean };
  readonly note?: string;
}

/** Pairs run i of the subject with run i of the baseline (they ran back to back). */
export function pairedRatio(subject: readonly number[], baseline: readonly number[]): Summary {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(subject.length, baseline.length); i++) {
    ratios.push((subject[i] as number) / (baseline[i] as number));
  }
  return summarize(ratios);
}

export function compare(
  scenario: string,
  metric: string,
  unit: string,
  subject: { label: string; samples: readonly number[] },
  baseline: { label: string; samples: readonly number[] },
  extra: Pick<Row, 'target' | 'note'> = {},
): Row {
  return {
    ...single(scenario, metric, unit, subject, extra),
    baseline: { label: baseline.label, summary: summarize(baseline.samples) },
    ratio: pairedRatio(subject.samples, baseline.samples),
  };
}

export function single(
  scenario: string,
  metric: string,
  unit: string,
  subject: { label: string; samples: readonly number[] },
  extra: Pick<Row, 'target' | 'note'> = {},
): Row {
  return {
    scenario,
    metric,
    unit,
    subject: { label: subject.label, summary: summarize(subject.samples) },
    ...extra,
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (magnitude >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function cell(measured: Measured | undefined): string {
  if (!measured) return '';
  const { median, min, max, runs } = measured.summary;
  const spread = runs > 1 ? ` (${formatNumber(min)}–${formatNumber(max)})` : '';
  return `${measured.label}: ${formatNumber(median)}${spread}`;
}

function ratioCell(ratio: Summary | undefined): string {
  if (!ratio) return '';
  return `${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`;
}

const HEADERS = ['#', 'metric', 'subject: median (min–max)', 'baseline: median (min–max)', 'ratio', 'target'];

function cellsOf(row: Row): string[] {
  const target = row.target ? `${row.target.met ? 'met' : 'MISSED'}: ${row.target.text}` : '';
  return [
    row.scenario,
    `${row.metric} [${row.unit}]`,
    cell(row.subject),
    cell(row.baseline),
    ratioCell(row.ratio),
    target,
  ];
}

/** A fixed-width text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const lines = [HEADERS, ...rows.map(cellsOf)];
  const widths = HEADERS.map((_, c) => Math.max(...lines.map((line) => (line[c] ?? '').length)));
  const render = (line: string[]): string => line.map((text, c) => text.padEnd(widths[c] ?? 0)).join(' | ');
  return [render(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.slice(1).map(render)].join(
    '\n',
  );
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownTable(rows: readonly Row[]): string {
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  const lines = [
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${cellsOf(row).map(escape).join(' | ')} |`),
  ];
  return lines.join('\n');
}
