/**
 * Callers who try to break the mock: bodies nested thousands deep, bodies that never complete, headers
 * that never end, fixture files with holes. Each answer is in the vendor's documented format and within
 * the documented limits, and nothing a caller sends can make a later request fail.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { createMockApp } from '../../src/mock/app';
import { Collection } from '../../src/mock/collection';
import { startMockServer, type MockServer } from '../../src/mock/server';
import { MAX_JSON_DEPTH, textNestingExceeds, valueNestingExceeds } from '../../src/util/json-depth';
import { FIXTURES_DIR } from '../../src/util/paths';
import { tempDir } from '../harness/helpers';
import { bearer, client, mockApp } from './helpers';

const contracts = loadContracts();
const deepset = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'deepset.json'), 'utf8')) as FixtureFile;
const alice = deepset.principals[0];
const ws = deepset.workspaces[0].id;
const model = deepset.records.find((r) => r.workspace === ws)!.data as { model_id: string };
const listUrl = `/api/v2/workspaces/${ws}/models/custom`;
const patchUrl = `${listUrl}/${model.model_id}`;

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting', () => {
  it('measures depth on text (strings do not count) and on values, without recursion', () => {
    expect(textNestingExceeds(nested(64), 64)).toBe(false);
    expect(textNestingExceeds(nested(65), 64)).toBe(true);
    expect(textNestingExceeds(JSON.stringify({ s: '[[[[[[[[[[' }), 2)).toBe(false);
    expect(textNestingExceeds(JSON.stringify({ s: 'a\\"[[[' }), 1)).toBe(false);
    expect(valueNestingExceeds(JSON.parse(nested(100_000)), 64)).toBe(true);
    expect(valueNestingExceeds({ a: { b: [1, 2, { c: 3 }] } }, 4)).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(valueNestingExceeds(cycle, 64)).toBe(true);
  });

  it('a deepset PATCH nested 5,000 deep is a 422 in FastAPI format, and every list still answers', async () => {
    const app = mockApp(contracts, { apis: ['deepset'], fixtures: { deepset } });
    const http = client(app, contracts);
    const body = `{"generation_kwargs":{"a":${nested(5000)}}}`;
    expect(body.length).toBeLessThan(11_000);
    const res = await http.patch(patchUrl).set({ ...bearer(alice.token), 'Content-Type': 'application/json' }).send(body).expect(422);
    expect(res.body.detail[0]).toMatchObject({ type: 'json_invalid', loc: ['body'] });
    expect(res.body.detail[0].msg).toContain(`${MAX_JSON_DEPTH}`);
    const list = await http.get(`${listUrl}?limit=100`).set(bearer(alice.token)).expect(200);
    expect(list.body.data.map((m: { model_id: string }) => m.model_id)).toContain(model.model_id);
    expect(app.mock.violations).toEqual([]);
  });

  it('a body at the limit is accepted and stored', async () => {
    const app = mockApp(contracts, { apis: ['deepset'], fixtures: { deepset } });
    const http = client(app, contracts);
    // {"generation_kwargs": {"a": [[...]]}}: two objects plus the arrays.
    const res = await http.patch(patchUrl).set(bearer(alice.token)).send(JSON.parse(`{"generation_kwargs":{"a":${nested(MAX_JSON_DEPTH - 2)}}}`)).expect(200);
    expect(res.body.model_id).toBe(model.model_id);
    await http.get(listUrl).set(bearer(alice.token)).expect(200);
  });

  it('an API without a vendor module answers in its documented shape (here problem details)', async () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Notes', version: '1' },
      'x-api': 'notes',
      paths: {
        '/notes': {
          post: {
            operationId: 'createNote',
            requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { '201': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } }, '422': { description: 'bad', content: { 'application/problem+json': { schema: { type: 'object' } } } } },
          },
        },
      },
    };
    const { contractsFromDocuments } = await import('../../src/contracts');
    const set = contractsFromDocuments([doc]);
    const app = mockApp(set, { fixtures: { notes: { api: 'notes', generator: { seed: 0, count: 0, version: 0 }, principals: [], workspaces: [], records: [] } } });
    const res = await client(app, set).post('/notes').set('Content-Type', 'application/json').send(`{"x":${nested(1000)}}`).expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('a record that cannot be serialised is never stored', () => {
    const c = new Collection([{ data: { id: 'a', v: 1 } }], '/id');
    expect(() => c.replace({ data: { id: 'a', v: JSON.parse(nested(5000)) } })).toThrow(/deeper than/);
    expect(c.get('a')?.data.v).toBe(1);
  });
});

describe('fixture files with holes', () => {
  const fixtureDir = (mutate: (f: Record<string, unknown>) => void): string => {
    const dir = tempDir();
    const copy = JSON.parse(JSON.stringify(deepset)) as Record<string, unknown>;
    mutate(copy);
    writeFileSync(path.join(dir, 'deepset.json'), JSON.stringify(copy).replace('"@DEEP@"', nested(3000)));
    return dir;
  };

  it.each([
    ['a null record', (f: Record<string, unknown>) => ((f.records as unknown[])[3] = null), /records\[3\] needs an object "data"/],
    ['a null principal', (f: Record<string, unknown>) => ((f.principals as unknown[])[0] = null), /principals\[0\]/],
    ['null records', (f: Record<string, unknown>) => (f.records = null), /"records" must be an array/],
    // Written as text: JSON.stringify itself cannot serialise it (which is the point).
    ['a record nested too deep', (f: Record<string, unknown>) => ((f.records as Array<{ data: Record<string, unknown> }>)[1].data.x = '@DEEP@'), /records\[1\]\.data nests deeper/],
  ])('%s is one line naming the file and the field', (_what, mutate, message) => {
    const dir = fixtureDir(mutate);
    let error: Error | undefined;
    try {
      createMockApp({ contracts, apis: ['deepset'], fixturesDir: dir, log: () => undefined });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toContain(path.join(dir, 'deepset.json'));
    expect(error?.message).not.toContain('\n');
  });
});

/** A raw connection: what was received, and when the server closed it. */
function rawConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const opened = Date.now();
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - opened)));
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

describe('slow and unending requests', () => {
  let mock: MockServer;
  // Generous enough that a loaded CI machine answers an early 401 well before the body timeout.
  const BODY_TIMEOUT = 1500;
  const HEADERS_TIMEOUT = 600;

  beforeAll(async () => {
    mock = await startMockServer({ contracts, apis: ['deepset'], fixtures: { deepset }, port: 0, bodyTimeoutMs: BODY_TIMEOUT, headersTimeoutMs: HEADERS_TIMEOUT, log: () => undefined });
  });
  afterAll(() => mock.close());

  const head = (extra: string[], auth = true) =>
    [`PATCH ${patchUrl} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', ...(auth ? [`Authorization: Bearer ${alice.token}`] : []), ...extra, '', ''].join('\r\n');

  it('a Content-Length the body never reaches is answered in the vendor format within the body timeout, and the connection closed', async () => {
    const c = await rawConnection(mock.port);
    c.socket.write(head(['Content-Length: 1000']) + '{"name":"x');
    const ms = await c.closed;
    expect(ms).toBeGreaterThanOrEqual(BODY_TIMEOUT - 50);
    expect(ms).toBeLessThan(BODY_TIMEOUT + 3000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 422 /);
    expect(c.received()).toMatch(/connection: close/i);
    const body = JSON.parse(c.received().slice(c.received().indexOf('\r\n\r\n') + 4));
    expect(body.detail[0].msg).toContain(`${BODY_TIMEOUT} ms`);
  });

  it('a chunked body without its last chunk is answered the same way', async () => {
    const c = await rawConnection(mock.port);
    c.socket.write(head(['Transfer-Encoding: chunked']) + '5\r\n{"nam\r\n');
    const ms = await c.closed;
    expect(ms).toBeLessThan(BODY_TIMEOUT + 3000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 422 /);
  });

  it('without credentials the caller is answered from the headers at once, before any body', async () => {
    const c = await rawConnection(mock.port);
    c.socket.write(head(['Content-Length: 1000'], false) + '{"na');
    const ms = await c.closed;
    expect(ms).toBeLessThan(BODY_TIMEOUT);
    expect(c.received()).toMatch(/^HTTP\/1\.1 401 /);
    const body = JSON.parse(c.received().slice(c.received().indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({ detail: expect.any(String) });
  });

  it('headers that never end are cut after the headers timeout', async () => {
    const c = await rawConnection(mock.port);
    c.socket.write(`GET ${listUrl} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    const ms = await c.closed;
    expect(ms).toBeGreaterThanOrEqual(HEADERS_TIMEOUT - 50);
    expect(ms).toBeLessThan(HEADERS_TIMEOUT + 4000);
  });

  it('keeps an ordinary request’s connection alive (only an unread body closes it)', async () => {
    const c = await rawConnection(mock.port);
    const get = `GET ${listUrl} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${alice.token}\r\n\r\n`;
    c.socket.write(get);
    await new Promise((r) => setTimeout(r, 300));
    c.socket.write(get);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.received().match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
    expect(c.received()).not.toMatch(/connection: close/i);
    c.socket.destroy();
  });

  it('a complete request on a kept-alive connection still works after all that', async () => {
    const res = await fetch(`${mock.url}${patchUrl}`, { method: 'PATCH', headers: { ...bearer(alice.token), 'Content-Type': 'application/json' }, body: '{"name":"Fine model"}' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('Fine model');
  });
});
