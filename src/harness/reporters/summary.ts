import { count } from '../../util/plural';
import type { RelatedViolation, Report, Violation } from '../types';

/**
 * The counts every report and every command's summary line gives, worded once. A request that got no
 * response (`response-received`) is counted apart from the contract violations: it says the target did
 * not answer, not that an answer broke the contract (`run` exits 3 for it, not 1).
 */

/** How a related finding is introduced under the violation it is folded into. */
export const RELATION: Record<RelatedViolation['relation'], string> = {
  dependent: 'because of this, also',
  duplicate: 'the same on',
};

export const isUnanswered = (v: Violation): boolean => v.rule === 'response-received';

export interface Tally {
  exchanges: number;
  skipped: number;
  /** Contract violations (errors), without the unanswered requests. */
  violations: Violation[];
  warnings: Violation[];
  /** Requests of a run that got no response (their `response-received` violations). */
  unanswered: Violation[];
  /** How many exchanges got no response (a violation may stand for several, see Violation.related). */
  unansweredExchanges: number;
}

export function tally(report: Report): Tally {
  return {
    exchanges: report.checked.length,
    skipped: report.skipped.length,
    violations: report.violations.filter((v) => !isUnanswered(v)),
    warnings: report.warnings,
    unanswered: report.violations.filter(isUnanswered),
    unansweredExchanges: report.checked.filter((c) => c.exchange.status === 0).length,
  };
}

/** `3 without a response, 2 violations, 1 warning` (the first part only when there are any). */
export function findingsText(t: Tally): string {
  const parts = [count(t.violations.length, 'violation'), count(t.warnings.length, 'warning')];
  if (t.unansweredExchanges > 0) parts.unshift(`${count(t.unansweredExchanges, 'request')} without a response`);
  return parts.join(', ');
}

/** `conform`, `NOT conform`, or `incomplete` when requests went unanswered (nothing can be concluded on them). */
export function verdict(t: Tally): string {
  if (t.unansweredExchanges > 0) return 'incomplete: the target did not answer every request';
  return t.violations.length === 0 ? 'conform' : 'NOT conform';
}

/** The last line of a console report. */
export function summaryLine(report: Report): string {
  const t = tally(report);
  return `${count(t.exchanges, 'exchange')} checked, ${t.skipped} skipped: ${findingsText(t)} — ${verdict(t)}`;
}
