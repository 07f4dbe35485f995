import * as path from 'node:path';
import { runContract } from '../../src/harness/run';
import { verifyHarFiles } from '../../src/harness/verify';
import type { Violation } from '../../src/harness/types';
import { CATALOG_TOKEN, CATALOG_WORKSPACE, startCatalogTarget, type RunningTarget } from './drift-target';
import { readJson, silentProgress, tempDir, testContracts } from './helpers';

const env = { CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };

/** A violation's kind: rule, pointer with array indices as `*`, and for schema errors what was expected. */
function kind(v: Violation): string {
  const pointer = v.pointer.replace(/\/\d+(?=\/|$)/g, '/*');
  return `${v.rule} ${pointer || '(response)'}${v.rule === 'body-schema' ? ` ${v.expected}` : ''}`;
}

describe('a target that drifts from its contract', () => {
  let target: RunningTarget;
  afterEach(() => target.close());

  it('produces exactly the seven planted violations, from run and again from verify', async () => {
    target = await startCatalogTarget({ drift: true });
    const out = path.join(tempDir(), 'drift.har');
    const { report } = await runContract({ targets: { catalog: target.url }, out, contracts: testContracts(), env, progress: silentProgress });
    const kinds = [...new Set(report.violations.map(kind))].sort();
    expect(kinds).toEqual(
      [
        'body-schema /items/*/created_at must match format "date-time"',
        'body-schema /items/*/description required property "description"',
        'body-schema /items/*/size type integer',
        'filter /items/*/type',
        'pagination-walk /total',
        'sort-order /items/*/name',
        'status-documented (response)',
      ].sort(),
    );
    expect(report.warnings).toEqual([]);

    // One cause, one violation: each planted fault is reported once (the ignored filter once per value
    // tried), the same fault on other pages and what it explains are under it.
    expect(report.violations.filter((v) => v.rule !== 'filter').map(kind).sort()).toEqual(kinds.filter((k) => !k.startsWith('filter')));
    expect(report.violations.filter((v) => v.rule === 'filter').map((v) => new URL(v.exchange.url).searchParams.get('type'))).toEqual(['text', 'vision', 'zqx-contract-mock']);
    const description = report.violations.find((v) => v.pointer.endsWith('/description'))!;
    expect(description.related?.map((r) => [r.relation, r.rule, r.actual])).toEqual([
      ['duplicate', 'body-schema', 'absent'],
      ['duplicate', 'body-schema', 'absent'],
      ['duplicate', 'body-schema', 'absent'],
    ]);
    // The tampered total: one walk violation; the second walk that ended on the same page is under it.
    const walk = report.violations.filter((v) => v.rule === 'pagination-walk');
    expect(walk).toHaveLength(1);
    expect(walk[0].related?.map((r) => [r.relation, r.rule, r.expected, r.actual])).toEqual([['duplicate', 'pagination-walk', walk[0].expected, '23']]);
    // The broken date breaks every sort by creation; those findings are under the schema violations.
    const dates = report.violations.filter((v) => v.pointer.endsWith('/created_at'));
    expect(dates.every((v) => v.rule === 'body-schema')).toBe(true);
    const underDates = dates.flatMap((v) => v.related ?? []).filter((r) => r.relation === 'dependent');
    expect(underDates.length).toBeGreaterThan(0);
    expect(underDates.every((r) => r.rule === 'sort-order' && r.pointer.endsWith('/created_at'))).toBe(true);
    // The planted NAME sort is its own cause: the date does not hide it.
    expect(report.violations.filter((v) => v.rule === 'sort-order').map((v) => v.exchange.url)).toEqual([expect.stringMatching(/sort_by=NAME&order_by=DESC/)]);

    // Each violation names the exchange behind it and what came back.
    const sort = report.violations.find((v) => v.rule === 'sort-order')!;
    expect(sort.exchange.url).toMatch(/sort_by=NAME&order_by=DESC/);
    expect(sort.expected).toMatch(/sorted by NAME desc/);
    const status = report.violations.find((v) => v.rule === 'status-documented')!;
    expect(status.exchange.url).toMatch(/sort_by=CREATED&order_by=ASC/);
    expect(status.actual).toBe('500');
    const filter = report.violations.find((v) => v.rule === 'filter')!;
    expect(filter.exchange.url).toMatch(/[?&]type=/);
    const size = report.violations.find((v) => v.pointer.endsWith('/size'))!;
    expect(size.actual).toBe('string "30"');
    const total = report.violations.find((v) => v.rule === 'pagination-walk')!;
    expect(total.expected).toMatch(/^20 \(distinct items the complete walk/);
    expect(total.actual).toBe('23');

    // verify on the written file finds the same.
    const again = verifyHarFiles([out], { contracts: testContracts() });
    expect(again.violations.map(kind).sort()).toEqual(report.violations.map(kind).sort());
  });

  it('a target that ignores a filter unless every item matches is caught by discriminating values', async () => {
    // The old plan tried `name` with a part of the first listed name, which every item here has: it
    // passed this target. A value some items lack, and one no item has, show the filter is ignored.
    target = await startCatalogTarget({ subtleFilter: true });
    const out = path.join(tempDir(), 'subtle.har');
    const { report } = await runContract({ targets: { catalog: target.url }, out, contracts: testContracts(), env, progress: silentProgress });
    expect([...new Set(report.violations.map(kind))]).toEqual(['filter /items/*/name']);
    const caught = report.violations.map((v) => new URL(v.exchange.url).searchParams.get('name'));
    expect(caught).toContain('zqx-contract-mock');
    expect(caught.some((n) => n !== 'zqx-contract-mock' && n !== null)).toBe(true);
    const steps = readJson(out).log.entries.map((e: { _contractMock: { step: string } }) => e._contractMock.step) as string[];
    expect(steps).toContainEqual(expect.stringMatching(/^filter name: part of "model-[a-z-]+" \(\d+ of 20 listed items\)$/));
    expect(steps).toContain('filter name: a value no listed item has (an empty page, total 0)');
  });

  it('the same target without drift conforms (the checks raise nothing on a correct implementation)', async () => {
    target = await startCatalogTarget({ drift: false });
    const out = path.join(tempDir(), 'ok.har');
    const { report } = await runContract({ targets: { catalog: target.url }, out, contracts: testContracts(), env, progress: silentProgress });
    expect(report.violations).toEqual([]);
    expect(report.checked.length).toBeGreaterThan(20);
  });
});
