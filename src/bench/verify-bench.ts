/**
 * `verify` throughput: a large HAR made of real mock responses, checked by the real CLI, timed from
 * process spawn to exit.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHar, type PooledExchange } from './har';
import { median } from './format';
import type { VerifyResult } from './types';
import type { ApiTenancy } from './servers/mock-adapter';

async function record(base: string, pathAndQuery: string, headers: Record<string, string>): Promise<PooledExchange> {
  const started = performance.now();
  const res = await fetch(base + pathAndQuery, { headers });
  const body = await res.text();
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => { responseHeaders[k] = v; });
  return { method: 'GET', url: base + pathAndQuery, requestHeaders: headers, status: res.status, statusText: res.statusText, responseHeaders, body, time: performance.now() - started };
}

/**
 * Requests a contract run or a frontend would make, at the APIs' default page sizes (a HAR of big pages
 * would measure JSON parsing, not checking): pagination walks, every sort, filters; in walk order.
 */
export async function collectPool(base: string, apis: ApiTenancy[]): Promise<PooledExchange[]> {
  const pool: PooledExchange[] = [];
  const t = (api: string) => apis.find((a) => a.api === api);
  const add = async (p: string, h: Record<string, string>) => { pool.push(await record(base, p, h)); };

  const scriptix = t('scriptix');
  if (scriptix) {
    const p = scriptix.principals.find((x) => !x.scopes || x.scopes.includes('custom_models:read')) ?? scriptix.principals[0];
    const h = { authorization: `Bearer ${p.token}` };
    for (let page = 1; page <= 8; page++) await add(`/api/v3/custom_models?page=${page}&per_page=25`, h);
    for (let status = 1; status <= 5; status++) await add(`/api/v3/custom_models?status=${status}`, h);
  }
  const deepset = t('deepset');
  if (deepset) {
    const p = deepset.principals[0];
    const h = { authorization: `Bearer ${p.token}` };
    for (const ws of (p.workspaces ?? deepset.workspaces).slice(0, 2)) {
      const prefix = `/api/v2/workspaces/${encodeURIComponent(ws)}/models/custom`;
      for (let page = 1; page <= 5; page++) await add(`${prefix}?limit=10&page_number=${page}`, h);
      for (const field of ['name', 'provider', 'created_at']) for (const order of ['ASC', 'DESC']) await add(`${prefix}?field=${field}&order=${order}`, h);
      await add(`${prefix}?filter=${encodeURIComponent("provider eq 'openai' or provider eq 'anthropic'")}`, h);
    }
  }
  const openwebui = t('openwebui');
  if (openwebui) {
    const h = { authorization: `Bearer ${openwebui.principals[0].token}` };
    for (let page = 1; page <= 3; page++) await add(`/api/models/list?page=${page}`, h);
    for (const orderBy of ['name', 'created_at', 'updated_at']) for (const direction of ['asc', 'desc']) await add(`/api/models/list?order_by=${orderBy}&direction=${direction}`, h);
    await add('/api/v1/models/list?query=a', h);
  }
  const dataarts = t('dataarts-fabric');
  if (dataarts) {
    const p = dataarts.principals[0];
    const h = { 'x-auth-token': p.token };
    const ws = (p.workspaces ?? dataarts.workspaces)[0];
    const prefix = `/v1/workspaces/${encodeURIComponent(ws)}/models`;
    for (let offset = 0; offset < 50; offset += 10) await add(`${prefix}?offset=${offset}&limit=10`, h);
    for (const sortBy of ['CREATE_TIME', 'UPDATE_TIME', 'NAME']) for (const orderBy of ['ASC', 'DESC']) await add(`${prefix}?sort_by=${sortBy}&order_by=${orderBy}&visibility=ALL`, h);
  }
  return pool;
}

function runVerify(cli: string, har: string, reportFile: string, execArgv: string[] = []): Promise<{ ms: number; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...execArgv, cli, 'verify', har, '--reporter', 'json', '--output', reportFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stderr }));
  });
}

/**
 * What no verifier can beat on this HAR: reading the file and parsing it and every response body once
 * (in this process, median of `runs`), in exchanges per second.
 */
export function parseBound(har: string, runs: number): number {
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const parsed = JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ response: { content: { text?: string } } }> } };
    for (const e of parsed.log.entries) if (e.response.content.text) JSON.parse(e.response.content.text);
    times.push(performance.now() - started);
    entries = parsed.log.entries.length;
  }
  return entries / (median(times) / 1000);
}

/**
 * Times `verify` over a HAR of `exchanges` entries (median of `runs`), and over a one-entry HAR for the
 * fixed cost. With `profileDir`, one more run under `--cpu-prof` leaves its profile there.
 */
export async function measureVerify(cli: string, pool: PooledExchange[], exchanges: number, runs: number, profileDir?: string): Promise<VerifyResult & { profile?: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'contract-mock-bench-'));
  try {
    const big = path.join(dir, 'big.har');
    const small = path.join(dir, 'small.har');
    writeFileSync(big, JSON.stringify(buildHar(pool, exchanges)));
    writeFileSync(small, JSON.stringify(buildHar(pool, 1)));
    const report = path.join(dir, 'report.json');
    const first = await runVerify(cli, big, report);
    if (first.code !== 0 && first.code !== 1) {
      return { exchanges, harBytes: statSync(big).size, runs: [], medianMs: NaN, exchangesPerSecond: 0, exitCode: first.code, error: `verify exited ${first.code}: ${first.stderr.trim().split('\n')[0] ?? ''}` };
    }
    let violations: number | undefined;
    try {
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as { violations?: unknown[] };
      violations = Array.isArray(parsed.violations) ? parsed.violations.length : undefined;
    } catch { /* a report we cannot read does not change the timing */ }
    const times = [first.ms];
    for (let i = 1; i < runs; i++) times.push((await runVerify(cli, big, report)).ms);
    const fixed: number[] = [];
    for (let i = 0; i < runs; i++) fixed.push((await runVerify(cli, small, report)).ms);
    const medianMs = median(times);
    const fixedCostMs = median(fixed);
    const parseBoundExchangesPerSecond = parseBound(big, runs);
    let profile: string | undefined;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      const before = new Set(readdirSync(profileDir));
      await runVerify(cli, big, report, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      const written = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
      if (written.length) profile = path.join(profileDir, written[0]);
    }
    return {
      profile,
      exchanges,
      harBytes: statSync(big).size,
      runs: times,
      medianMs,
      exchangesPerSecond: exchanges / (medianMs / 1000),
      fixedCostMs,
      marginalExchangesPerSecond: medianMs > fixedCostMs ? exchanges / ((medianMs - fixedCostMs) / 1000) : undefined,
      parseBoundExchangesPerSecond,
      exitCode: first.code,
      violations,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
