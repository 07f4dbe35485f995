import * as path from 'node:path';
import { runContract } from '../../src/harness/run';
import { verifyHarFiles } from '../../src/harness/verify';
import type { Violation } from '../../src/harness/types';
import { CATALOG_TOKEN, CATALOG_WORKSPACE, startCatalogTarget, type RunningTarget } from './drift-target';
import { silentProgress, tempDir, testContracts } from './helpers';

const env = { CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };

/** A violation's kind: rule, pointer with array indices as `*`, and for schema errors what was expected. */
function kind(v: Violation): string {
  const pointer = v.pointer.replace(/\/\d+(?=\/|$)/g, '/*');
  return `${v.rule} ${pointer || '(response)'}${v.rule === 'body-schema' ? ` ${v.expected}` : ''}`;
}

describe('a target that drifts from its contract', () => {
  let target: RunningTarget;
  afterEach(() => target.close());

  it('produces exactly the six planted violations, from run and again from verify', async () => {
    target = await startCatalogTarget({ drift: true });
    const out = path.join(tempDir(), 'drift.har');
    const { report } = await runContract({ targets: { catalog: target.url }, out, contracts: testContracts(), env, progress: silentProgress });
    const kinds = [...new Set(report.violations.map(kind))].sort();
    expect(kinds).toEqual(
      [
        'body-schema /items/*/description required property "description"',
        'body-schema /items/*/size type integer',
        'filter /items/*/type',
        'pagination-walk /total',
        'sort-order /items/*/name',
        'status-documented (response)',
      ].sort(),
    );
    expect(report.warnings).toEqual([]);

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

  it('the same target without drift conforms (the checks raise nothing on a correct implementation)', async () => {
    target = await startCatalogTarget({ drift: false });
    const out = path.join(tempDir(), 'ok.har');
    const { report } = await runContract({ targets: { catalog: target.url }, out, contracts: testContracts(), env, progress: silentProgress });
    expect(report.violations).toEqual([]);
    expect(report.checked.length).toBeGreaterThan(20);
  });
});
