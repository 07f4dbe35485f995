/**
 * Test helpers for the mock: one client whose every response is checked against the contract (status
 * documented, JSON body valid against the schema for that status, required headers present), so that no
 * test can pass on a response the contract would reject.
 */
import request from 'supertest';
import type { Response } from 'supertest';
import type { ContractSet } from '../../src/contracts';
import { createMockApp, type MockApp } from '../../src/mock/app';
import type { MockOptions } from '../../src/mock/types';
import { signRequest } from '../../src/auth/huawei-sdk-signature';

export function contractViolations(contracts: ContractSet, method: string, url: string, res: Response): string[] {
  const pathname = url.split('?')[0];
  if (pathname.startsWith('/__mock') || method.toUpperCase() === 'OPTIONS') return [];
  const match = contracts.match(method, pathname);
  if (!match) return [];
  const { operation } = match;
  const spec = operation.response(res.status);
  if (!spec) return [`${method} ${url}: status ${res.status} is not documented by ${operation.operationId}`];
  const out: string[] = [];
  for (const [name, h] of Object.entries(spec.headers)) {
    if (h.required && res.headers[name] === undefined) out.push(`${method} ${url}: required header ${name} missing`);
  }
  if (spec.schema && /json/.test(String(res.headers['content-type'] ?? ''))) {
    for (const v of operation.validateResponse(res.status, res.body)) out.push(`${method} ${url} → ${res.status}: ${v.pointer || '/'} ${v.message}`);
  }
  return out;
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete' | 'options' | 'head';

/** A supertest client for `app` that checks every response against the contract. */
export function client(app: MockApp, contracts: ContractSet) {
  const make = (method: Method) => (url: string) =>
    request(app)
      [method](url)
      .expect((res: Response) => {
        const problems = contractViolations(contracts, method, url, res);
        if (problems.length) throw new Error(`response breaks the contract:\n${problems.join('\n')}\nbody: ${JSON.stringify(res.body).slice(0, 500)}`);
      });
  return { get: make('get'), post: make('post'), patch: make('patch'), put: make('put'), delete: make('delete'), options: make('options'), head: make('head') };
}

/** An app with response validation on (any violation is also collected in `app.mock.violations`). */
export function mockApp(contracts: ContractSet, options: MockOptions = {}): MockApp {
  const logs: string[] = [];
  return createMockApp({ contracts, validateResponses: true, log: (l) => logs.push(l), ...options });
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Headers that sign a GET with Huawei AK/SK as the APIG SDKs do (host as supertest sends it). */
export function akskHeaders(pathAndQuery: string, accessKey: string, secretKey: string, host = '127.0.0.1', method = 'GET', now = new Date()): Record<string, string> {
  const [path, qs = ''] = pathAndQuery.split('?');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(qs)) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const signed = signRequest({ method, path, query, headers: { host } }, accessKey, secretKey, now);
  return { Host: host, 'X-Sdk-Date': signed['X-Sdk-Date'], Authorization: signed.Authorization };
}
