import { loadContracts } from '../../src/contracts';
import { ParameterMemo, validateParameters } from '../../src/mock/parameters';
import { vendorModuleFor } from '../../src/mock/vendors';

const contracts = loadContracts();
const dataarts = contracts.apis.find((a) => a.name === 'dataarts-fabric')!;
const listModels = dataarts.operations.find((o) => o.operationId === 'listModels')!;
const vendor = vendorModuleFor('dataarts-fabric');
const path = '/v1/workspaces/ws1/models';
const pathParams = { workspace_id: 'ws1' };

describe('ParameterMemo', () => {
  it('answers a repeated request with what validation returned the first time', () => {
    const memo = new ParameterMemo();
    const headers = { 'x-auth-token': 'token-a' };
    const first = memo.validate(listModels, vendor, path, 'limit=10&sort_by=NAME', pathParams, headers);
    const again = memo.validate(listModels, vendor, path, 'limit=10&sort_by=NAME', pathParams, headers);
    expect(again).toBe(first);
    expect(first).toEqual(validateParameters(listModels, vendor, 'limit=10&sort_by=NAME', pathParams, headers));
    expect(first.values.query).toEqual({ limit: 10, sort_by: 'NAME' });
    expect(first.problems).toEqual([]);
  });

  it('keys on the query, the path and the declared header parameters', () => {
    const memo = new ParameterMemo();
    const a = memo.validate(listModels, vendor, path, 'limit=10', pathParams, { 'x-auth-token': 'token-a' });
    expect(memo.validate(listModels, vendor, path, 'limit=11', pathParams, { 'x-auth-token': 'token-a' })).not.toBe(a);
    expect(memo.validate(listModels, vendor, '/v1/workspaces/ws2/models', 'limit=10', { workspace_id: 'ws2' }, { 'x-auth-token': 'token-a' }).values.path).toEqual({ workspace_id: 'ws2' });
    const otherToken = memo.validate(listModels, vendor, path, 'limit=10', pathParams, { 'x-auth-token': 'token-b' });
    expect(otherToken).not.toBe(a);
    expect(otherToken.values.header['X-Auth-Token']).toBe('token-b');
    // A header the operation does not declare does not change validation, so it shares the entry.
    expect(memo.validate(listModels, vendor, path, 'limit=10', pathParams, { 'x-auth-token': 'token-a', 'user-agent': 'x' })).toBe(a);
  });

  it('remembers problems too, and they cannot be changed by a caller', () => {
    const memo = new ParameterMemo();
    const bad = memo.validate(listModels, vendor, path, 'limit=abc', pathParams, { 'x-auth-token': 't' });
    expect(bad.problems.map((p) => [p.name, p.keyword])).toEqual([['limit', 'type']]);
    expect(memo.validate(listModels, vendor, path, 'limit=abc', pathParams, { 'x-auth-token': 't' }).problems).toHaveLength(1);
    expect(() => (bad.problems as unknown[]).push({})).toThrow(TypeError);
    expect(() => {
      (bad.values.query as Record<string, unknown>).limit = 5;
    }).toThrow(TypeError);
  });

  it('validates a very long query every time instead of keeping it', () => {
    const memo = new ParameterMemo();
    const long = `limit=10&name=${'a'.repeat(3000)}`;
    const first = memo.validate(listModels, vendor, path, long, pathParams, { 'x-auth-token': 't' });
    expect(memo.validate(listModels, vendor, path, long, pathParams, { 'x-auth-token': 't' })).not.toBe(first);
  });
});
