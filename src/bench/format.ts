/** Plain-text tables (Markdown pipe tables, so a printed table pastes into BENCHMARKS.md as it is). */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

export function formatTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, 3, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) => (columns[i].align === 'right' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${columns.map((c, i) => (c.align === 'right' ? `${'-'.repeat(widths[i] + 1)}:` : `${'-'.repeat(widths[i] + 2)}`)).join('|')}|`;
  return [line(columns.map((c) => c.header)), rule, ...rows.map((r) => line(columns.map((_, i) => r[i] ?? '')))].join('\n');
}

/** 12345.6 → "12,346". */
export function formatRate(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds with a precision that suits their size. */
export function formatMs(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '–';
  return n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
}

/** Bytes as decimal megabytes (10^6), the unit the memory target is stated in. */
export function formatMB(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  return (bytes / 1e6).toFixed(1);
}

/** 0.8734 → "87%"; with `digits` 1 → "87.3%" (where a threshold is close). */
export function formatPercent(ratio: number | undefined, digits = 0): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A signed relative change: +4.2% / −13.0%. */
export function formatDelta(oldValue: number | undefined, newValue: number | undefined): string {
  if (oldValue === undefined || newValue === undefined || !oldValue) return '–';
  const d = ((newValue - oldValue) / oldValue) * 100;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}%`;
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
