import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runContract } from '../../src/harness/run';
import { verifyHarFiles } from '../../src/harness/verify';
import { CATALOG_TOKEN, CATALOG_WORKSPACE, startCatalogTarget } from './drift-target';
import { NOTES_TOKEN, startNotesTarget } from './notes-target';
import { cli, silentProgress, tempDir, testContracts, TEST_CONTRACTS } from './helpers';

const env = { CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_NOTES_TOKEN: NOTES_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };
let dir: string;
let good: string;
let bad: string;

beforeAll(async () => {
  dir = tempDir();
  good = path.join(dir, 'good.har');
  bad = path.join(dir, 'bad.har');
  const ok = await startNotesTarget();
  const drift = await startCatalogTarget({ drift: true });
  try {
    await runContract({ targets: { notes: ok.url }, out: good, contracts: testContracts(), env, progress: silentProgress, allowWrites: true });
    await runContract({ targets: { catalog: drift.url }, out: bad, contracts: testContracts(), env, progress: silentProgress });
  } finally {
    await ok.close();
    await drift.close();
  }
});

const verify = (...args: string[]) => cli(['verify', '--contracts', TEST_CONTRACTS, ...args]);

describe('contract-mock verify exit codes', () => {
  it('0 for a conform recording', async () => {
    const { code, stdout } = await verify(good);
    expect(stdout).toMatch(/notes\.listNotes .* pass/);
    expect(stdout).toMatch(/notes\.updateNote .* pass/);
    expect(code).toBe(0);
  });

  it('1 when there are violations, each listed with its exchange, pointer, expected and actual', async () => {
    const { code, stdout } = await verify(bad);
    expect(code).toBe(1);
    expect(stdout).toMatch(/catalog\.listItems .* FAIL/);
    expect(stdout).toMatch(/✗ catalog\.listItems {2}GET http:\/\/127\.0\.0\.1:\d+\/v1\/ws-1\/items\?sort_by=NAME&order_by=DESC → 200/);
    expect(stdout).toMatch(/sort-order at \/items\/1\/name\n {4}expected: sorted by NAME desc/);
    expect(stdout).toMatch(/NOT conform/);
  });

  it('1 when any of several files has violations', async () => {
    expect((await verify(good, bad)).code).toBe(1);
  });

  it.each([
    ['a missing file', () => path.join(dir, 'nope.har'), /cannot read .*nope\.har: ENOENT/],
    ['a file that is not JSON', () => write('broken.har', '{"log": '), /broken\.har is not JSON/],
    ['JSON that is not a HAR', () => write('other.har', '{"hello": 1}'), /not a HAR file: no "log" object/],
    ['entries without a response status', () => write('nostatus.har', JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'http://x/' }, response: {} }] } })), /nostatus\.har: entry 0: response\.status is missing\n/],
  ])('2 for %s, with one line', async (_what, file, message) => {
    const { code, stderr, stdout } = await verify(file());
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  it('2 for bad usage', async () => {
    expect((await verify(good, '--reporter', 'pdf')).code).toBe(2);
    expect((await cli(['verify'])).code).toBe(2);
    expect((await cli(['verify', good, '--contracts', path.join(dir, 'none')])).code).toBe(2);
    expect((await verify(good, '--base-url', 'not a url')).code).toBe(2);
  });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A HAR as Chrome's devtools export it: other hosts, preflights, data URLs, base64 bodies, HTTP/2 pseudo-headers. */
function browserHar(): object {
  const page = { result: [{ id: 'n01', title: 'Note 1', score: 1, tags: [] }], count: 1, total: 1, has_more: false };
  const entry = (method: string, url: string, status: number, text: string | undefined, extra: Record<string, unknown> = {}) => ({
    _initiator: { type: 'script' },
    _resourceType: 'fetch',
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 12.5,
    request: { method, url, httpVersion: 'h2', headers: [{ name: ':authority', value: new URL(url).host }, { name: 'authorization', value: 'Bearer x' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: {
      status,
      statusText: '',
      httpVersion: 'h2',
      headers: [{ name: ':status', value: String(status) }, { name: 'content-type', value: 'application/json' }],
      cookies: [],
      content: { size: text === undefined ? 120 : text.length, mimeType: 'application/json', ...(text !== undefined ? { text } : {}) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 100,
    },
    cache: {},
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10, receive: 1.4 },
    ...extra,
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [{ startedDateTime: '2026-01-01T00:00:00.000Z', id: 'page_1', title: 'http://localhost:5173/', pageTimings: {} }],
      entries: [
        entry('GET', 'http://localhost:5173/', 200, '<!doctype html>'),
        entry('GET', 'https://fonts.googleapis.com/css2?family=Inter', 200, 'body{}'),
        entry('OPTIONS', 'http://localhost:5173/api/v1/notes?page=1', 204, ''),
        entry('GET', 'http://localhost:5173/api/v1/notes?page=1', 200, Buffer.from(JSON.stringify(page)).toString('base64'), {}),
        entry('GET', 'data:image/png;base64,iVBORw0KGgo=', 200, ''),
        entry('GET', 'http://localhost:5173/api/v1/notes?page=2', 200, undefined),
        entry('GET', 'http://localhost:5173/api/unknown', 404, '{}'),
      ].map((e, i) => (i === 3 ? { ...e, response: { ...e.response, content: { ...e.response.content, encoding: 'base64' } } } : e)),
    },
  };
}

describe('a HAR exported from a browser', () => {
  it('checks the documented calls and lists every other request as skipped, not failed', async () => {
    const file = write('browser.har', JSON.stringify(browserHar()));
    const report = verifyHarFiles([file], { contracts: testContracts() });
    expect(report.violations).toEqual([]);
    expect(report.checked.map((c) => [c.operation, c.exchange.url])).toEqual([
      ['notes.listNotes', 'http://localhost:5173/api/v1/notes?page=1'],
      ['notes.listNotes', 'http://localhost:5173/api/v1/notes?page=2'],
    ]);
    // The base64 body was decoded and checked; the body the browser did not keep was not held against the target.
    expect(report.checked[0].checks.map((c) => c.rule)).toEqual(expect.arrayContaining(['body-schema', 'count', 'has-more']));
    expect(report.checked[1].checks.map((c) => c.rule)).not.toContain('body-schema');
    expect(report.skipped.map((s) => [s.url, s.reason])).toEqual([
      ['http://localhost:5173/', 'no documented operation for this method and path'],
      ['https://fonts.googleapis.com/css2?family=Inter', 'no documented operation for this method and path'],
      ['http://localhost:5173/api/v1/notes?page=1', 'CORS preflight'],
      ['data:image/png;base64,iVBORw0KGgo=', 'data: URL'],
      ['http://localhost:5173/api/unknown', 'no documented operation for this method and path'],
    ]);
    const { code, stdout } = await verify(file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Skipped \(5, not checked\):\n- GET http:\/\/localhost:5173\/: no documented operation/);
  });

  it('with --base-url, checks only that host and skips the others as other hosts', async () => {
    const har = browserHar() as { log: { entries: Array<{ request: { url: string } }> } };
    har.log.entries.push(JSON.parse(JSON.stringify(har.log.entries[3])));
    har.log.entries[har.log.entries.length - 1].request.url = 'https://staging.example.test/api/v1/notes?page=1';
    const file = write('browser2.har', JSON.stringify(har));
    const report = verifyHarFiles([file], { contracts: testContracts(), baseUrls: ['https://staging.example.test'] });
    expect(report.checked.map((c) => c.exchange.url)).toEqual(['https://staging.example.test/api/v1/notes?page=1']);
    expect(report.skipped.filter((s) => s.reason.startsWith('other host')).length).toBe(6);
  });

  it('lists a request the browser cancelled or blocked (status 0) as skipped; in a run recording it is a violation (audit F13)', async () => {
    const har = browserHar() as { log: { creator: { name: string }; entries: Array<{ request: { url: string }; response: Record<string, unknown> }> } };
    const aborted = JSON.parse(JSON.stringify(har.log.entries[3]));
    aborted.request.url = 'http://localhost:5173/api/v1/notes?page=3';
    aborted.response = { ...aborted.response, status: 0, statusText: '', headers: [], content: { size: 0, mimeType: 'x-unknown' }, _error: 'net::ERR_FAILED' };
    har.log.entries.push(aborted);
    const file = write('aborted.har', JSON.stringify(har));
    const report = verifyHarFiles([file], { contracts: testContracts() });
    expect(report.conform).toBe(true);
    expect(report.skipped.map((s) => [s.url, s.reason])).toContainEqual(['http://localhost:5173/api/v1/notes?page=3', 'no response recorded (net::ERR_FAILED)']);
    expect(report.checked.map((c) => c.exchange.url)).not.toContain('http://localhost:5173/api/v1/notes?page=3');

    har.log.creator.name = 'contract-mock';
    const recorded = verifyHarFiles([write('aborted-run.har', JSON.stringify(har))], { contracts: testContracts() });
    expect(recorded.conform).toBe(false);
    expect(recorded.violations.map((v) => [v.rule, v.exchange.url])).toEqual([['response-received', 'http://localhost:5173/api/v1/notes?page=3']]);
  });

  it('matches paths below the path of a contract server URL', () => {
    const har = browserHar() as { log: { entries: Array<{ request: { url: string } }> } };
    const e = JSON.parse(JSON.stringify(har.log.entries[3]));
    // The catalog contract's server is https://catalog.example.test/api: paths may carry the /api prefix.
    e.request.url = 'https://catalog.example.test/api/v1/ws-1/items';
    e.response.status = 401;
    e.response.content = { size: 10, mimeType: 'application/json', text: JSON.stringify({ error_code: 'A', error_msg: 'B' }) };
    e.response.headers.push({ name: 'x-request-id', value: '1' });
    const file = write('prefixed.har', JSON.stringify({ log: { entries: [e] } }));
    const report = verifyHarFiles([file], { contracts: testContracts() });
    expect(report.checked.map((c) => c.operation)).toEqual(['catalog.listItems']);
    expect(report.conform).toBe(true);
  });
});

describe('reporters', () => {
  it('junit: valid XML with one testcase per exchange and check, failures for violations', async () => {
    const out = path.join(dir, 'junit.xml');
    const { code, stdout } = await verify(bad, good, path.join(dir, 'browser.har'), '--reporter', 'junit', '--output', out);
    expect(code).toBe(1);
    expect(stdout).toMatch(/junit report written to .*junit\.xml/);
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const report = verifyHarFiles([bad, good, path.join(dir, 'browser.har')], { contracts: testContracts() });
    const suites = parsed.testsuites.testsuite as Array<{ name: string; tests: string; failures: string; testcase: Array<{ name: string; failure?: unknown; skipped?: unknown }> }>;
    const cases = suites.flatMap((s) => s.testcase);
    const expectedChecks = report.checked.reduce((n, c) => n + c.checks.length, 0);
    expect(cases.filter((c) => !c.skipped).length).toBe(expectedChecks);
    expect(Number(parsed.testsuites.tests)).toBe(expectedChecks + report.skipped.length);
    const failed = cases.filter((c) => c.failure);
    expect(Number(parsed.testsuites.failures)).toBe(failed.length);
    expect(failed.some((c) => c.name.includes('sort_by=NAME&order_by=DESC') && c.name.endsWith('› sort-order'))).toBe(true);
    expect(suites.map((s) => s.name)).toEqual(['catalog.listItems', 'notes.listNotes', 'notes.updateNote', 'skipped exchanges']);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('json: summary, operations, violations with operation, exchange, pointer, rule, expected, actual', async () => {
    const { code, stdout } = await verify(bad, '--reporter', 'json');
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ version: 1, conform: false, summary: { violations: json.violations.length, warnings: 0 } });
    expect(json.operations).toEqual([expect.objectContaining({ operation: 'catalog.listItems', passed: false })]);
    // `related` (findings folded into a violation) is there only when there are any.
    expect(Object.keys(json.violations[0]).filter((k) => k !== 'related').sort()).toEqual(['actual', 'exchange', 'expected', 'operation', 'pointer', 'rule', 'severity']);
    expect(Object.keys(json.violations[0].exchange).sort()).toEqual(['method', 'ref', 'status', 'url']);
    expect(json.exchanges.length).toBe(json.summary.exchanges);
    expect(json.exchanges[0].checks[0]).toEqual({ rule: expect.any(String), passed: expect.any(Boolean), violations: expect.any(Number) });
  });

  it('html: one self-contained file, per-operation pass/fail with each violation and its exchange', async () => {
    const out = path.join(dir, 'report.html');
    expect((await verify(bad, good, '--reporter', 'html', '--output', out)).code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // No network: no external scripts, styles, images, fonts or links.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).toMatch(/<span class="badge bad">FAIL<\/span> <strong>catalog\.listItems<\/strong>/);
    expect(html).toMatch(/<span class="badge ok">PASS<\/span> <strong>notes\.listNotes<\/strong>/);
    expect(html).toMatch(/<strong>sort-order<\/strong> at <code>\/items\/1\/name<\/code>/);
    expect(html).toMatch(/sort_by=NAME&amp;order_by=DESC/);
    // Text from the recording is escaped.
    expect(html).not.toMatch(/<html>oops/);
  });
});

/** The browser export with entry `index` changed by `change`, written to `name`. */
function brokenHar(name: string, index: number, change: (entry: any) => void): string {
  const har = browserHar() as { log: { entries: any[] } };
  change(har.log.entries[index]);
  return write(name, JSON.stringify(har));
}

describe('HAR entries of the wrong shape are bad input (exit 2), named by file, entry and field', () => {
  it.each([
    ['headers that are not an array', (e: any) => (e.request.headers = 'x'), 'entry 3: request.headers must be an array'],
    ['a header without a value', (e: any) => e.response.headers.push({ name: 'x-a' }), 'entry 3: response.headers[2] must be an object with string "name" and "value"'],
    ['a status that is a string', (e: any) => (e.response.status = '200'), 'entry 3: response.status must be an integer status code (0 = no response)'],
    ['no URL', (e: any) => delete e.request.url, 'entry 3: request.url is missing'],
    ['a request that is not an object', (e: any) => (e.request = []), 'entry 3: request must be an object'],
    ['content that is not an object', (e: any) => (e.response.content = 'x'), 'entry 3: response.content must be an object'],
    ['a body marked base64 that is not base64', (e: any) => (e.response.content.text = '{"result": []}'), 'entry 3: response.content.text is not valid base64 (its encoding says "base64")'],
    ['an unknown body encoding', (e: any) => (e.response.content.encoding = 'gzip'), 'entry 3: response.content.encoding "gzip" is not supported (only "base64", or none)'],
    ['a time that is not a number', (e: any) => (e.time = 'soon'), 'entry 3: time must be a number'],
  ])('%s', async (_what, change, message) => {
    const file = brokenHar('rec.har', 3, change);
    const { code, stderr, stdout } = await verify(file);
    expect(code).toBe(2);
    expect(stderr).toBe(`contract-mock: ${file}: ${message}\n`);
    expect(stdout).toBe('');
  });

  it('base64 is strict: a stray character is bad input, while unpadded or wrapped base64 is decoded and checked', async () => {
    const stray = brokenHar('stray.har', 3, (e) => (e.response.content.text = `${e.response.content.text.slice(0, 8)}*${e.response.content.text.slice(8)}`));
    // Node's own decoder would skip the '*' and check what is left.
    expect(() => verifyHarFiles([stray], { contracts: testContracts() })).toThrow(/stray\.har: entry 3: response\.content\.text is not valid base64/);
    const page = JSON.stringify({ result: [{ id: 'n01', title: 'Note 1', score: 1, tags: [] }], count: 1, total: 1, has_more: false });
    for (const text of [Buffer.from(page).toString('base64').replace(/=+$/, ''), Buffer.from(page).toString('base64').replace(/(.{20})/g, '$1\n')]) {
      const report = verifyHarFiles([brokenHar('b64.har', 3, (e) => (e.response.content.text = text))], { contracts: testContracts() });
      expect(report.violations).toEqual([]);
      expect(report.checked[0].checks.map((c) => c.rule)).toContain('body-schema');
    }
  });
});

describe('verify output', () => {
  it('singular and plural: "1 exchange", "1 violation", "1 warning"', async () => {
    const one = brokenHar('one.har', 3, (e) => (e.response.content = { size: 2, mimeType: 'application/json', text: '{}' }));
    const har = JSON.parse(readFileSync(one, 'utf8'));
    har.log.entries = [har.log.entries[3]];
    const file = write('one.har', JSON.stringify(har));
    const { code, stdout } = await verify(file);
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').pop()).toMatch(/^1 exchange checked, 0 skipped: \d+ violations?, 0 warnings — NOT conform$/);
    const report = verifyHarFiles([file], { contracts: testContracts() });
    const violations = report.violations.length;
    expect(stdout).toMatch(new RegExp(`: ${violations} violation${violations === 1 ? '' : 's'}, 0 warnings`));
    const out = path.join(dir, 'one.json');
    const written = await verify(file, '--reporter', 'json', '--output', out);
    expect(written.stdout).toMatch(new RegExp(`^json report written to .*one\\.json: 1 exchange, ${violations} violation${violations === 1 ? '' : 's'}, 0 warnings, 0 skipped\\n$`));
  });

  it('a run recording with requests that got no response: exit 3, naming the target, not 1', async () => {
    const har = browserHar() as { log: { creator: { name: string }; entries: any[] } };
    har.log.creator.name = 'contract-mock';
    har.log.entries[3].response = { status: 0, statusText: 'ECONNREFUSED', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1 };
    const { code, stderr, stdout } = await verify(write('unanswered-run.har', JSON.stringify(har)));
    expect(code).toBe(3);
    expect(stderr).toBe('contract-mock: target unreachable when recorded: 1 request got no response (http://localhost:5173)\n');
    expect(stdout).toMatch(/1 request without a response, 0 violations, 0 warnings — incomplete/);
    expect(stdout).toMatch(/\nNo response \(1\):\n\? notes\.listNotes/);
  });

  it('--report FORMAT=PATH writes reports next to the console report', async () => {
    const xml = path.join(dir, 'v.xml');
    const html = path.join(dir, 'v.html');
    const { code, stdout } = await verify(good, '--report', `junit=${xml}`, '--report', `html=${html}`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/— conform\n$/);
    expect(XMLValidator.validate(readFileSync(xml, 'utf8'))).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect((await verify(good, '--report', `junit=${dir}`)).code).toBe(2);
    expect((await verify(good, '--output', dir)).code).toBe(2);
  });
});

describe('junit report details', () => {
  const parse = (xml: string) =>
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml).testsuites;

  it('testcase names are unique, with the exchange ref and plan step, even for the same file given twice', async () => {
    const out = path.join(dir, 'twice.xml');
    await verify(bad, bad, good, '--reporter', 'junit', '--output', out);
    const cases = (parse(readFileSync(out, 'utf8')).testsuite as any[]).flatMap((s) => s.testcase) as Array<{ name: string }>;
    const names = cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContainEqual(expect.stringMatching(/^.*bad\.har#\d+ sort NAME desc: GET http:\/\/127\.0\.0\.1:\d+\/v1\/ws-1\/items\?sort_by=NAME&order_by=DESC › sort-order$/));
  });

  it('time comes from the HAR: entry.time, else the sum of its timings; suites count each exchange once', async () => {
    const har = browserHar() as { log: { entries: any[] } };
    har.log.entries[3].time = 250;
    const second = JSON.parse(JSON.stringify(har.log.entries[3]));
    second.request.url = 'http://localhost:5173/api/v1/notes?page=2';
    delete second.time;
    second.timings = { blocked: 1, dns: -1, connect: 4, ssl: 3, send: 0.5, wait: 100, receive: 20 };
    har.log.entries = [har.log.entries[3], second];
    const out = path.join(dir, 'time.xml');
    await verify(write('timed.har', JSON.stringify(har)), '--reporter', 'junit', '--output', out);
    const suites = parse(readFileSync(out, 'utf8'));
    const cases = suites.testsuite[0].testcase as Array<{ name: string; time: string }>;
    expect(new Set(cases.filter((c) => c.name.includes('page=1')).map((c) => c.time))).toEqual(new Set(['0.250']));
    // ssl is part of connect, -1 means "does not apply".
    expect(new Set(cases.filter((c) => c.name.includes('page=2')).map((c) => c.time))).toEqual(new Set(['0.126']));
    expect(suites.testsuite[0].time).toBe('0.376');
    expect(suites.time).toBe('0.376');
  });

  it('a request without a response is an <error> (the check could not run), not a <failure>', async () => {
    const out = path.join(dir, 'unanswered.xml');
    const { code } = await verify(path.join(dir, 'unanswered-run.har'), '--reporter', 'junit', '--output', out);
    expect(code).toBe(3);
    const suites = parse(readFileSync(out, 'utf8'));
    expect([suites.errors, suites.failures]).toEqual(['1', '0']);
    const errored = (suites.testsuite as any[]).flatMap((s) => s.testcase).filter((c: any) => c.error);
    expect(errored.map((c: any) => [c.name.replace(/^.*#/, '#'), c.error.type])).toEqual([['#3: GET http://localhost:5173/api/v1/notes?page=1 › response-received', 'response-received']]);
  });
});

describe('html report details', () => {
  let html: string;
  beforeAll(async () => {
    const out = path.join(dir, 'details.html');
    await verify(bad, '--reporter', 'html', '--output', out);
    html = readFileSync(out, 'utf8');
  });

  it('groups violations of one rule and pointer shape into one entry with a count and the exchanges', () => {
    const report = verifyHarFiles([bad], { contracts: testContracts() });
    const description = report.violations.filter((v) => v.rule === 'body-schema' && /^\/items\/\d+\/description$/.test(v.pointer));
    const occurrences = description.length + description.flatMap((v) => (v.related ?? []).filter((r) => r.relation === 'duplicate')).length;
    expect(occurrences).toBeGreaterThan(1);
    const entries = html.match(/<strong>body-schema<\/strong> at <code>\/items\/\*\/description<\/code>/g) ?? [];
    expect(entries).toHaveLength(1);
    expect(html).toMatch(new RegExp(`<strong>body-schema</strong> at <code>/items/\\*/description</code> <span class="meta">${occurrences} occurrences in ${occurrences} exchanges</span>`));
    expect(html).not.toMatch(/at <code>\/items\/\d+\/description<\/code> <span class="meta">/);
  });

  it('every violation links to its exchange, and every link has its anchor', () => {
    const links = [...html.matchAll(/<a href="#(x-\d+)">/g)].map((m) => m[1]);
    const ids = new Set([...html.matchAll(/<tr id="(x-\d+)"/g)].map((m) => m[1]));
    const report = verifyHarFiles([bad], { contracts: testContracts() });
    const related = report.violations.reduce((n, v) => n + (v.related?.length ?? 0), 0);
    expect(links.length).toBe(report.violations.length + related);
    for (const l of links) expect(ids.has(l)).toBe(true);
    expect(ids.size).toBe(report.checked.length);
  });

  it('each exchange shows its request and response, headers and pretty-printed body, inside <details>', () => {
    const report = verifyHarFiles([bad], { contracts: testContracts() });
    expect(html.match(/<details class="exchange">/g)).toHaveLength(report.checked.length);
    expect(html).toMatch(/<h4>Request<\/h4><code>GET http:\/\/127\.0\.0\.1:\d+\/v1\/ws-1\/items<\/code><table><tr><td><code>host<\/code>/);
    // The recording redacted the credential; the report shows it redacted too.
    expect(html).toMatch(/<td><code>x-auth-token<\/code><\/td><td><code>\[REDACTED\]<\/code><\/td>/);
    expect(html).toMatch(/<h4>Response 200<\/h4><table>.*<code>x-request-id<\/code>/);
    expect(html).toMatch(/<pre>\{\n {2}&quot;total&quot;: 23,\n {2}&quot;items&quot;: \[\n {4}\{\n {6}&quot;id&quot;: &quot;item-20&quot;/);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes what the recording holds, redacts credential headers of browser exports, and cuts bodies after 64 KiB', async () => {
    const har = browserHar() as { log: { entries: any[] } };
    const e = har.log.entries[3];
    e.response.content = { size: 0, mimeType: 'application/json', text: JSON.stringify({ result: [{ id: '<script>alert(1)</script>', title: 'x'.repeat(70_000), score: 1, tags: [] }], count: 1, total: 1, has_more: false }) };
    e.request.headers.push({ name: 'X-Evil"><b>', value: '<img src=x onerror=alert(1)>' });
    har.log.entries = [e];
    const out = path.join(dir, 'escaped.html');
    await verify(write('evil.har', JSON.stringify(har)), '--reporter', 'html', '--output', out);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/<script|<img|<b>/i);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('<td><code>authorization</code></td><td><code>[REDACTED]</code></td>');
    expect(text).not.toContain('Bearer x');
    const body = /<h4>Response 200<\/h4>.*?<pre>([^]*?)<\/pre>/s.exec(text)![1];
    expect(body.replace(/&[a-z]+;/g, '_').length).toBe(64 * 1024);
    expect(text).toMatch(/… cut after 65,536 characters; [\d,]+ more in the HAR file/);
  });
});
