/**
 * Routing through the first-segment index (src/mock/pipeline/route.ts) finds what a scan of every
 * operation of every served API finds: the same operation and path parameters, the same 405 methods, the
 * same 404s, for every documented path and alias of the project's contracts and the generic example.
 */
import * as path from 'node:path';
import { ContractSet, contractsFromDocuments, loadContracts, loadContractSet, type Operation } from '../../src/contracts';
import { createMockController } from '../../src/mock/app';
import { matchRequest } from '../../src/mock/pipeline/route';
import type { ApiRuntime } from '../../src/mock/types';

/** What routing did before the index: every operation of every runtime, in serving order. */
function scan(runtimes: ApiRuntime[], method: string, pathname: string): ReturnType<typeof matchRequest> {
  const m = method === 'HEAD' ? 'get' : method.toLowerCase();
  const allow: string[] = [];
  let allowRt: ApiRuntime | undefined;
  for (const rt of runtimes) {
    for (const op of rt.contract.operations) {
      const pathParams = op.matchPath(pathname);
      if (!pathParams) continue;
      if (op.method === m) return { rt, op, pathParams };
      allow.push(op.method.toUpperCase());
      allowRt = allowRt ?? rt;
    }
  }
  return allowRt ? { allow, rt: allowRt } : undefined;
}

function described(match: ReturnType<typeof matchRequest>): unknown {
  if (!match) return undefined;
  if ('op' in match) return { api: match.rt.name, op: match.op.operationId, pathParams: match.pathParams };
  return { api: match.rt.name, allow: match.allow };
}

/** Concrete paths for a template: parameters filled in, with and without a trailing slash, encoded. */
function pathsOf(template: string): string[] {
  const filled = template.replace(/\{[^}]+\}/g, 'v%2F1');
  return [filled, `${filled}/`, filled.replace(/v%2F1/g, 'x')];
}

describe('routing', () => {
  it('finds, for every documented path, alias and method, what a scan of every operation finds', async () => {
    const generic = await loadContractSet(path.join(__dirname, '..', '..', 'docs', 'examples', 'tasks.openapi.yaml'));
    const { runtimes } = createMockController({ contracts: new ContractSet([...loadContracts().apis, ...generic.apis]), log: () => undefined });
    const operations: Operation[] = runtimes.flatMap((rt) => rt.contract.operations);
    const pathnames = new Set(operations.flatMap((op) => [op.path, ...op.aliases].flatMap(pathsOf)));
    for (const extra of ['/', '', '*', 'api/v3/custom_models', '/nope', '/api', '/api/', '//api/v3/custom_models', '/projects']) pathnames.add(extra);
    let compared = 0;
    for (const pathname of pathnames) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        expect([method, pathname, described(matchRequest(runtimes, method, pathname))]).toEqual([method, pathname, described(scan(runtimes, method, pathname))]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keeps serving order between APIs whose paths overlap, parameters in the first segment included', () => {
    const doc = (api: string, paths: Record<string, string>) => ({
      openapi: '3.1.0',
      info: { title: api, version: '1' },
      'x-api': api,
      paths: Object.fromEntries(Object.entries(paths).map(([p, id]) => [p, { get: { operationId: id, responses: { '200': { description: 'ok' } } } }])),
    });
    const contracts = contractsFromDocuments([
      doc('first', { '/{tenant}/items': 'tenantItems', '/v{n}/things': 'versioned' }),
      doc('second', { '/acme/items': 'acmeItems', '/v1/things': 'v1Things', '/v1/other': 'v1Other' }),
    ]);
    const { runtimes } = createMockController({ contracts, log: () => undefined });
    const op = (pathname: string) => described(matchRequest(runtimes, 'GET', pathname));
    expect(op('/acme/items')).toMatchObject({ api: 'first', op: 'tenantItems', pathParams: { tenant: 'acme' } });
    expect(op('/v1/things')).toMatchObject({ api: 'first', op: 'versioned' });
    expect(op('/v1/other')).toMatchObject({ api: 'second', op: 'v1Other' });
    expect(described(matchRequest(runtimes, 'POST', '/acme/items'))).toEqual({ api: 'first', allow: ['GET', 'GET'] });
    expect(op('/v1')).toBeUndefined();
  });
});
