/**
 * The one redaction policy (src/redaction/policy.ts): names that carry credentials, names that look
 * like it and are not (pagination and ordering), and every known credential value wherever it appears.
 */
import request from 'supertest';
import { contractsFromDocuments } from '../../src/contracts';
import { createMockApp } from '../../src/mock/app';
import { redactEntry } from '../../src/redaction/har';
import { isSecretName, namesOnly, nameWords, REDACTED, Redactor } from '../../src/redaction/policy';

describe('credential names', () => {
  it.each(['sk', 'ak', 'auth', 'bearer', 'X-Access-Key', 'X-Secret', 'accessKeyId', 'APIKey', 'x-api-key', 'client_secret', 'Proxy-Authorization', 'Set-Cookie', 'X-Subject-Token', 'session_id', 'X-Amz-Signature', 'credential', 'passwd', 'jwt', 'X-CSRF-Token'])(
    '%s is a credential',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(['page_token', 'pageToken', 'next_token', 'next_cursor', 'sort_key', 'Idempotency-Key', 'max_tokens', 'token_type', 'monkey', 'tokenizer', 'page', 'X-Request-Id', 'X-Sdk-Date', 'keyword', 'order_by'])(
    '%s is not a credential',
    (name) => expect(isSecretName(name)).toBe(false),
  );

  it('splits names into words', () => {
    expect(nameWords('X-Access-Key')).toEqual(['x', 'access', 'key']);
    expect(nameWords('accessKeyId')).toEqual(['access', 'key', 'id']);
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
  });

  it('takes names a contract declares for API keys', () => {
    const r = new Redactor([], ['code']);
    expect(r.url('/x?code=abc&page=2')).toBe(`/x?code=${encodeURIComponent(REDACTED)}&page=2`);
    expect(namesOnly.url('/x?code=abc&page=2')).toBe('/x?code=abc&page=2');
  });
});

describe('credential values', () => {
  const r = new Redactor(['tok-secret-123', 'a/b+c=?&']);

  it('removes known values under any name, in raw, JSON-escaped and URL-encoded forms', () => {
    expect(r.header('X-Whatever', 'Token tok-secret-123')).toBe(`Token ${REDACTED}`);
    expect(r.url('/x?q=tok-secret-123&page=2')).toBe(`/x?q=${REDACTED}&page=2`);
    expect(r.url(`/x?q=${encodeURIComponent('a/b+c=?&')}`)).toBe(`/x?q=${REDACTED}`);
    expect(r.text(JSON.stringify({ echo: 'a/b+c=?&', t: 'tok-secret-123' }))).toBe(JSON.stringify({ echo: REDACTED, t: REDACTED }));
  });

  it('does not search for values too short to be told from ordinary text', () => {
    expect(new Redactor(['abc']).text('abc abc')).toBe('abc abc');
  });

  it('learns values later (a run signs with keys it read after the first requests)', () => {
    const later = new Redactor();
    expect(later.text('late-secret-9')).toBe('late-secret-9');
    later.addSecrets(['late-secret-9']);
    expect(later.text('x late-secret-9 y')).toBe(`x ${REDACTED} y`);
  });

  it('redacts userinfo and keeps the URL parseable', () => {
    const out = namesOnly.url('https://user:pw@api.test/p?sk=1&limit=2');
    expect(out).toBe(`https://REDACTED:REDACTED@api.test/p?sk=${encodeURIComponent(REDACTED)}&limit=2`);
    expect(() => new URL(out)).not.toThrow();
  });

  it('applies to HAR entries: bodies lose known values but keep their fields', () => {
    const entry = redactEntry(
      {
        startedDateTime: '2026-01-01T00:00:00Z',
        time: 1,
        request: { method: 'POST', url: 'http://h/x?ak=A1', httpVersion: 'HTTP/1.1', cookies: [], headers: [{ name: 'X-Secret', value: 's' }], queryString: [{ name: 'ak', value: 'A1' }], headersSize: -1, bodySize: 0 },
        response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'application/json', text: '{"api_key":"x"}' }, redirectURL: '', headersSize: -1, bodySize: 0 },
        cache: {},
        timings: { send: 0, wait: 1, receive: 0 },
      },
      namesOnly,
    );
    expect(entry.request.headers[0].value).toBe(REDACTED);
    expect(entry.request.queryString[0].value).toBe(REDACTED);
    expect(entry.request.url).toBe(`http://h/x?ak=${encodeURIComponent(REDACTED)}`);
    expect(entry.response.content.text).toBe('{"api_key":"x"}');
  });
});

describe('the mock journal applies the policy', () => {
  const TOKEN = 'journal-token-0001';
  const contracts = contractsFromDocuments([
    {
      openapi: '3.1.0',
      info: { title: 'Things', version: '1' },
      'x-api': 'things',
      components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'code' } } },
      security: [{ key: [] }],
      paths: {
        '/things': {
          get: {
            operationId: 'listThings',
            parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } }, '401': { description: 'no' } },
          },
        },
      },
    },
  ]);

  it('under names it never heard of, and under the contract’s own key parameter', async () => {
    const app = createMockApp({
      contracts,
      fixtures: { things: { api: 'things', generator: { seed: 0, count: 0, version: 0 }, principals: [{ id: 'u1', name: 'U', token: TOKEN }], workspaces: [], records: [] } },
      log: () => undefined,
    });
    const urls = [`/things?code=${TOKEN}&sk=s1&ak=a1&auth=x1&bearer=b1`, `/things?code=${TOKEN}&q=${TOKEN}`];
    for (const url of urls) await request(app).get(url).set({ 'X-Access-Key': 'k1', 'X-Secret': 's2', 'X-Echo': `hello ${TOKEN}` });
    const journal = (await request(app).get('/__mock/requests').expect(200)).body as { requests: Array<{ url: string; headers: Record<string, string> }> };
    const text = JSON.stringify(journal);
    expect(text).not.toContain(TOKEN);
    for (const v of ['s1', 'a1', 'x1', 'b1', 'k1', 's2']) expect(text).not.toMatch(new RegExp(`\\b${v}\\b`));
    expect(journal.requests[0].headers['x-echo']).toBe(`hello ${REDACTED}`);
    expect(journal.requests[1].url).toBe(`/things?code=${encodeURIComponent(REDACTED)}&q=${REDACTED}`);
  });
});
