import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import { runContract } from '../../src/harness/run';
import { CATALOG_TOKEN, CATALOG_WORKSPACE, startCatalogTarget, type RunningTarget } from './drift-target';
import { readJson, silentProgress, tempDir, testContracts } from './helpers';
import { FIXTURES_DIR } from '../../src/util/paths';

interface Entry {
  request: { url: string };
  response: { status: number };
  _contractMock: { step: string; expectStatus?: number[] };
}

const entries = (file: string): Entry[] => readJson(file).log.entries;
/** The token of the Open WebUI fixtures' first principal, as the self-check passes it. */
const openwebuiToken = (): string => readJson(path.join(FIXTURES_DIR, 'openwebui.json')).principals[0].token;

/** What the plan reads from the contract's declarations (the run is against targets that honour them). */
describe('the run plan', () => {
  it('expects a success, not a 4xx, for values outside an enum the server does not enforce; an enforced enum keeps its 4xx case', async () => {
    const { startMockServer } = await import('../../src/mock');
    const mock = await startMockServer({ port: 0, apis: ['openwebui'] });
    let catalog: RunningTarget | undefined;
    try {
      catalog = await startCatalogTarget();
      const out = path.join(tempDir(), 'plan.har');
      const env = { CONTRACT_MOCK_OPENWEBUI_TOKEN: openwebuiToken(), CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };
      const openwebui = await runContract({ targets: { openwebui: mock.url }, out, contracts: loadContracts(), env, progress: silentProgress });
      expect(openwebui.report.violations).toEqual([]);
      const steps = entries(out);
      const free = steps.filter((e) => / outside /.test(e._contractMock.step));
      expect(free.map((e) => [e._contractMock.step, e._contractMock.expectStatus, e.response.status])).toEqual(
        ['view_option', 'order_by', 'direction'].map((p) => [`parameter ${p} outside its documented values (not enforced by the server)`, [200], 200]),
      );
      // The default order applies only without filters: each filter is also tried with the order named.
      expect(steps.map((e) => e._contractMock.step).filter((s) => s.endsWith('(the default order applies only without filters)'))).toHaveLength(3);

      const out2 = path.join(tempDir(), 'plan-catalog.har');
      await runContract({ targets: { catalog: catalog.url }, out: out2, contracts: testContracts(), env, progress: silentProgress });
      const enforced = entries(out2).filter((e) => / outside /.test(e._contractMock.step));
      expect(enforced.map((e) => [e._contractMock.step, e._contractMock.expectStatus, e.response.status])).toEqual([
        ['error: sort_by outside its enum', [400, 422], 400],
        ['error: order_by outside its enum', [400, 422], 400],
        ['error: visibility outside its enum', [400, 422], 400],
      ]);
      // Catalog's default order applies to filtered requests too: no extra sorted filter requests.
      expect(entries(out2).some((e) => e._contractMock.step.includes('applies only without filters'))).toBe(false);
    } finally {
      await catalog?.close();
      await mock.close();
    }
  });

  it('tries each filter with a value some but not all listed items have, and with one none has', async () => {
    const catalog = await startCatalogTarget();
    try {
      const out = path.join(tempDir(), 'filters.har');
      const env = { CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };
      const { report } = await runContract({ targets: { catalog: catalog.url }, out, contracts: testContracts(), env, progress: silentProgress });
      expect(report.violations).toEqual([]);
      const filters = entries(out).filter((e) => /^filter (name|type):/.test(e._contractMock.step));
      const body = (e: Entry) => readJson(out).log.entries.find((x: Entry) => x.request.url === e.request.url).response.content.text;
      for (const param of ['name', 'type']) {
        const mine = filters.filter((e) => e._contractMock.step.startsWith(`filter ${param}:`));
        const [first] = mine;
        // The first value leaves some of the 20 listed items out (and keeps some).
        const total = JSON.parse(body(first)).total;
        expect(total).toBeGreaterThan(0);
        expect(total).toBeLessThan(20);
        const none = mine.find((e) => e._contractMock.step === `filter ${param}: a value no listed item has (an empty page, total 0)`)!;
        expect(JSON.parse(body(none))).toEqual({ total: 0, items: [] });
      }
    } finally {
      await catalog.close();
    }
  });
});
