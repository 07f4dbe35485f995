/**
 * The classic petstore.yaml (OpenAPI 3.0, a root-array list, a POST that takes the whole Pet with its id,
 * `default` error responses, an optional `x-next` header), served and run with no code and no fixtures:
 * the full contract run against the mock, writes included, finds nothing; a taken id is a conflict in the
 * document's error shape, never a 500.
 */
import * as path from 'node:path';
import request from 'supertest';
import { loadContractSet } from '../../src/contracts';
import { runContract } from '../../src/harness/run';
import { createMockApp } from '../../src/mock/app';
import { startMockServer } from '../../src/mock';
import { silentProgress, tempDir } from './helpers';

const PETSTORE = path.join(__dirname, '..', 'contracts', 'documents', 'petstore.yaml');

describe('the petstore, as users have it', () => {
  it('a full run with writes against the mock is conform', async () => {
    const contracts = await loadContractSet(PETSTORE);
    const mock = await startMockServer({ contracts, port: 0, validateResponses: true, log: () => undefined });
    try {
      const { report } = await runContract({ targets: { petstore: mock.url }, out: path.join(tempDir(), 'pets.har'), contracts, env: {}, progress: silentProgress, allowWrites: true });
      expect(report.violations).toEqual([]);
      expect(report.checked.length).toBeGreaterThanOrEqual(6);
      expect(mock.controller.violations).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('a POST naming a taken id is a conflict in the documented error shape', async () => {
    const app = createMockApp({ contracts: await loadContractSet(PETSTORE), validateResponses: true, log: () => undefined });
    const [first] = (await request(app).get('/pets?limit=1').expect(200)).body;
    const res = await request(app).post('/pets').send({ id: first.id, name: 'Rex' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ code: 409, message: `a pet with id ${first.id} already exists` });
    await request(app).post('/pets').send({ id: 987654, name: 'Rex' }).expect(201);
    expect((await request(app).get('/pets/987654').expect(200)).body).toEqual({ id: 987654, name: 'Rex' });
    expect(app.mock.violations).toEqual([]);
  });
});
