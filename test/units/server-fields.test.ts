/**
 * Updates and replaces leave what the server owns alone (documents/kennel.openapi.yaml): the id, readOnly
 * fields, the scope parent's id and the creation time keep their stored values whatever a client sends,
 * and the checks do not expect them changed. An update that documents no body takes its query
 * parameters that name item fields (the petstore's `POST /pet/{petId}?name=&status=`), and a run changes
 * one field that way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { loadContractSet, resourceOf, type ContractSet } from '../../src/contracts';
import type { CheckContext } from '../../src/harness/checks/context';
import { runContract } from '../../src/harness/run';
import type { Rule, Violation } from '../../src/harness/types';
import { verifyHarFiles } from '../../src/harness/verify';
import { startMockServer } from '../../src/mock';
import { createMockApp } from '../../src/mock/app';
import { writeUnit, type ItemEvent, type ItemHistory } from '../../src/units/writes';
import { silentProgress, tempDir } from '../harness/helpers';

const KENNEL = path.join(__dirname, '..', 'harness', 'documents', 'kennel.openapi.yaml');
const describeViolation = (v: Violation) => `${v.rule} ${v.pointer} ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status}: expected ${v.expected}, got ${v.actual}`;

describe('server fields and bodiless updates', () => {
  let contracts: ContractSet;
  beforeAll(async () => {
    contracts = await loadContractSet(KENNEL);
  });

  async function app() {
    const a = createMockApp({ contracts, validateResponses: true, log: () => undefined });
    const { principals } = (await request(a).get('/__mock/principals').expect(200)).body as { principals: Array<{ token: string; workspaces: string[] }> };
    const [p] = principals;
    return { a, key: p.token, kennel: Number(p.workspaces[0]) };
  }

  it('a PATCH or PUT naming the id, a readOnly code, the kennel id or the creation time changes none of them', async () => {
    const { a, key, kennel } = await app();
    const [dog] = (await request(a).get(`/kennels/${kennel}/dogs?limit=1`).set('X-Api-Key', key).expect(200)).body.items;
    const forged = { id: dog.id + 1000, code: 'DOG-0000', kennel_id: kennel + 1, created_at: '2000-01-01T00:00:00Z' };
    const patched = (await request(a).patch(`/kennels/${kennel}/dogs/${dog.id}`).set('X-Api-Key', key).send({ ...forged, name: 'Patched' }).expect(200)).body;
    expect(patched).toMatchObject({ id: dog.id, code: dog.code, kennel_id: kennel, created_at: dog.created_at, name: 'Patched' });
    const replaced = (await request(a).put(`/kennels/${kennel}/dogs/${dog.id}`).set('X-Api-Key', key).send({ ...forged, name: 'Whole' }).expect(200)).body;
    expect(replaced).toMatchObject({ id: dog.id, code: dog.code, kennel_id: kennel, created_at: dog.created_at, name: 'Whole' });
    expect(replaced.breed).toBeUndefined();
    expect((await request(a).get(`/kennels/${kennel}/dogs/${dog.id}`).set('X-Api-Key', key).expect(200)).body).toEqual(replaced);
    await request(a).get(`/kennels/${kennel}/dogs/${dog.id + 1000}`).set('X-Api-Key', key).expect(404);
    expect(a.mock.violations).toEqual([]);
  });

  it('an update without a body takes the query parameters that name item fields; a value the item refuses is the caller\'s error', async () => {
    const { a, key } = await app();
    const [cat] = (await request(a).get('/cats').set('X-Api-Key', key).expect(200)).body;
    const updated = (await request(a).post(`/cats/${cat.id}?name=Tom&status=sold`).set('X-Api-Key', key).expect(200)).body;
    expect(updated).toEqual({ ...cat, name: 'Tom', status: 'sold' });
    expect((await request(a).get(`/cats/${cat.id}`).set('X-Api-Key', key).expect(200)).body).toEqual(updated);
    // `status` is a free string as a query parameter, but the item's status is one of three.
    expect((await request(a).post(`/cats/${cat.id}?status=asleep`).set('X-Api-Key', key)).status).toBe(400);
    expect((await request(a).get(`/cats/${cat.id}`).set('X-Api-Key', key).expect(200)).body).toEqual(updated);
    // The petstore's documented form create works as its JSON one does.
    const created = (await request(a).post('/cats').set('X-Api-Key', key).type('form').send('name=Felix&lives=9&status=available').expect(200)).body;
    expect(created).toMatchObject({ name: 'Felix', lives: 9, status: 'available' });
  });

  it('a run changes a cat by a query parameter and the dogs by PATCH, with zero violations; the checks read the query', async () => {
    const mock = await startMockServer({ contracts, port: 0, validateResponses: true, log: () => undefined });
    try {
      const { principals } = (await (await fetch(`${mock.url}/__mock/principals`)).json()) as { principals: Array<{ token: string; workspaces: string[] }> };
      const out = path.join(tempDir(), 'kennel.har');
      const env = { CONTRACT_MOCK_KENNEL_TOKEN: principals[0].token };
      const { report } = await runContract({ targets: { kennel: mock.url }, out, contracts, env, workspace: String(principals[0].workspaces[0]), progress: silentProgress, allowWrites: true });
      expect(report.violations.map(describeViolation)).toEqual([]);
      expect(mock.controller.violations).toEqual([]);
      const har = JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: Array<{ request: { method: string; url: string; postData?: unknown }; response: { status: number; content: { text?: string } }; _contractMock: { step: string } }> } };
      const update = har.log.entries.find((e) => /^write: update name of \d+ \(a query parameter\)$/.test(e._contractMock.step));
      expect(update).toBeDefined();
      expect(update!.request.postData).toBeUndefined();
      const name = new URL(update!.request.url).searchParams.get('name');
      expect(name).toMatch(/\(contract-mock \w+\)$/);
      expect(update!.response.status).toBe(200);
      expect(JSON.parse(update!.response.content.text!).name).toBe(name);
      expect(har.log.entries.some((e) => e.request.method === 'PATCH' && /^write: update name of /.test(e._contractMock.step))).toBe(true);

      // An answer that does not show the query's name is a write-reflected violation.
      update!.response.content.text = JSON.stringify({ ...JSON.parse(update!.response.content.text!), name: 'Garfield' });
      const tampered = path.join(tempDir(), 'tampered.har');
      writeFileSync(tampered, JSON.stringify(har));
      const found = verifyHarFiles([tampered], { contracts }).violations.filter((v) => v.rule === 'write-reflected');
      expect(found.map((v) => [v.operation, v.pointer, v.actual])).toEqual([['kennel.updateCatWithQuery', '/name', '"Garfield"']]);
    } finally {
      await mock.close();
    }
  });

  it('the checks expect what an update sent less the server\'s fields, by canonical name (`Code` is `code`)', () => {
    const op = contracts.operation('updateDog', 'kennel')!;
    const latest = new Map<string, ItemEvent>();
    const found: Array<[Rule, Record<string, unknown>]> = [];
    const ctx = {
      ok: true,
      op,
      params: {},
      body: { id: 3, code: 'DOG-1234', kennel_id: 7, name: 'Rex', created_at: '2025-01-01T00:00:00Z' },
      requestBody: { Id: 99, Code: 'DOG-0000', KennelId: 8, CreatedAt: '2000-01-01T00:00:00Z', Name: 'Rex' },
      exchange: { status: 200, method: 'PATCH', ref: '#1', requestHeaders: {} },
    } as unknown as CheckContext;
    const h: ItemHistory = {
      ctx,
      resource: resourceOf(op)!,
      scope: 's:',
      itemId: '3',
      latest,
      compare: (rule, _base, expected) => found.push([rule, expected]),
      report: () => undefined,
    };
    writeUnit('update').checks.observe(h);
    expect(found).toEqual([['write-reflected', { name: 'Rex' }]]);
    expect(latest.get('s:3')).toMatchObject({ kind: 'written', fields: { name: 'Rex' } });
  });
});
