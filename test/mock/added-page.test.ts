/**
 * A page that adds a GET by id to an existing API, with no code: saved beside the API's pages, listed in
 * the manifest, extracted; the mock (Scriptix's vendor module, which has no handler for it) answers it by
 * shape with the record the list shows, unknown ids in Scriptix's own error format; a contract run of the
 * extended API against the mock is conform.
 */
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { runExtract } from '../../src/cli/commands/extract';
import { loadContracts } from '../../src/contracts';
import { runContract } from '../../src/harness/run';
import { createMockApp } from '../../src/mock/app';
import { startMockServer } from '../../src/mock';
import { PROJECT_ROOT } from '../../src/util/paths';
import { silentProgress, tempDir } from '../harness/helpers';

const PAGE = path.join(__dirname, 'pages', 'scriptix-get-custom-model.md');

async function extendedContracts(): Promise<string> {
  const dir = path.join(tempDir(), 'contracts');
  cpSync(path.join(PROJECT_ROOT, 'contracts'), dir, { recursive: true });
  copyFileSync(PAGE, path.join(dir, 'sources', 'scriptix-get-custom-model.md'));
  const manifest = JSON.parse(readFileSync(path.join(dir, 'apis.json'), 'utf8'));
  manifest.apis.find((a: { name: string }) => a.name === 'scriptix').pages.push('scriptix-get-custom-model.md');
  writeFileSync(path.join(dir, 'apis.json'), JSON.stringify(manifest, null, 2));
  await runExtract({ out: dir }, { out: () => undefined, err: () => undefined });
  return dir;
}

describe('a page that adds a GET by id to Scriptix', () => {
  it('is served by shape: the record the list shows, and Scriptix’s own 404', async () => {
    const contracts = loadContracts(await extendedContracts(), { fresh: true });
    expect(contracts.operation('getCustomModel', 'scriptix')).toBeDefined();
    const app = createMockApp({ contracts, apis: ['scriptix'], validateResponses: true, log: () => undefined });
    const token = app.mock.runtime('scriptix')!.fixtures.principals.find((p) => !p.scopes || p.scopes.includes('custom_models:read'))!.token;
    const auth = { Authorization: `Bearer ${token}` };
    const listed = (await request(app).get('/api/v3/custom_models?per_page=3').set(auth).expect(200)).body.result;
    for (const item of listed) expect((await request(app).get(`/api/v3/custom_models/${item.id}`).set(auth).expect(200)).body).toEqual(item);
    const missing = await request(app).get('/api/v3/custom_models/999999').set(auth).expect(404);
    expect(missing.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    await request(app).get(`/api/v3/custom_models/${listed[0].id}`).expect(401);
    expect(app.mock.violations).toEqual([]);
  });

  it('a contract run of the extended API against the mock is conform, GET by id included', async () => {
    const dir = await extendedContracts();
    const contracts = loadContracts(dir, { fresh: true });
    const mock = await startMockServer({ contracts, apis: ['scriptix'], port: 0, log: () => undefined });
    try {
      const token = mock.controller.runtime('scriptix')!.fixtures.principals.find((p) => !p.scopes || p.scopes.includes('custom_models:read'))!.token;
      const { report } = await runContract({ targets: { scriptix: mock.url }, out: path.join(tempDir(), 'x.har'), contracts, env: { CONTRACT_MOCK_SCRIPTIX_TOKEN: token }, progress: silentProgress });
      expect(report.violations).toEqual([]);
      expect(report.checked.some((c) => c.operationId === 'getCustomModel')).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
