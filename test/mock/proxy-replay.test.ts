/**
 * Record, proxy, replay: a second mock plays the real target. What passes through is validated as it
 * passes, recorded without credentials, and verifies clean; replay answers the recorded requests byte for
 * byte and leaves the rest to the stateful mock; a target that does not answer falls back when asked to.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import express from 'express';
import { loadContracts } from '../../src/contracts';
import type { FixtureFile } from '../../src/fixtures/types';
import { startMockServer, type MockServer } from '../../src/mock/server';
import { replayKey } from '../../src/mock/replay';
import { verifyHarFiles } from '../../src/harness/verify';
import { FIXTURES_DIR } from '../../src/util/paths';
import { tempDir } from '../harness/helpers';

const contracts = loadContracts();
const scriptix = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'scriptix.json'), 'utf8')) as FixtureFile;
const reader = scriptix.principals.find((p) => !p.scopes || p.scopes.includes('custom_models:read'))!;
const auth = { Authorization: `Bearer ${reader.token}` };
const LIST = '/api/v3/custom_models?per_page=5&page=2';
const quiet = { log: () => undefined };

async function get(base: string, url: string, headers: Record<string, string> = auth) {
  const res = await fetch(base + url, { headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('serve --proxy --record, then --replay', () => {
  let target: MockServer;
  let proxy: MockServer;
  let recording: string;

  beforeAll(async () => {
    target = await startMockServer({ contracts, port: 0, ...quiet });
    recording = path.join(tempDir(), 'staging.har');
    proxy = await startMockServer({ contracts, port: 0, proxy: { scriptix: target.url }, record: recording, ...quiet });
  });
  afterAll(async () => {
    await proxy.close();
    await target.close();
  });

  it('answers with the target’s responses, the rest from the mock, and journals who answered', async () => {
    const direct = await get(target.url, LIST);
    const through = await get(proxy.url, LIST);
    expect(through.status).toBe(200);
    expect(through.text).toBe(direct.text);
    const own = await get(proxy.url, '/api/models/list', { Authorization: 'Bearer nope' });
    expect(own.status).toBe(401);
    const journal = (await (await fetch(`${proxy.url}/__mock/requests`)).json()) as { requests: Array<{ url: string; source?: string }> };
    expect(journal.requests.map((r) => r.source)).toEqual(['proxy', undefined]);
  });

  it('records what passed, redacted, on flush; the recording verifies clean', async () => {
    await get(proxy.url, '/api/v3/custom_models?per_page=3');
    const flushed = await fetch(`${proxy.url}/__mock/record/flush`, { method: 'POST' });
    expect(((await flushed.json()) as { entries: number }).entries).toBe(2);
    const text = readFileSync(recording, 'utf8');
    expect(text).not.toContain(reader.token);
    expect(text).toContain('[REDACTED]');
    const report = verifyHarFiles([recording], { contracts });
    expect(report.violations).toEqual([]);
    expect(report.checked.length).toBe(2);
  });

  it('replays the recorded bodies byte for byte (query order ignored) and falls back to the mock for the rest', async () => {
    const replay = await startMockServer({ contracts, port: 0, replay: [recording], ...quiet });
    try {
      expect(replay.controller.notes[0]).toBe('replay: 2 recorded answers from 1 file; checked against the contracts: 0 violations, 0 warnings');
      const recorded = await get(target.url, LIST);
      const replayed = await get(replay.url, '/api/v3/custom_models?page=2&per_page=5', {});
      expect(replayed.status).toBe(200);
      expect(replayed.text).toBe(recorded.text);
      // Not recorded: the stateful mock answers, with its own authentication.
      expect((await get(replay.url, '/api/v3/custom_models?per_page=4', {})).status).toBe(401);
      expect((await get(replay.url, '/api/v3/custom_models?per_page=4')).status).toBe(200);
    } finally {
      await replay.close();
    }
  });

  it('matches by method, path and query whatever the order, without credential or ignored parameters', () => {
    const ignore = new Set(['ts']);
    expect(replayKey('get', '/a?b=2&a=1&ts=9&api_key=x', ignore)).toBe(replayKey('GET', '/a?a=1&b=2', ignore));
    expect(replayKey('GET', '/a?a=1', ignore)).not.toBe(replayKey('GET', '/a?a=2', ignore));
  });
});

describe('a target that breaks the contract or does not answer', () => {
  it('its violations are logged, listed and journalled as they pass', async () => {
    const app = express();
    app.get('/api/v3/custom_models', (_req, res) => res.json({ count: 'three', result: [] }));
    const drifted = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const lines: string[] = [];
    const proxy = await startMockServer({ contracts, port: 0, proxy: { scriptix: `http://127.0.0.1:${(drifted.address() as AddressInfo).port}` }, log: (l) => lines.push(l) });
    try {
      expect((await get(proxy.url, '/api/v3/custom_models')).status).toBe(200);
      const violations = (await (await fetch(`${proxy.url}/__mock/violations`)).json()) as { violations: Array<{ api: string }> };
      expect(violations.violations.map((v) => v.api)).toEqual(['scriptix']);
      const journal = (await (await fetch(`${proxy.url}/__mock/requests`)).json()) as { requests: Array<{ violations?: string[] }> };
      expect(journal.requests[0].violations?.length).toBeGreaterThan(0);
      expect(lines.join('\n')).toMatch(/contract violation: GET \/api\/v3\/custom_models → 200/);
    } finally {
      await proxy.close();
      await new Promise((r) => drifted.close(r));
    }
  });

  it('unreachable: 502 without fallback; the mock answers with --proxy-fallback', async () => {
    const closed = await startMockServer({ contracts, port: 0, ...quiet });
    const url = closed.url;
    await closed.close();
    const plain = await startMockServer({ contracts, port: 0, proxy: { scriptix: url }, ...quiet });
    const fallback = await startMockServer({ contracts, port: 0, proxy: { scriptix: url }, proxyFallback: true, ...quiet });
    try {
      expect((await get(plain.url, LIST)).status).toBe(502);
      const answered = await get(fallback.url, LIST);
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.text).result).toHaveLength(5);
    } finally {
      await plain.close();
      await fallback.close();
    }
  });

  it('--record without --proxy, or a proxy for an API not served, is refused', async () => {
    await expect(startMockServer({ contracts, port: 0, record: path.join(tempDir(), 'x.har'), ...quiet })).rejects.toThrow(/--record records what passes through --proxy/);
    await expect(startMockServer({ contracts, port: 0, proxy: { nope: 'http://127.0.0.1:1' }, ...quiet })).rejects.toThrow(/--proxy: unknown API nope/);
  });
});
