/**
 * A count and its noun, singular for exactly one: `count(1, 'warning')` → `1 warning`,
 * `count(2, 'warning')` → `2 warnings`; irregular plurals are passed (`count(n, 'entry', 'entries')`).
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
