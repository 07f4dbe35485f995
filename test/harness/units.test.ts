import { createHash, createHmac } from 'node:crypto';
import { compileODataFilter, ODataError } from '../../src/harness/odata';
import { signHuaweiRequest } from '../../src/harness/run/huawei-signer';
import { canonicalQuery, canonicalUri, formatSdkDate, verifyRequest } from '../../src/auth/huawei-sdk-signature';
import { RateLimiter } from '../../src/harness/run/limiter';
import { retryAfterMs } from '../../src/harness/run/http';
import { credentialHint, credentialsFor, envPrefix } from '../../src/harness/run/credentials';
import { contractsFromDocuments } from '../../src/contracts';
import { testContracts } from './helpers';

describe('Huawei SDK-HMAC-SHA256 signing', () => {
  const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const input = {
    method: 'GET',
    url: 'https://dataarts.example.test/v1/workspaces/ws%201/models?sort_by=NAME&limit=10&name=a b',
    headers: { Accept: 'application/json', 'User-Agent': 'x' },
    accessKey: 'AK123',
    secretKey: 'SK456',
    date,
  };

  it('builds the canonical request as the APIG SDKs do, and signs it with the SK', () => {
    const { Authorization, 'X-Sdk-Date': xdate } = signHuaweiRequest(input);
    expect(xdate).toBe('20260102T030405Z');
    expect(Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK123, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    // Recompute independently from the documented algorithm.
    const canonical = [
      'GET',
      '/v1/workspaces/ws%201/models/',
      'limit=10&name=a%20b&sort_by=NAME',
      'host:dataarts.example.test\nx-sdk-date:20260102T030405Z\n',
      'host;x-sdk-date',
      createHash('sha256').update('').digest('hex'),
    ].join('\n');
    const toSign = `SDK-HMAC-SHA256\n20260102T030405Z\n${createHash('sha256').update(canonical).digest('hex')}`;
    expect(Authorization.split('Signature=')[1]).toBe(createHmac('sha256', 'SK456').update(toSign).digest('hex'));
  });

  it('signs what the mock verifies, and a tampered request fails', () => {
    const now = new Date();
    const headers = signHuaweiRequest({ ...input, date: now, method: 'PATCH', body: '{"name":"x"}', headers: { 'Content-Type': 'application/json' } });
    const url = new URL(input.url);
    const query: Record<string, string> = Object.fromEntries(url.searchParams);
    const result = verifyRequest(
      { method: 'PATCH', path: url.pathname, query, headers: { host: url.host, 'content-type': 'application/json', ...headers }, body: '{"name":"x"}' },
      (ak) => (ak === 'AK123' ? 'SK456' : undefined),
      now,
    );
    expect(result).toMatchObject({ ok: true, accessKey: 'AK123' });
    const tampered = verifyRequest({ method: 'PATCH', path: url.pathname, query: { ...query, limit: '11' }, headers: { host: url.host, 'content-type': 'application/json', ...headers }, body: '{"name":"x"}' }, () => 'SK456', now);
    expect(tampered.ok).toBe(false);
  });

  it('encodes URI segments and query parts by RFC 3986 and sorts the query', () => {
    expect(canonicalUri('/a b/c(d)')).toBe('/a%20b/c%28d%29/');
    expect(canonicalUri('/x/')).toBe('/x/');
    expect(canonicalQuery({ b: '2', a: ['2', '1'], c: '*' })).toBe('a=1&a=2&b=2&c=%2A');
    expect(formatSdkDate(new Date('2024-12-31T23:59:59.999Z'))).toBe('20241231T235959Z');
  });
});

describe('credentials from the environment', () => {
  const op = testContracts().operation('listItems', 'catalog')!;
  it('names variables after the API', () => {
    expect(envPrefix('dataarts-fabric')).toBe('CONTRACT_MOCK_DATAARTS_FABRIC');
  });
  it('uses the first security alternative the environment can satisfy', () => {
    const req = { method: 'GET', url: 'http://x.test/v1/ws/items', headers: {} as Record<string, string> };
    credentialsFor('catalog', op, { CONTRACT_MOCK_CATALOG_TOKEN: 'T', CONTRACT_MOCK_CATALOG_AK: 'A', CONTRACT_MOCK_CATALOG_SK: 'S' })!.apply(req);
    expect(req.headers).toEqual({ 'X-Auth-Token': 'T' });
    const signed = { ...req, headers: {} as Record<string, string> };
    const creds = credentialsFor('catalog', op, { CONTRACT_MOCK_CATALOG_AK: 'A', CONTRACT_MOCK_CATALOG_SK: 'S' })!;
    creds.apply(signed);
    expect(signed.headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=A,/);
    expect(creds.secrets).toEqual(['A', 'S']);
    expect(credentialsFor('catalog', op, { CONTRACT_MOCK_CATALOG_AK: 'A' })).toBeUndefined();
  });

  it('HTTP basic: _USERNAME and _PASSWORD, or _TOKEN as user:password, encoded; already encoded as given', () => {
    const basicOp = contractsFromDocuments([
      {
        openapi: '3.1.0',
        info: { title: 'b', version: '1' },
        'x-api': 'inv',
        components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
        security: [{ basic: [] }],
        paths: { '/items': { get: { operationId: 'listItems', responses: { '200': { description: 'ok' } } } } },
      },
    ]).operation('listItems', 'inv')!;
    const sent = (env: Record<string, string>) => {
      const req = { method: 'GET', url: 'http://x.test/items', headers: {} as Record<string, string> };
      const creds = credentialsFor('inv', basicOp, env);
      creds?.apply(req);
      return { authorization: req.headers.Authorization, secrets: creds?.secrets };
    };
    const encoded = Buffer.from('maya:s3cret-pass').toString('base64');
    expect(sent({ CONTRACT_MOCK_INV_USERNAME: 'maya', CONTRACT_MOCK_INV_PASSWORD: 's3cret-pass' })).toEqual({ authorization: `Basic ${encoded}`, secrets: ['s3cret-pass', 'maya:s3cret-pass', encoded] });
    expect(sent({ CONTRACT_MOCK_INV_TOKEN: 'maya:s3cret-pass' }).authorization).toBe(`Basic ${encoded}`);
    expect(sent({ CONTRACT_MOCK_INV_TOKEN: encoded }).authorization).toBe(`Basic ${encoded}`);
    expect(sent({ CONTRACT_MOCK_INV_USERNAME: 'maya' }).authorization).toBeUndefined();
    expect(credentialHint('inv', basicOp)).toBe('CONTRACT_MOCK_INV_USERNAME and CONTRACT_MOCK_INV_PASSWORD (or CONTRACT_MOCK_INV_TOKEN as user:password)');
  });
});

describe('rate limiter', () => {
  it('never has more than `concurrent` tasks in flight', async () => {
    const limiter = new RateLimiter(3, undefined);
    let active = 0;
    let peak = 0;
    let finished = 0;
    const release: Array<() => void> = [];
    const tasks = Array.from({ length: 10 }, () =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((r) => release.push(r));
        active--;
        finished++;
      }),
    );
    while (finished < 10) {
      await new Promise((r) => setImmediate(r));
      expect(active).toBeLessThanOrEqual(3);
      release.splice(0).forEach((r) => r());
    }
    await Promise.all(tasks);
    expect(peak).toBe(3);
  });

  it('starts at most `perMinute` requests in a sliding minute', async () => {
    jest.useFakeTimers();
    try {
      let now = 0;
      const limiter = new RateLimiter(10, 5, () => now);
      const started: number[] = [];
      const all = Promise.all(Array.from({ length: 12 }, () => limiter.run(async () => void started.push(now))));
      await Promise.resolve();
      await new Promise((r) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(r));
      expect(started.length).toBe(5);
      now = 60_000;
      jest.advanceTimersByTime(60_000);
      await new Promise((r) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(r));
      expect(started.length).toBe(10);
      now = 120_000;
      jest.advanceTimersByTime(60_000);
      await all;
      expect(started).toEqual([0, 0, 0, 0, 0, 60_000, 60_000, 60_000, 60_000, 60_000, 120_000, 120_000]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('OData filter evaluation', () => {
  const fields = { name: '/name', provider: '/provider', created_at: '/created_at', size: '/size' };
  const item = { name: "O'Brien", provider: 'openai', created_at: '2024-05-01T10:00:00Z', size: 7 };
  it.each([
    ["name eq 'O''Brien'", true],
    ["name ne 'O''Brien'", false],
    ["provider eq 'openai' and (name eq 'x' or size ge 7)", true],
    ["provider eq 'openai' and (name eq 'x' or size gt 7)", false],
    ['created_at ge 2024-05-01T00:00:00Z', true],
    ['created_at lt 2024-05-01T09:00:00Z', false],
    ['size le 7.5', true],
    ["not (provider eq 'openai')", false],
    ["contains(name,'Bri')", true],
  ])('%s → %s', (expression, expected) => {
    expect(compileODataFilter(expression, fields)(item)).toBe(expected);
  });
  it('refuses unknown fields and broken syntax', () => {
    expect(() => compileODataFilter("secret eq 'x'", fields)({})).toThrow(ODataError);
    expect(() => compileODataFilter("name eq 'unterminated", fields)).toThrow(ODataError);
  });
});
