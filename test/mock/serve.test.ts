/**
 * Serving: Prefer on every documented status of the real contracts, options (--api, --fixtures,
 * --seed/--count, --latency parsing), graceful shutdown, and the `serve` command itself (banner, env
 * PORT, SIGTERM). The command test runs the built CLI (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { Command } from 'commander';
import { parseLatency, registerServe } from '../../src/cli/commands/serve';
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthFlag, isLargeDataSet, LARGE_DATA_SET } from '../../src/mock/heap';
import { startMockServer } from '../../src/mock/server';
import { FIXTURES_DIR, PROJECT_ROOT } from '../../src/util/paths';
import { client, mockApp } from './helpers';

const contracts = loadContracts();

describe('Prefer on the real contracts', () => {
  const app = mockApp(contracts);
  const http = client(app, contracts);
  const cases = contracts.apis.flatMap((api) =>
    api.operations.flatMap((op) =>
      op.responses
        .filter((r) => /^\d{3}$/.test(r.status))
        .map((r) => [`${op.method.toUpperCase()} ${op.operationId} (${api.name}) code=${r.status}`, op, Number(r.status)] as const),
    ),
  );

  it.each(cases)('%s answers that status with a contract-valid body', async (_label, op, status) => {
    const url = (op.aliases[0] ?? op.path).replace(/\{([^}]+)\}/g, (_m, name: string) => (name.includes('workspace') ? 'ws-1' : '00000000-0000-4000-8000-000000000000'));
    const res = await http[op.method as 'get' | 'patch'](url).set('Prefer', `code=${status}`).expect(status);
    if (op.response(status)?.schema) expect(res.body).toBeDefined();
  });

  it('serves a named example (DataArts 403) and its X-Request-Id', async () => {
    const res = await http.get('/v1/workspaces/ws-1/models').set('Prefer', 'code=403, example=example').expect(403);
    expect(res.body.error_msg).toBe('X-Auth-Token is invalid in the request');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    // Without code=, the response that has the example is chosen.
    expect((await http.get('/v1/workspaces/ws-1/models').set('Prefer', 'example=example').expect(200)).body.models).toBeDefined();
  });
});

describe('options', () => {
  it('serves only the APIs named by --api', async () => {
    const app = mockApp(contracts, { apis: ['scriptix'] });
    const health = await request(app).get('/__mock/health').expect(200);
    expect(health.body.apis.map((a: { name: string }) => a.name)).toEqual(['scriptix']);
    await request(app).get('/api/models/list').expect(404);
    expect(() => mockApp(contracts, { apis: ['nope'] })).toThrow(/unknown API nope/);
  });

  it('reads fixtures from --fixtures DIR', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mock-fixtures-'));
    try {
      const file = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'scriptix.json'), 'utf8')) as FixtureFile;
      file.records = file.records.slice(0, 3);
      writeFileSync(path.join(dir, 'scriptix.json'), JSON.stringify(file));
      const app = mockApp(contracts, { apis: ['scriptix'], fixturesDir: dir });
      const res = await client(app, contracts).get('/api/v3/custom_models').set('Authorization', `Bearer ${file.principals[0].token}`).expect(200);
      expect(res.body.total_results).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('serve refuses a wrong --fixtures or --contracts directory (audit F10-F12)', () => {
    const serve = async (...args: string[]) => {
      const program = new Command().exitOverride();
      registerServe(program);
      await program.parseAsync(['node', 'contract-mock', 'serve', '--port', '0', ...args]);
    };
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'mock-bad-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('a missing directory or <api>.json is a one-line error naming it, exit 2 (no regeneration)', async () => {
      const missing = path.join(dir, 'nope');
      await expect(serve('--fixtures', missing, '--api', 'scriptix')).rejects.toMatchObject({ exitCode: 2, message: `fixtures directory ${missing} does not exist` });
      await expect(serve('--fixtures', dir, '--api', 'scriptix')).rejects.toMatchObject({ exitCode: 2, message: `no fixtures for scriptix: ${path.join(dir, 'scriptix.json')} does not exist` });
      expect(() => mockApp(contracts, { apis: ['deepset'], fixturesDir: dir })).toThrow(/no fixtures for deepset/);
    });

    it('a fixture file that is not JSON is named in the error', async () => {
      writeFileSync(path.join(dir, 'scriptix.json'), '{bad');
      await expect(serve('--fixtures', dir, '--api', 'scriptix')).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${path.join(dir, 'scriptix.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: `)) });
    });

    it('a fixture file with null where a record or the whole file should be is one line naming the field, exit 2', async () => {
      const file = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'scriptix.json'), 'utf8')) as { records: unknown[] };
      file.records[2] = null;
      writeFileSync(path.join(dir, 'scriptix.json'), JSON.stringify(file));
      await expect(serve('--fixtures', dir, '--api', 'scriptix')).rejects.toMatchObject({ exitCode: 2, message: `${path.join(dir, 'scriptix.json')} is not a fixture file: records[2] needs an object "data"` });
      writeFileSync(path.join(dir, 'scriptix.json'), 'null');
      await expect(serve('--fixtures', dir, '--api', 'scriptix')).rejects.toMatchObject({ exitCode: 2, message: `${path.join(dir, 'scriptix.json')} is not a fixture file: expected an object` });
    });

    it('an empty --port is an error, not the default port', async () => {
      await expect(serve('--port', '')).rejects.toMatchObject({ exitCode: 2, message: '--port must be an integer from 0 to 65535, got ""' });
    });

    it('--body-timeout takes milliseconds', async () => {
      await expect(serve('--body-timeout', 'soon')).rejects.toMatchObject({ exitCode: 2, message: '--body-timeout must be an integer from 1 to 600000, got "soon"' });
      await expect(serve('--body-timeout', '0')).rejects.toMatchObject({ exitCode: 2 });
    });

    it.each([
      ['{}', 'no "openapi" version field'],
      ['[]', 'expected a JSON object'],
      ['{"swagger":"2.0","paths":{}}', 'Swagger 2.0 is not read; convert it to OpenAPI 3'],
      ['{"openapi":"4.0.0","paths":{}}', '"openapi": "4.0.0" is not 3.0 or 3.1'],
    ])('a contract %s is a one-line error naming the file, exit 2', async (text, why) => {
      writeFileSync(path.join(dir, 'x.openapi.json'), text);
      await expect(serve('--contracts', dir)).rejects.toMatchObject({ exitCode: 2, message: `--contracts ${path.join(dir, 'x.openapi.json')} is not an OpenAPI 3 document: ${why}` });
    });

    it('contracts that declare no operation are refused: nothing to serve', async () => {
      writeFileSync(path.join(dir, 'x.openapi.json'), '{"openapi":"3.1.0","info":{"title":"x","version":"1"},"paths":{}}');
      await expect(serve('--contracts', dir)).rejects.toMatchObject({ exitCode: 2, message: `--contracts ${dir}: the contracts declare no operations; nothing to serve` });
    });

    it('--heap-growth takes a percentage from 0 to 1000', async () => {
      await expect(serve('--heap-growth', 'lots')).rejects.toMatchObject({ exitCode: 2, message: '--heap-growth must be an integer from 0 to 1000, got "lots"' });
      await expect(serve('--heap-growth', '-5')).rejects.toMatchObject({ exitCode: 2 });
    });

    it('a contracts directory without *.openapi.json is a one-line error, exit 2', async () => {
      writeFileSync(path.join(dir, 'notes.md'), '# not a contract');
      await expect(serve('--contracts', dir)).rejects.toMatchObject({ exitCode: 2, message: `--contracts ${dir}: no OpenAPI contracts in the directory (*.openapi.json, *.yaml, *.yml or *.json with "openapi")` });
      await expect(serve('--contracts', path.join(dir, 'nope'))).rejects.toMatchObject({ exitCode: 2, message: `--contracts ${path.join(dir, 'nope')}: no such file or directory` });
    });
  });

  it('generates fixtures from --seed and --count', async () => {
    const app = mockApp(contracts, { apis: ['scriptix', 'deepset'], seed: 42, count: 7 });
    const health = await request(app).get('/__mock/health').expect(200);
    expect(health.body.apis).toEqual([
      { name: 'deepset', records: 21, principals: 3 },
      { name: 'scriptix', records: 7, principals: 2 },
    ]);
    const fx = app.mock.runtime('scriptix')!.fixtures;
    expect(fx.generator).toMatchObject({ seed: 42, count: 7 });
    await client(app, contracts).get('/api/v3/custom_models').set('Authorization', `Bearer ${fx.principals[0].token}`).expect(200);
  });

  it('parses --latency', () => {
    expect(parseLatency('50-200')).toEqual({ min: 50, max: 200 });
    expect(parseLatency('30')).toEqual({ min: 30, max: 30 });
    expect(() => parseLatency('200-50')).toThrow(/smaller/);
    expect(() => parseLatency('fast')).toThrow(/MIN-MAX/);
  });
});

describe('serving without and through Express', () => {
  it('answers the same (status, headers, body) and validates responses either way', async () => {
    const logs: string[] = [];
    const options = { port: 0, log: (l: string) => logs.push(l), apis: ['scriptix', 'openwebui'], validateResponses: true };
    const direct = await startMockServer({ ...options, bypassExpress: true });
    const viaExpress = await startMockServer(options);
    try {
      const token = (api: string) => direct.controller.runtime(api)!.fixtures.principals[0].token;
      const cases: Array<[string, string, Record<string, string>]> = [
        ['GET', '/api/v3/custom_models?page=2&per_page=5', { authorization: `Bearer ${token('scriptix')}` }],
        ['GET', '/api/v3/custom_models?per_page=500', { authorization: `Bearer ${token('scriptix')}` }],
        ['GET', '/api/v3/custom_models', {}],
        ['GET', '/api/models/list?query=a', { authorization: `Bearer ${token('openwebui')}`, origin: 'http://app.test' }],
        ['OPTIONS', '/api/models/list', { origin: 'http://app.test', 'access-control-request-method': 'GET' }],
        ['DELETE', '/api/models/list', {}],
        ['GET', '/nowhere', {}],
        ['HEAD', '/api/v3/custom_models', { authorization: `Bearer ${token('scriptix')}` }],
      ];
      for (const [method, url, headers] of cases) {
        const answer = async (base: string) => {
          const res = await fetch(base + url, { method, headers });
          const h: Record<string, string> = {};
          res.headers.forEach((v, k) => {
            if (k !== 'date') h[k] = v;
          });
          return { status: res.status, headers: h, body: await res.text() };
        };
        const a = await answer(direct.url);
        expect(a.status).not.toBe(500);
        expect(await answer(viaExpress.url)).toEqual(a);
      }
      expect(direct.controller.violations).toEqual([]);
      expect(logs.filter((l) => /contract violation|failed/.test(l))).toEqual([]);
    } finally {
      await direct.close();
      await viaExpress.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then closes', async () => {
    const mock = await startMockServer({ port: 0, log: () => undefined, apis: ['scriptix'] });
    const inFlight = fetch(`${mock.url}/api/v3/custom_models`, { headers: { Prefer: 'code=401, delay=300' } });
    while (mock.app.mock.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = mock.close();
    const res = await inFlight;
    expect(res.status).toBe(401);
    await closed;
    await expect(fetch(`${mock.url}/__mock/health`)).rejects.toThrow();
  });

  it('does not let a long Prefer delay keep the process alive past the grace period (audit F8)', async () => {
    // The delay's own timer is followed (not a count of every timer of the process, which other
    // sockets and intervals change under load): it must be cleared once the grace period is over.
    const setTimer = jest.spyOn(global, 'setTimeout');
    const clearTimer = jest.spyOn(global, 'clearTimeout');
    try {
      const mock = await startMockServer({ port: 0, log: () => undefined, apis: ['scriptix'], shutdownGraceMs: 50 });
      const inFlight = fetch(`${mock.url}/api/v3/custom_models`, { headers: { Prefer: 'code=200, delay=60000' } }).then(
        (r) => r.status,
        () => 'dropped',
      );
      while (mock.controller.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
      expect(mock.controller.pendingDelays).toBe(1);
      const call = setTimer.mock.calls.findIndex((args) => args[1] === 60000);
      expect(call).toBeGreaterThanOrEqual(0);
      const delayTimer = setTimer.mock.results[call].value as NodeJS.Timeout;
      await mock.close();
      expect(await inFlight).toBe('dropped');
      expect(mock.controller.pendingDelays).toBe(0);
      expect(clearTimer).toHaveBeenCalledWith(delayTimer);
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
  });
});

const cli = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
(existsSync(cli) ? describe : describe.skip)('contract-mock serve (built CLI)', () => {
  it('prints the URL and operations, honours PORT, and exits on SIGTERM after in-flight requests', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--api', 'scriptix', 'openwebui', '--latency', '0-1'], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m && out.includes('control:')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(out).toMatch(/GET\s+\/api\/v3\/custom_models\s+listCustomModels \(scriptix\)/);
    expect(out).toMatch(/GET\s+\/api\/v1\/models\/list\s+listModels \(alias\)/);
    expect(out).not.toMatch(/deepset/);
    expect((await fetch(`${url}/__mock/health`)).status).toBe(200);
    const inFlight = fetch(`${url}/api/v3/custom_models`, { headers: { Prefer: 'code=401, delay=300' } });
    // Signal only once the server has the request (health reports operation requests in flight).
    while (((await (await fetch(`${url}/__mock/health`)).json()) as { inFlight: number }).inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect((await inFlight).status).toBe(401);
    expect(await exited).toBe(0);
  });

  it('limits heap growth for a large generated data set, and says so', async () => {
    const banner = async (...args: string[]) => {
      const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--api', 'scriptix', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
        child.stdout.on('data', () => {
          if (out.includes('control:')) {
            clearTimeout(timer);
            // The extras line, if any, comes in the same write as the control line.
            setTimeout(resolve, 50);
          }
        });
      });
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
      return out;
    };
    expect(await banner('--seed', '1', '--count', '25000')).toContain('25000 records: V8 --heap-growing-percent=30');
    expect(await banner('--seed', '1', '--count', '25000', '--heap-growth', '0')).not.toContain('heap-growing');
    expect(await banner()).not.toContain('heap-growing');
  }, 60_000);

  it('refuses bad options with exit code 2', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/--port must be an integer/);
  });
});

describe('heap growth of the serving process', () => {
  it('sets V8\'s growth percentage unless it is 0 or Node was given the flag itself', () => {
    expect(heapGrowthFlag(30, [], '')).toBe('--heap-growing-percent=30');
    expect(heapGrowthFlag(DEFAULT_HEAP_GROWTH_PERCENT, ['--expose-gc'], '--max-old-space-size=800')).toBe(`--heap-growing-percent=${DEFAULT_HEAP_GROWTH_PERCENT}`);
    expect(heapGrowthFlag(0, [], '')).toBeUndefined();
    expect(heapGrowthFlag(30, ['--heap-growing-percent=60'], '')).toBeUndefined();
    expect(heapGrowthFlag(30, ['--heap_growing_percent', '60'], '')).toBeUndefined();
    expect(heapGrowthFlag(30, [], '--inspect --heap-growing-percent=10')).toBeUndefined();
  });

  it('applies to large data sets only, known from --count before generation or from the records after', () => {
    expect(isLargeDataSet({ records: 2_000 })).toBe(false);
    expect(isLargeDataSet({ records: LARGE_DATA_SET })).toBe(true);
    expect(isLargeDataSet({ countPerApi: 1_000 })).toBe(false);
    expect(isLargeDataSet({ countPerApi: 100_000 })).toBe(true);
    expect(isLargeDataSet({})).toBe(false);
  });
});
