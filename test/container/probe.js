#!/usr/bin/env node
'use strict';
/**
 * The host side of the container test (test/container/run.sh): talks HTTP to the mock running in the
 * container and writes the HAR that `verify` then checks inside the container. Plain Node (no build,
 * no dependencies), so that it runs on a fresh machine before or without `npm run build`.
 *
 *   node probe.js wait BASE_URL TIMEOUT_MS            until GET /__mock/health answers 200
 *   node probe.js smoke BASE_URL FIXTURES_DIR HAR_DIR  list every API, PATCH deepset, write HARs
 *   node probe.js hold BASE_URL SECONDS               keep an idle keep-alive connection open
 *
 * Prints one `PASS: ...` or `FAIL: ...` line per check; exits 1 when any check failed.
 */
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

/**
 * One list request per API. Which principal and workspace to use comes from the committed fixtures;
 * what to request and where the items are is the contract's documented shape (x-pagination items).
 */
const LISTS = {
  deepset: {
    path: (ws) => `/api/v2/workspaces/${encodeURIComponent(ws)}/models/custom?limit=5`,
    items: 'data',
    auth: 'bearer',
  },
  openwebui: { path: () => '/api/models/list', items: 'items', auth: 'bearer' },
  scriptix: {
    path: () => '/api/v3/custom_models?per_page=5',
    items: 'result',
    auth: 'bearer',
    scope: 'custom_models:read',
  },
  'dataarts-fabric': {
    path: (ws) => `/v1/workspaces/${encodeURIComponent(ws)}/models?limit=5`,
    items: 'models',
    auth: 'x-auth-token',
    headers: ['x-request-id'],
  },
};

/**
 * The project's one redaction policy (src/redaction), from the build: CI builds before the container
 * test runs, and a probe with a list of its own would drift from what the product redacts.
 */
function redactionPolicy() {
  try {
    return require(path.join(__dirname, '..', '..', 'dist', 'redaction', 'har.js'));
  } catch {
    console.log('FAIL: dist/redaction/har.js is missing: run `npm run build` before the container test');
    process.exit(2);
  }
}

let failed = 0;
function pass(msg) {
  console.log(`PASS: ${msg}`);
}
function fail(msg) {
  failed++;
  console.log(`FAIL: ${msg}`);
}

function readFixtures(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  const byApi = {};
  for (const f of files) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (doc && typeof doc.api === 'string' && Array.isArray(doc.records)) byApi[doc.api] = doc;
  }
  return byApi;
}

/**
 * A record and a principal that must see it: the record's owner when it has one (private items are
 * visible to their owner), otherwise the first principal allowed in its workspace with the scope.
 */
function pickCaller(fixture, spec) {
  for (const record of fixture.records) {
    const allowed = fixture.principals.filter(
      (p) =>
        (!record.owner || p.id === record.owner) &&
        (!record.workspace || !p.workspaces || p.workspaces.includes(record.workspace)) &&
        (!spec.scope || !p.scopes || p.scopes.includes(spec.scope)),
    );
    if (allowed.length > 0) return { record, principal: allowed[0] };
  }
  return undefined;
}

function authHeaders(spec, principal) {
  return spec.auth === 'bearer' ? { authorization: `Bearer ${principal.token}` } : { 'x-auth-token': principal.token };
}

/** Every exchange of this run, as HAR 1.2 entries (redacted when written, by the product's policy). */
const entries = [];

async function exchange(base, method, pathAndQuery, headers, body) {
  const url = new URL(pathAndQuery, base).toString();
  const reqHeaders = { accept: 'application/json', ...headers };
  let text;
  if (body !== undefined) {
    text = JSON.stringify(body);
    reqHeaders['content-type'] = 'application/json';
  }
  const started = new Date();
  const t0 = performance.now();
  const res = await fetch(url, { method, headers: reqHeaders, body: text, signal: AbortSignal.timeout(10000) });
  const resText = await res.text();
  const time = Math.round(performance.now() - t0);
  const resHeaders = [...res.headers.entries()].map(([name, value]) => ({ name, value }));
  const parsed = new URL(url);
  entries.push({
    startedDateTime: started.toISOString(),
    time,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: Object.entries(reqHeaders).map(([name, value]) => ({ name, value })),
      queryString: [...parsed.searchParams].map(([name, value]) => ({ name, value })),
      ...(text !== undefined ? { postData: { mimeType: 'application/json', text } } : {}),
      headersSize: -1,
      bodySize: text === undefined ? 0 : Buffer.byteLength(text),
    },
    response: {
      status: res.status,
      statusText: res.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: resHeaders,
      content: {
        size: Buffer.byteLength(resText),
        mimeType: res.headers.get('content-type') || '',
        text: resText,
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: Buffer.byteLength(resText),
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
  });
  let json;
  try {
    json = JSON.parse(resText);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text: resText, index: entries.length - 1 };
}

function har() {
  return {
    log: {
      version: '1.2',
      creator: { name: 'contract-mock container test', version: '1' },
      entries,
    },
  };
}

function brief(text) {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

async function wait(base, timeoutMs) {
  const deadline = Date.now() + Number(timeoutMs);
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(new URL('/__mock/health', base), { signal: AbortSignal.timeout(2000) });
      if (res.ok) return 0;
      last = `status ${res.status}`;
    } catch (err) {
      last = err.cause ? err.cause.code || err.cause.message : err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.error(`health: ${last} after ${timeoutMs} ms`);
  return 1;
}

async function smoke(base, fixturesDir, harDir) {
  const fixtures = readFixtures(fixturesDir);
  let deepset;
  for (const [api, spec] of Object.entries(LISTS)) {
    const fixture = fixtures[api];
    if (!fixture) {
      fail(`${api}: no fixture file with "api": "${api}" in ${fixturesDir}`);
      continue;
    }
    const caller = pickCaller(fixture, spec);
    if (!caller) {
      fail(`${api}: the fixtures have no record with a principal allowed to list it`);
      continue;
    }
    const { record, principal } = caller;
    const target = spec.path(record.workspace);
    let res;
    try {
      res = await exchange(base, 'GET', target, authHeaders(spec, principal));
    } catch (err) {
      fail(`${api}: GET ${target}: ${err.message}`);
      continue;
    }
    const items = res.json && res.json[spec.items];
    const missingHeaders = (spec.headers || []).filter((h) => !res.headers.has(h));
    if (res.status !== 200) fail(`${api}: GET ${target} answered ${res.status}: ${brief(res.text)}`);
    else if (!(res.headers.get('content-type') || '').includes('json')) {
      fail(`${api}: GET ${target} content-type ${res.headers.get('content-type')}`);
    } else if (!Array.isArray(items) || items.length === 0) {
      fail(`${api}: GET ${target}: expected a non-empty array at /${spec.items}, got ${brief(res.text)}`);
    } else if (missingHeaders.length > 0) fail(`${api}: GET ${target}: headers missing: ${missingHeaders.join(', ')}`);
    else pass(`${api}: GET ${target} as ${principal.id}: 200, ${items.length} items`);
    if (api === 'deepset') deepset = { spec, record, principal, listed: res };
  }

  if (deepset) await patchDeepset(base, deepset);

  // The HARs `verify` checks inside the container: everything recorded above, and a copy in which one
  // list response breaks its schema, so that a verify that checks nothing cannot pass.
  fs.mkdirSync(harDir, { recursive: true });
  const { serializeRedactedHar } = redactionPolicy();
  const secrets = Object.values(fixtures).flatMap((f) => f.principals.flatMap((p) => [p.token, p.accessKey, p.secretKey].filter(Boolean)));
  const text = serializeRedactedHar(har(), secrets);
  fs.writeFileSync(path.join(harDir, 'container.har'), text);
  const broken = JSON.parse(text);
  const victim = broken.log.entries.find((e) => e.request.method === 'GET' && e.response.status === 200);
  if (victim) {
    const body = JSON.parse(victim.response.content.text);
    const key = Object.keys(LISTS).map((k) => LISTS[k].items).find((k) => Array.isArray(body[k]));
    body[key] = 'not a list';
    victim.response.content.text = JSON.stringify(body);
    victim.response.content.size = Buffer.byteLength(victim.response.content.text);
    victim.response.bodySize = victim.response.content.size;
    fs.writeFileSync(path.join(harDir, 'broken.har'), JSON.stringify(broken, null, 2));
    fs.writeFileSync(path.join(harDir, 'broken.pointer'), `/${key}\n`);
  }
  console.log(`recorded ${entries.length} exchanges into ${harDir}`);
  return failed > 0 ? 1 : 0;
}

/** PATCH a deepset model's name, then the list filtered by that name must show the change. */
async function patchDeepset(base, { spec, record, principal }) {
  const ws = record.workspace;
  const id = record.data.model_id;
  const name = `container-test-${process.pid}-${Date.now()}`;
  const target = `/api/v2/workspaces/${encodeURIComponent(ws)}/models/custom/${encodeURIComponent(id)}`;
  const headers = authHeaders(spec, principal);
  try {
    const res = await exchange(base, 'PATCH', target, headers, { name });
    if (res.status !== 200 || !res.json || res.json.name !== name || res.json.model_id !== id) {
      fail(`deepset: PATCH ${target} {name} answered ${res.status}: ${brief(res.text)}`);
      return;
    }
    pass(`deepset: PATCH ${target} renamed model to ${name}`);
    const filter = encodeURIComponent(`name eq '${name}'`);
    const list = await exchange(base, 'GET', `${spec.path(ws).split('?')[0]}?filter=${filter}`, headers);
    const items = (list.json && list.json.data) || [];
    if (list.status === 200 && items.length === 1 && items[0].model_id === id && items[0].name === name) {
      pass('deepset: the list filtered by the new name shows the PATCHed model');
    } else fail(`deepset: list after PATCH answered ${list.status}: ${brief(list.text)}`);
  } catch (err) {
    fail(`deepset: PATCH ${target}: ${err.message}`);
  }
}

/** An idle keep-alive connection, as a frontend's HTTP client holds one; must not delay shutdown. */
async function hold(base, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  await new Promise((resolve, reject) => {
    http
      .get(new URL('/__mock/health', base), { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
  console.log('holding an idle keep-alive connection');
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  agent.destroy();
  return 0;
}

async function main(argv) {
  const [cmd, ...args] = argv;
  if (cmd === 'wait' && args.length === 2) return wait(args[0], args[1]);
  if (cmd === 'smoke' && args.length === 3) return smoke(args[0], args[1], args[2]);
  if (cmd === 'hold' && args.length === 2) return hold(args[0], args[1]);
  console.error('usage: probe.js wait BASE_URL TIMEOUT_MS | smoke BASE_URL FIXTURES_DIR HAR_DIR | hold BASE_URL SECONDS');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`probe: ${err.stack || err}`);
    process.exit(2);
  },
);
