/**
 * The performance targets of the mock (issue 6), as ratios measured in the same run so that they hold
 * on a noisy machine, and their evaluation. Pure: tested in test/bench.
 */
import type { LoadMeasurement, ScenarioResult, SizeResults, StartupResult, TargetCheck, TargetStatus, VerifyResult } from './types';
import { formatMB, formatMs, formatPercent, formatRate } from './format';

export const TARGETS = {
  /** The mock's req/s over the Express floor's, per request. */
  expressFloorRatio: 0.85,
  /** The mock's p99 over the Express floor's p99, at most. */
  p99Factor: 1.2,
  startupMs: 300,
  verifyExchangesPerSecond: 20_000,
  /** At the large size: the mock's req/s over its own req/s at the default size, per request. */
  scaleRatio: 0.5,
  scaleRssBytes: 400e6,
  /** The size the scale targets are stated for. */
  scaleCount: 100_000,
} as const;

export function measurementOf(result: ScenarioResult, server: LoadMeasurement['server']): LoadMeasurement | undefined {
  return result.measurements.find((m) => m.server === server);
}

/** A measurement whose requests failed says nothing about speed. */
export function isClean(m: LoadMeasurement | undefined): boolean {
  return !!m && m.non2xx === 0 && m.errors === 0 && m.requestsPerSecond > 0;
}

export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !b) return undefined;
  return a / b;
}

function check(target: string, measured: string, required: string, pass: boolean | undefined): TargetCheck {
  const status: TargetStatus = pass === undefined ? 'N/A' : pass ? 'PASS' : 'FAIL';
  return { target, measured, required, status };
}

function unclean(m: LoadMeasurement | undefined): string {
  if (!m) return 'not measured';
  return `${m.non2xx} non-2xx, ${m.errors} errors`;
}

export function evaluateTargets(input: {
  base?: SizeResults;
  scaled?: SizeResults;
  startup?: StartupResult;
  verify?: VerifyResult;
  /** Appended to each request's name (e.g. `distinct` for the round-robin table). */
  label?: string;
}): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const tag = input.label ? ` [${input.label}]` : '';
  for (const r of input.base?.scenarios ?? []) {
    const floor = measurementOf(r, 'express');
    // The mock as `serve` runs it (in Express), and, when measured, on its own listener: how far past
    // the floor the mock's own work would go without the framework.
    for (const kind of ['mock', 'mock-direct'] as const) {
      const mock = measurementOf(r, kind);
      if (!mock && kind === 'mock-direct') continue;
      const id = (kind === 'mock' ? r.scenario.id : `${r.scenario.id} (own listener)`) + tag;
      if (!mock || !floor || !isClean(mock) || !isClean(floor)) {
        const bad = !isClean(mock) ? `${kind}: ${unclean(mock)}` : `express: ${unclean(floor)}`;
        checks.push(check(`${id}: req/s ≥ ${formatPercent(TARGETS.expressFloorRatio)} of Express floor`, bad, 'clean runs', isClean(floor) ? false : undefined));
        checks.push(check(`${id}: p99 ≤ ${TARGETS.p99Factor}× Express floor p99`, bad, 'clean runs', isClean(floor) ? false : undefined));
        continue;
      }
      const rps = ratio(mock.requestsPerSecond, floor.requestsPerSecond)!;
      checks.push(check(
        `${id}: req/s ≥ ${formatPercent(TARGETS.expressFloorRatio)} of Express floor`,
        `${formatRate(mock.requestsPerSecond)} / ${formatRate(floor.requestsPerSecond)} = ${formatPercent(rps, 1)}`,
        `≥ ${formatPercent(TARGETS.expressFloorRatio)}`,
        rps >= TARGETS.expressFloorRatio,
      ));
      const limit = floor.p99 * TARGETS.p99Factor;
      checks.push(check(
        `${id}: p99 ≤ ${TARGETS.p99Factor}× Express floor p99`,
        `${formatMs(mock.p99)} ms vs floor ${formatMs(floor.p99)} ms`,
        `≤ ${limit.toFixed(1)} ms`,
        mock.p99 <= limit,
      ));
    }
  }
  if (input.startup) {
    checks.push(check('startup to first 200', `${formatMs(input.startup.medianMs)} ms (median of ${input.startup.runs.length})`, `< ${TARGETS.startupMs} ms`, input.startup.medianMs < TARGETS.startupMs));
  }
  if (input.verify) {
    const v = input.verify;
    checks.push(check(
      'verify throughput',
      v.error
        ? v.error
        : `${formatRate(v.exchangesPerSecond)} exchanges/s (${formatRate(v.exchanges)} in ${formatMs(v.medianMs)} ms` +
          (v.parseBoundExchangesPerSecond ? `; read+parse bound ${formatRate(v.parseBoundExchangesPerSecond)}/s)` : ')'),
      `≥ ${formatRate(TARGETS.verifyExchangesPerSecond)} exchanges/s`,
      v.error ? false : v.exchangesPerSecond >= TARGETS.verifyExchangesPerSecond,
    ));
  }
  if (input.base && input.scaled) {
    const n = input.scaled.count;
    const atSize = n === TARGETS.scaleCount ? '' : ` (measured at --count ${n}; target stated for ${formatRate(TARGETS.scaleCount)})`;
    for (const r of input.scaled.scenarios) {
      const big = measurementOf(r, 'mock');
      const baseResult = input.base.scenarios.find((b) => b.scenario.id === r.scenario.id);
      const small = baseResult && measurementOf(baseResult, 'mock');
      const label = `${r.scenario.id}${tag}: req/s at --count ${n} ≥ ${formatPercent(TARGETS.scaleRatio)} of default size${atSize}`;
      if (!isClean(big) || !isClean(small)) {
        checks.push(check(label, `mock: ${unclean(!isClean(big) ? big : small)}`, 'clean runs', false));
        continue;
      }
      if (!big || !small) continue;
      const s = ratio(big.requestsPerSecond, small.requestsPerSecond)!;
      checks.push(check(label, `${formatRate(big.requestsPerSecond)} / ${formatRate(small.requestsPerSecond)} = ${formatPercent(s, 1)}`, `≥ ${formatPercent(TARGETS.scaleRatio)}`, s >= TARGETS.scaleRatio));
    }
    const peak = input.scaled.mockPeakRss ?? input.scaled.mockRss;
    checks.push(check(
      `mock RSS at --count ${n}${tag} < ${formatMB(TARGETS.scaleRssBytes)} MB${atSize}`,
      peak === undefined ? 'not measured' : `${formatMB(peak)} MB peak (${formatMB(input.scaled.mockRss)} MB after load)`,
      `< ${formatMB(TARGETS.scaleRssBytes)} MB`,
      peak === undefined ? undefined : peak < TARGETS.scaleRssBytes,
    ));
  }
  return checks;
}
