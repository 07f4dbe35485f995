import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import express from 'express';
import type { Har } from 'har-format';
import { serializeRedactedHar } from '../../src/redaction/har';
import { isSecretName, namesOnly, REDACTED } from '../../src/redaction/policy';
import { runContract } from '../../src/harness/run';
import { closeServer } from './drift-target';
import { silentProgress, tempDir, testContracts } from './helpers';

const TOKEN = 'tok-very-secret-0001';
const AK = 'AKIDEXAMPLE0001';
const SK = 'sk-very-secret-0002';

/** Echoes every credential it gets: in the body, in Set-Cookie, in a Location URL. */
async function startEchoTarget() {
  const app = express();
  app.use((req, res) => {
    const auth = req.get('X-Auth-Token') ?? req.get('Authorization') ?? '';
    res.setHeader('Set-Cookie', [`session=${auth}; HttpOnly`, 'theme=dark']);
    res.setHeader('X-Request-Id', 'r');
    res.setHeader('Location', `https://example.test/next?token=${encodeURIComponent(auth)}&page=2`);
    res.status(200).json({ total: 0, items: [], echo: auth });
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

describe('credentials never reach the recording', () => {
  it.each([
    ['an X-Auth-Token', { CONTRACT_MOCK_CATALOG_TOKEN: TOKEN }],
    ['an AK/SK signature', { CONTRACT_MOCK_CATALOG_AK: AK, CONTRACT_MOCK_CATALOG_SK: SK }],
  ])('with %s, the written file holds no secret', async (_what, creds) => {
    const target = await startEchoTarget();
    try {
      const out = path.join(tempDir(), 'run.har');
      await runContract({ targets: { catalog: target.url }, out, contracts: testContracts(), env: { ...creds, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: 'ws-1' }, progress: silentProgress });
      const text = readFileSync(out, 'utf8');
      for (const secret of [TOKEN, AK, SK, encodeURIComponent(TOKEN)]) expect(text).not.toContain(secret);
      const har = JSON.parse(text) as Har;
      const first = har.log.entries[0];
      const sentAuth = first.request.headers.find((h) => /^(x-auth-token|authorization)$/i.test(h.name));
      expect(sentAuth?.value).toBe(REDACTED);
      expect(first.response.headers.filter((h) => h.name === 'set-cookie').map((h) => h.value)).toEqual([REDACTED, REDACTED]);
      expect(first.response.redirectURL).toBe(`https://example.test/next?token=${encodeURIComponent(REDACTED)}&page=2`);
      if ('CONTRACT_MOCK_CATALOG_AK' in creds) {
        expect(first.request.headers.some((h) => h.name === 'X-Sdk-Date')).toBe(true);
      }
    } finally {
      await target.close();
    }
  });

  it('redacts headers, cookies and key-like query parameters in any HAR', () => {
    const har: Har = {
      log: {
        version: '1.2',
        creator: { name: 't', version: '1' },
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00Z',
            time: 1,
            request: {
              method: 'GET',
              url: 'https://user:pw@api.test/x?api_key=K1&token=K2&access_key=K3&signature=K4&X-Amz-Signature=K5&page=2&sort_by=name',
              httpVersion: 'HTTP/1.1',
              cookies: [{ name: 'sid', value: 'K6' }],
              headers: [
                { name: 'Authorization', value: 'Bearer K7' },
                { name: 'X-Auth-Token', value: 'K8' },
                { name: 'X-Security-Token', value: 'K9' },
                { name: 'Cookie', value: 'sid=K6' },
                { name: 'X-Api-Key', value: 'K10' },
                { name: 'Accept', value: 'application/json' },
              ],
              queryString: [
                { name: 'api_key', value: 'K1' },
                { name: 'page', value: '2' },
              ],
              headersSize: -1,
              bodySize: 0,
            },
            response: {
              status: 200,
              statusText: 'OK',
              httpVersion: 'HTTP/1.1',
              cookies: [{ name: 'sid', value: 'K11' }],
              headers: [{ name: 'Set-Cookie', value: 'sid=K11' }],
              content: { size: 2, mimeType: 'application/json', text: '{}' },
              redirectURL: '',
              headersSize: -1,
              bodySize: 2,
            },
            cache: {},
            timings: { send: 0, wait: 1, receive: 0 },
          },
        ],
      },
    };
    const text = serializeRedactedHar(har, []);
    for (let i = 1; i <= 11; i++) expect(text).not.toMatch(new RegExp(`\\bK${i}\\b`));
    expect(text).not.toContain('user:pw');
    expect(text).toContain('page=2');
    expect(text).toContain('sort_by=name');
    expect(text).toContain('"value": "application/json"');
  });

  it('knows key-like query parameter names and leaves ordinary ones alone', () => {
    for (const n of ['api_key', 'apikey', 'token', 'access_token', 'access_key', 'signature', 'X-Amz-Signature', 'client_secret', 'password', 'sig', 'key']) expect(isSecretName(n)).toBe(true);
    for (const n of ['page', 'per_page', 'sort_by', 'order_by', 'filter', 'name', 'visibility', 'limit', 'offset', 'base_model', 'view_option']) expect(isSecretName(n)).toBe(false);
    expect(namesOnly.url('https://a.test/p?x=1&y=2')).toBe('https://a.test/p?x=1&y=2');
  });
});

describe('reports of browser exports', () => {
  it('hold no credential from the recorded URLs and headers, in any format', async () => {
    const { verifyHarFiles } = await import('../../src/harness/verify');
    const { renderReport, REPORTERS } = await import('../../src/harness/reporters');
    const { writeFileSync } = await import('node:fs');
    const SECRET = 'browser-session-secret-77';
    const entry = {
      startedDateTime: '2026-01-01T00:00:00Z',
      time: 3,
      request: {
        method: 'GET',
        url: `https://api.scriptix.io/api/v3/custom_models?access_token=${SECRET}&page=1`,
        httpVersion: 'HTTP/2',
        cookies: [],
        headers: [{ name: 'Authorization', value: `Bearer ${SECRET}` }],
        queryString: [{ name: 'access_token', value: SECRET }, { name: 'page', value: '1' }],
        headersSize: -1,
        bodySize: 0,
      },
      response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/2', cookies: [], headers: [{ name: 'content-type', value: 'application/json' }, { name: 'set-cookie', value: `sid=${SECRET}` }], content: { size: 9, mimeType: 'application/json', text: '{"x":1}' }, redirectURL: '', headersSize: -1, bodySize: 9 },
      cache: {},
      timings: { send: 0, wait: 3, receive: 0 },
    };
    const file = path.join(tempDir(), 'browser.har');
    writeFileSync(file, JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries: [entry] } }));
    const report = verifyHarFiles([file]);
    expect(report.violations.length).toBeGreaterThan(0);
    for (const reporter of REPORTERS) expect(renderReport(report, reporter)).not.toContain(SECRET);
  });
});
