/** Renders bench results as text tables. Pure: tested in test/bench. */
import type { BenchResults, ServerKind, SizeResults, TargetCheck } from './types';
import { formatDelta, formatMB, formatMs, formatPercent, formatRate, formatTable } from './format';
import { isClean, measurementOf, ratio } from './targets';

const SERVER_LABEL: Record<ServerKind, string> = {
  node: 'node:http (limit)',
  express: 'Express 5 (floor)',
  mock: 'contract-mock (serve)',
  'mock-direct': 'contract-mock, own listener',
};

function sizeLabel(size: SizeResults): string {
  const records = Object.entries(size.records).map(([api, n]) => `${api} ${formatRate(n)}`).join(', ');
  return size.count === undefined ? `default fixtures (${records})` : `--count ${formatRate(size.count)} (${records})`;
}

/** The main table: every scenario on every server, with the mock's ratios to both baselines. */
export function renderSizeTable(size: SizeResults): string {
  const rows: string[][] = [];
  for (const r of size.scenarios) {
    const node = measurementOf(r, 'node');
    const floor = measurementOf(r, 'express');
    for (const m of r.measurements) {
      const isMock = m.server === 'mock' || m.server === 'mock-direct';
      const flag = isClean(m) ? '' : ` (${m.non2xx} non-2xx, ${m.errors} err)`;
      rows.push([
        m === r.measurements[0] ? r.scenario.id : '',
        SERVER_LABEL[m.server],
        formatRate(m.requestsPerSecond) + flag,
        formatMs(m.p50),
        formatMs(m.p99),
        formatMB(m.rss),
        m.cpuUsPerRequest === undefined ? '–' : m.cpuUsPerRequest.toFixed(1),
        isMock && floor ? formatPercent(ratio(m.requestsPerSecond, floor.requestsPerSecond)) : '',
        // The floor's CPU per request over the mock's: the req/s ratio a CPU-bound server on a core of its
        // own would reach, whatever else the machine runs.
        isMock && floor ? formatPercent(ratio(floor.cpuUsPerRequest, m.cpuUsPerRequest)) : '',
        isMock && node ? formatPercent(ratio(m.requestsPerSecond, node.requestsPerSecond)) : '',
      ]);
    }
  }
  const table = formatTable(
    [
      { header: 'scenario' },
      { header: 'server' },
      { header: 'req/s', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'RSS MB', align: 'right' },
      { header: 'CPU µs/req', align: 'right' },
      { header: 'mock/floor', align: 'right' },
      { header: 'floor/mock CPU', align: 'right' },
      { header: 'mock/limit', align: 'right' },
    ],
    rows,
  );
  return `${sizeLabel(size)}\n\n${table}`;
}

/** The scale table: the mock at `--count N` against the mock at the default size. */
export function renderScaleTable(base: SizeResults, scaled: SizeResults): string {
  const rows = scaled.scenarios.map((r) => {
    const big = measurementOf(r, 'mock');
    const b = base.scenarios.find((x) => x.scenario.id === r.scenario.id);
    const small = b && measurementOf(b, 'mock');
    return [
      r.scenario.id,
      formatRate(small?.requestsPerSecond),
      formatRate(big?.requestsPerSecond) + (big && !isClean(big) ? ` (${big.non2xx} non-2xx, ${big.errors} err)` : ''),
      formatPercent(ratio(big?.requestsPerSecond, small?.requestsPerSecond)),
      formatMs(big?.p50),
      formatMs(big?.p99),
      formatMs(r.firstRequestMs),
      formatMB(big?.peakRss),
    ];
  });
  const table = formatTable(
    [
      { header: 'scenario' },
      { header: 'req/s default', align: 'right' },
      { header: `req/s at ${formatRate(scaled.count)}`, align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: 'p50 ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'first (cold) ms', align: 'right' },
      { header: 'peak RSS MB', align: 'right' },
    ],
    rows,
  );
  const heap = (s: SizeResults) => (s.mockHeap ? `; after a full GC: heap ${formatMB(s.mockHeap.heapUsed)} MB used of ${formatMB(s.mockHeap.heapTotal)} MB, RSS ${formatMB(s.mockHeap.rssAfterGc)} MB` : '');
  const memory = (s: SizeResults, label: string) =>
    `mock RSS at ${label}: ${formatMB(s.mockRss)} MB after load, ${formatMB(s.mockPeakRss)} MB peak (${formatMB(s.mockStartPeakRss)} MB at start-up)${heap(s)}; ready in ${formatMs(s.mockReadyMs)} ms`;
  return `${table}\n\n${memory(scaled, sizeLabel(scaled))}\n${memory(base, 'default size')}`;
}

export function renderTargets(checks: TargetCheck[]): string {
  return formatTable(
    [{ header: 'target' }, { header: 'measured' }, { header: 'required' }, { header: 'result' }],
    checks.map((c) => [c.target, c.measured, c.required, c.status]),
  );
}

export function renderOther(results: Pick<BenchResults, 'startup' | 'verify'>): string {
  const lines: string[] = [];
  const s = results.startup;
  if (s) {
    lines.push(`startup to first 200: median ${formatMs(s.medianMs)} ms over ${s.runs.length} runs (min ${formatMs(Math.min(...s.runs))}; ${s.runs.map((r) => formatMs(r)).join(', ')})` +
      (s.nodeFloorMedianMs !== undefined ? `; a bare node:http server: ${formatMs(s.nodeFloorMedianMs)} ms` : ''));
  }
  const v = results.verify;
  if (v) {
    if (v.error) lines.push(`verify: ${v.error}`);
    else {
      lines.push(`verify: ${formatRate(v.exchanges)} exchanges (${formatMB(v.harBytes)} MB HAR) in ${formatMs(v.medianMs)} ms median` +
        ` = ${formatRate(v.exchangesPerSecond)} exchanges/s end to end` +
        (v.marginalExchangesPerSecond !== undefined ? `; ${formatRate(v.marginalExchangesPerSecond)} exchanges/s after the ${formatMs(v.fixedCostMs)} ms start-up` : '') +
        (v.parseBoundExchangesPerSecond !== undefined ? `; reading and JSON-parsing the HAR and its bodies alone: ${formatRate(v.parseBoundExchangesPerSecond)} exchanges/s (verify reaches ${formatPercent(v.exchangesPerSecond / v.parseBoundExchangesPerSecond)} of that bound)` : '') +
        `; exit code ${v.exitCode}${v.violations !== undefined ? `, ${v.violations} violations` : ''}`);
    }
  }
  return lines.join('\n');
}

/** Differences between an earlier run and this one, cell by cell. */
export function renderComparison(old: BenchResults, current: BenchResults): string {
  const rows: string[][] = [];
  for (const size of current.sizes) {
    const oldSize = old.sizes.find((s) => s.count === size.count && (s.mode ?? 'repeated') === (size.mode ?? 'repeated'));
    if (!oldSize) continue;
    const label = (size.count === undefined ? 'default' : formatRate(size.count)) + (size.mode === 'distinct' ? ' distinct' : '');
    for (const r of size.scenarios) {
      const oldR = oldSize.scenarios.find((x) => x.scenario.id === r.scenario.id);
      for (const m of r.measurements) {
        const o = oldR && measurementOf(oldR, m.server);
        if (!o) continue;
        rows.push([label, r.scenario.id, m.server, formatRate(o.requestsPerSecond), formatRate(m.requestsPerSecond), formatDelta(o.requestsPerSecond, m.requestsPerSecond),
          formatMs(o.p99), formatMs(m.p99), formatDelta(o.p99, m.p99)]);
      }
      // Absolute numbers drift with the machine's load; the ratio to the floor measured in the same run does not.
      const ratioOf = (x: typeof r | undefined) => x && ratio(measurementOf(x, 'mock')?.requestsPerSecond, measurementOf(x, 'express')?.requestsPerSecond);
      const oldRatio = ratioOf(oldR);
      const newRatio = ratioOf(r);
      if (oldRatio !== undefined && newRatio !== undefined) {
        rows.push([label, r.scenario.id, 'mock/floor', formatPercent(oldRatio), formatPercent(newRatio), `${newRatio >= oldRatio ? '+' : '−'}${Math.abs(Math.round((newRatio - oldRatio) * 100))} pt`, '', '', '']);
      }
    }
    if (oldSize.mockPeakRss !== undefined && size.mockPeakRss !== undefined) {
      rows.push([label, '(mock peak RSS MB)', 'mock', formatMB(oldSize.mockPeakRss), formatMB(size.mockPeakRss), formatDelta(oldSize.mockPeakRss, size.mockPeakRss), '', '', '']);
    }
  }
  if (old.startup && current.startup) {
    rows.push(['', '(startup ms)', 'mock', formatMs(old.startup.medianMs), formatMs(current.startup.medianMs), formatDelta(old.startup.medianMs, current.startup.medianMs), '', '', '']);
  }
  if (old.verify && current.verify && !old.verify.error && !current.verify.error) {
    rows.push(['', '(verify exchanges/s)', '', formatRate(old.verify.exchangesPerSecond), formatRate(current.verify.exchangesPerSecond), formatDelta(old.verify.exchangesPerSecond, current.verify.exchangesPerSecond), '', '', '']);
  }
  return formatTable(
    [
      { header: 'size' }, { header: 'scenario' }, { header: 'server' },
      { header: 'old req/s', align: 'right' }, { header: 'new req/s', align: 'right' }, { header: 'Δ', align: 'right' },
      { header: 'old p99', align: 'right' }, { header: 'new p99', align: 'right' }, { header: 'Δ p99', align: 'right' },
    ],
    rows,
  );
}
