import { tally } from '../harness/reporters';
import type { TargetReachability } from '../harness/run';
import type { Report } from '../harness/types';
import { EXIT } from '../util/cli-error';
import { count } from '../util/plural';

/**
 * The exit code of a finished `run` or `verify`: 3 when requests went unanswered (the target did not
 * answer, so nothing can be concluded about them, and a violation elsewhere does not change that: CI
 * should retry or alert on the target, not file a contract bug), else 1 for violations, else 0.
 */
export function exitCodeFor(report: Report): number {
  const t = tally(report);
  if (t.unansweredExchanges > 0) return EXIT.unreachable;
  return t.violations.length > 0 ? EXIT.violations : EXIT.ok;
}

/** One line naming each target that left requests unanswered, with its URL, error and counts. */
export function unreachableMessage(targets: TargetReachability[]): string {
  const parts = targets.map(
    (t) =>
      `${t.api} at ${t.url} (${t.lastError ?? 'no response'}): ${count(t.unanswered, 'request')} without a response, ${t.answered} answered${
        t.gaveUp ? ', the rest of its plan not sent' : ''
      }`,
  );
  return `target unreachable: ${parts.join('; ')}`;
}

/** For `verify`: the hosts of a recording's unanswered requests, as one line. */
export function unansweredMessage(report: Report): string {
  const unanswered = report.checked.filter((c) => c.exchange.status === 0);
  const origins = [...new Set(unanswered.map((c) => originOf(c.exchange.url)))];
  return `target unreachable when recorded: ${count(unanswered.length, 'request')} got no response (${origins.join(', ')})`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
