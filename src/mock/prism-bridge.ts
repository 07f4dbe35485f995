import type { ApiContract, Operation } from '../contracts';
import type { MockResponse } from './types';

/**
 * @stoplight/prism-http, used for what it does best and loaded only when needed (loading it costs about
 * a second, which would spoil the mock's startup):
 * - serving operations that have no stateful handler (a newly extracted page is mocked with zero code);
 * - generating bodies for `Prefer: code=NNN` statuses whose contract has a schema but no example.
 * Request validation, auth and errors stay with the mock (vendor formats Prism cannot produce).
 */

interface PrismRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

interface PrismApi {
  operations: Promise<unknown[]>;
}

type PrismModule = typeof import('@stoplight/prism-http');
let prismModule: PrismModule | undefined;
let instance: ReturnType<PrismModule['createInstance']> | undefined;
const apis = new WeakMap<ApiContract, PrismApi>();

function prism(): { module: PrismModule; instance: ReturnType<PrismModule['createInstance']> } {
  if (!prismModule || !instance) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    prismModule = require('@stoplight/prism-http') as PrismModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createLogger } = require('@stoplight/prism-core') as typeof import('@stoplight/prism-core');
    instance = prismModule.createInstance(
      { mock: { dynamic: false }, validateRequest: false, validateResponse: false, checkSecurity: false, errors: false, upstreamProxy: undefined, isProxy: false },
      { logger: createLogger('prism', { level: 'silent' }) },
    );
  }
  return { module: prismModule, instance };
}

function operationsOf(api: ApiContract): Promise<unknown[]> {
  let entry = apis.get(api);
  if (!entry) {
    entry = { operations: prism().module.getHttpOperationsFromSpec(structuredClone(api.document)) as Promise<unknown[]> };
    apis.set(api, entry);
  }
  return entry.operations;
}

/** Loads Prism and reads an API's operations ahead of the first request that needs them. */
export async function warmUpPrism(api: ApiContract): Promise<void> {
  await operationsOf(api);
}

/**
 * Asks Prism for a response to `request` on `op`. `code` forces a status, `exampleKey` an example,
 * `dynamic` random generation (seeded, so answers are repeatable).
 */
export async function prismResponse(
  api: ApiContract,
  op: Operation,
  request: PrismRequest,
  options: { code?: number; exampleKey?: string; dynamic?: boolean; seed?: string } = {},
): Promise<MockResponse> {
  const { instance } = prism();
  const operations = await operationsOf(api);
  const path = op.path.replace(/\{[^}]+\}/g, (m) => encodeURIComponent(`x-${m.slice(1, -1)}`));
  const input = {
    method: request.method.toLowerCase() as 'get',
    url: { path: request.path.startsWith('/') ? request.path : path, query: request.query },
    headers: request.headers,
    body: request.body,
  };
  const mock = { dynamic: options.dynamic ?? false, code: options.code, exampleKey: options.exampleKey, seed: options.seed };
  const result = await instance.request(input, operations as never, {
    mock,
    validateRequest: false,
    validateResponse: false,
    checkSecurity: false,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
  } as never)();
  if (result._tag === 'Left') throw result.left;
  const output = result.right.output;
  const contentType = Object.entries(output.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return { status: output.statusCode, body: output.body, contentType };
}
