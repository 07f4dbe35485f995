import type { ContractSet } from '../contracts';
import { CONTRACTS_DIR } from '../util/paths';
import { CheckContext, checkSingleExchange, resolveExchange } from './checks';
import { formatViolation } from './exchange';
import type { Exchange, Violation } from './types';
import { contractsAt, loadedContractsAt } from './contracts';
import { loadContractsOrThrow } from './verify';

/**
 * `expect(response).toMatchContract()`: the harness's per-exchange and per-page checks on a response from
 * supertest, fetch or axios (or a plain `{ method, url, status, headers, body }`), with the same messages
 * as `contract-mock verify`. fetch responses are read asynchronously: `await expect(res).toMatchContract()`.
 */

export interface MatchContractOptions {
  /**
   * A contract file or a directory of them, OpenAPI 3.0 or 3.1, JSON or YAML (read as `--contracts`
   * reads it). Loaded asynchronously on first use: `await expect(res).toMatchContract({ contractsPath })`,
   * or load it once with `await configureContractMatcher({ contractsPath })` and call synchronously.
   */
  contractsPath?: string;
  /** A directory of `*.openapi.json` contracts, read synchronously (default: the project's `contracts/`). */
  contractsDir?: string;
  contracts?: ContractSet;
  /** The request method when the response does not know it (fetch); default GET. */
  method?: string;
  /** The request URL when the response does not know it (a fetch Response built by hand). */
  url?: string;
  /** Count warnings (x-undocumented statuses) as failures. */
  strict?: boolean;
}

type ContractOptions = Pick<MatchContractOptions, 'contractsPath' | 'contractsDir' | 'contracts'>;

let defaults: ContractOptions = {};

/**
 * Sets the contracts the matcher uses when a call gives none. With `contractsPath`, await it (for
 * example in `beforeAll`): the contracts are loaded then, and every later call is synchronous.
 */
export function configureContractMatcher(options: ContractOptions): Promise<void> {
  defaults = { ...options };
  return options.contractsPath ? contractsAt(options.contractsPath).then(() => undefined) : Promise.resolve();
}

/** The contracts a call uses: loaded (synchronously), or a promise of them for a path not loaded yet. */
function contractsFor(options: MatchContractOptions): ContractSet | Promise<ContractSet> {
  const given = options.contracts ? options : options.contractsPath || options.contractsDir ? options : defaults;
  if (given.contracts) return given.contracts;
  if (given.contractsPath) return loadedContractsAt(given.contractsPath) ?? contractsAt(given.contractsPath);
  return loadContractsOrThrow(given.contractsDir ?? CONTRACTS_DIR);
}

type AnyRecord = Record<string, unknown>;

function headersOf(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (typeof (h as { forEach?: unknown }).forEach === 'function' && typeof (h as { get?: unknown }).get === 'function') {
    (h as Headers).forEach((value, name) => (out[name.toLowerCase()] = value));
    return out;
  }
  const plain = typeof (h as { toJSON?: unknown }).toJSON === 'function' ? (h as { toJSON(): AnyRecord }).toJSON() : (h as AnyRecord);
  for (const [k, v] of Object.entries(plain)) {
    if (v === undefined || v === null || typeof v === 'function') continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function textOf(text: unknown, body: unknown): string | undefined {
  if (typeof text === 'string') return text;
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body);
}

function parseMaybe(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

function isFetchResponse(r: AnyRecord): boolean {
  return typeof r.clone === 'function' && typeof r.text === 'function' && typeof (r.headers as AnyRecord | undefined)?.get === 'function';
}

/** Normalises a client's response into an exchange (a Promise for fetch, whose body must be read). */
export function normalizeResponse(received: unknown, options: MatchContractOptions = {}): Exchange | Promise<Exchange> {
  if (!received || typeof received !== 'object') throw new TypeError('toMatchContract() needs a response object');
  const r = received as AnyRecord;
  if (isFetchResponse(r)) {
    const url = options.url ?? (r.url as string);
    if (!url) throw new TypeError('this fetch Response has no url; pass toMatchContract({ url, method })');
    return (r.clone as () => Response)()
      .text()
      .then((text) => ({
        ref: 'fetch',
        method: (options.method ?? 'GET').toUpperCase(),
        url,
        requestHeaders: {},
        status: r.status as number,
        responseHeaders: headersOf(r.headers),
        responseText: text,
      }));
  }
  // supertest / superagent: the request is at `.request` (method, url).
  const req = r.request as AnyRecord | undefined;
  if (typeof r.status === 'number' && req && typeof req.url === 'string' && typeof req.method === 'string' && !('config' in r)) {
    return {
      ref: 'supertest',
      method: (options.method ?? (req.method as string)).toUpperCase(),
      url: options.url ?? (req.url as string),
      requestHeaders: headersOf(req.header ?? {}),
      requestBody: parseMaybe(req._data),
      status: r.status,
      responseHeaders: headersOf(r.headers ?? r.header),
      responseText: textOf(r.text, r.body),
    };
  }
  // axios: `{ status, headers, data, config: { method, url, baseURL, data } }`.
  const config = r.config as AnyRecord | undefined;
  if (typeof r.status === 'number' && config && 'data' in r) {
    const url = options.url ?? new URL(String(config.url ?? ''), (config.baseURL as string | undefined) ?? undefined).toString();
    return {
      ref: 'axios',
      method: (options.method ?? String(config.method ?? 'get')).toUpperCase(),
      url,
      requestHeaders: headersOf(config.headers),
      requestBody: parseMaybe(config.data),
      status: r.status,
      responseHeaders: headersOf(r.headers),
      responseText: textOf(undefined, r.data),
    };
  }
  // A plain exchange-like object.
  if (typeof r.status === 'number' && typeof (options.url ?? r.url) === 'string') {
    return {
      ref: 'response',
      method: String(options.method ?? r.method ?? 'GET').toUpperCase(),
      url: (options.url ?? r.url) as string,
      requestHeaders: {},
      status: r.status,
      responseHeaders: headersOf(r.headers),
      responseText: textOf(r.text, r.body),
    };
  }
  throw new TypeError('toMatchContract() expects a supertest, fetch or axios response, or { method, url, status, headers, body }');
}

export interface ContractMatch {
  pass: boolean;
  operation?: string;
  violations: Violation[];
  warnings: Violation[];
  reason?: string;
}

/** The matcher's verdict on one exchange. */
export function matchExchange(exchange: Exchange, options: MatchContractOptions = {}): ContractMatch {
  const contracts = contractsFor(options);
  if (isPromise(contracts)) throw new Error('the contracts of contractsPath are not loaded yet: await configureContractMatcher({ contractsPath }) first, or await the matcher');
  return matchWith(contracts, exchange, options);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  // Duck-typed: promises may come from another realm than this module's Promise (Jest sandboxes).
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

function matchWith(contracts: ContractSet, exchange: Exchange, options: MatchContractOptions): ContractMatch {
  const r = resolveExchange(contracts, exchange);
  if ('skip' in r) return { pass: false, violations: [], warnings: [], reason: `${exchange.method} ${exchange.url}: ${r.skip}` };
  const ctx = new CheckContext(exchange, r.op, r.pathParams);
  const all = checkSingleExchange(ctx).flatMap((c) => c.violations);
  const violations = all.filter((v) => v.severity === 'error' || options.strict);
  const warnings = all.filter((v) => v.severity === 'warning' && !options.strict);
  return { pass: violations.length === 0, operation: ctx.operation, violations, warnings };
}

function message(exchange: Exchange, result: ContractMatch, isNot: boolean): () => string {
  return () => {
    if (result.reason) return `expected the response to match a documented operation\n  ${result.reason}`;
    if (isNot) return `expected ${exchange.method} ${exchange.url} → ${exchange.status} not to match ${result.operation}, but it does`;
    const lines = [`expected ${exchange.method} ${exchange.url} → ${exchange.status} to match ${result.operation}; ${result.violations.length} violation(s):`];
    for (const v of result.violations) lines.push(`  ${formatViolation(v)}`);
    for (const v of result.warnings) lines.push(`  ${formatViolation(v)}`);
    return lines.join('\n');
  };
}

interface MatcherContext {
  isNot?: boolean;
}

/** The Jest matcher function (register with `expect.extend({ toMatchContract })`). */
export function toMatchContract(
  this: MatcherContext | void,
  received: unknown,
  options: MatchContractOptions = {},
): { pass: boolean; message: () => string } | Promise<{ pass: boolean; message: () => string }> {
  const isNot = (this as MatcherContext | undefined)?.isNot === true;
  const verdict = (contracts: ContractSet, exchange: Exchange) => {
    const result = matchWith(contracts, exchange, options);
    return { pass: result.pass, message: message(exchange, result, isNot) };
  };
  const exchange = normalizeResponse(received, options);
  const contracts = contractsFor(options);
  // Synchronous where it can be (supertest, axios, loaded contracts); a promise for fetch bodies and contracts still loading.
  if (!isPromise(exchange) && !isPromise(contracts)) return verdict(contracts, exchange);
  return Promise.all([contracts, exchange]).then(([c, e]) => verdict(c, e));
}

export const contractMatchers = { toMatchContract };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The response honours its operation's contract (status, content type, body schema, headers, page behaviour). */
      toMatchContract(options?: MatchContractOptions): R;
    }
  }
}

/** Registers the matchers on the given `expect` (default: Jest's global one). */
export function registerContractMatchers(expectFn?: { extend(matchers: Record<string, unknown>): void }): void {
  const target = expectFn ?? (globalThis as unknown as { expect?: { extend(m: Record<string, unknown>): void } }).expect;
  if (!target) throw new Error('registerContractMatchers(): no Jest expect in scope; pass it in');
  target.extend(contractMatchers);
}
