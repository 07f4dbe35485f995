import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import type { Express } from 'express';
import { isJsonMediaType, loadContracts, resourceOf, type ApiContract, type ContractSet, type Operation } from '../contracts';
import { parseFixtureFile } from '../fixtures/parse';
import type { FixtureFile } from '../fixtures/types';
import { MAX_JSON_DEPTH, textNestingExceeds } from '../util/json-depth';
import { FIXTURES_DIR } from '../util/paths';
import { authenticate } from './auth';
import { contractResponse, vendorErrorResponse } from './contract-response';
import { problemJsonErrors, type ErrorDetail, type ErrorKind, type RequestProblem } from './errors';
import { credentialNames } from '../redaction/contracts';
import { Redactor } from '../redaction/policy';
import { Journal } from './journal';
import { ParameterMemo } from './parameters';
import { parsePrefer, type Preferences } from './prefer';
import { prismResponse, warmUpPrism } from './prism-bridge';
import { RateLimiter } from './rate-limit';
import { principalsOf } from './principals';
import { resourceHandlers } from './resources';
import { ApiStore } from './store';
import type { ApiRuntime, MockOptions, MockResponse, RequestContext, ResponseViolation, VendorModule } from './types';
import { vendorModuleFor } from './vendors';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 5000;
export const DEFAULT_JOURNAL_SIZE = 500;
const PRISM_WARM_UP_DELAY_MS = 1000;
const CORS_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const CORS_DEFAULT_HEADERS = 'Authorization, X-Auth-Token, Content-Type, Prefer, X-Sdk-Date';
const CORS_EXPOSED = 'X-Request-Id, Retry-After, Content-Length';

/** The mock's own control endpoints live under this prefix. */
export const CONTROL_PREFIX = '/__mock';

/** State and controls of one mock app (`app.mock`). */
export class MockController {
  readonly journal: Journal;
  /** The redaction policy with every served principal's credentials (journal, logs). */
  readonly redactor: Redactor;
  readonly violations: ResponseViolation[] = [];
  readonly startedAt = Date.now();
  /** Operation requests being answered right now (control requests not counted). */
  inFlight = 0;
  /**
   * The mock as a plain `node:http` request listener, with its last-resort error handling. The mock does
   * all its work with Node's own request and response API, so Express in front of it only costs each
   * request time: `app.handle` changes the prototypes of `req` and `res` on every request (after which
   * Node's HTTP internals run slower on them) and walks the router. Measured: 102–135 µs of CPU per list
   * request through Express, 28–53 µs with this listener. `startMockServer` serves with it;
   * `createMockApp` returns the Express app around it (supertest, embedding): same code either way.
   */
  listener: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
  private readonly limiters = new Map<string, RateLimiter>();
  /** Timers of responses being delayed (`Prefer: delay`, `--latency`). */
  private readonly delays = new Set<NodeJS.Timeout>();
  private shuttingDown = false;

  constructor(
    readonly runtimes: ApiRuntime[],
    readonly options: MockOptions,
  ) {
    this.redactor = redactorFor(runtimes);
    this.journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE, this.redactor);
    if (options.rateLimits) {
      for (const rt of runtimes) if (rt.contract.rateLimits) this.limiters.set(rt.name, new RateLimiter(rt.contract.rateLimits));
    }
  }

  /** Waits `ms` before a response; once shutdown began, the wait no longer keeps the process alive. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.delays.delete(timer);
        resolve();
      }, ms);
      if (this.shuttingDown) timer.unref();
      this.delays.add(timer);
    });
  }

  /** Delayed responses still pending. */
  get pendingDelays(): number {
    return this.delays.size;
  }

  /**
   * Shutdown began: pending delays stop holding the process (an in-flight request still finishes while
   * its connection is open); with `abandon`, once the grace period is over, they are cancelled.
   */
  shutdown(abandon = false): void {
    this.shuttingDown = true;
    for (const timer of this.delays) {
      if (abandon) clearTimeout(timer);
      else timer.unref();
    }
    if (abandon) this.delays.clear();
  }

  runtime(name: string): ApiRuntime | undefined {
    return this.runtimes.find((r) => r.name === name);
  }

  /** Records held by every served API. */
  get recordCount(): number {
    return this.runtimes.reduce((n, rt) => n + rt.store.recordCount, 0);
  }

  limiter(name: string): RateLimiter | undefined {
    return this.limiters.get(name);
  }

  /** Restores every (or one) API's state from its fixtures and clears the rate-limit windows. */
  reset(api?: string): string[] {
    const done: string[] = [];
    for (const rt of this.runtimes) {
      if (api && rt.name !== api) continue;
      rt.store.reset();
      this.limiters.get(rt.name)?.reset();
      done.push(rt.name);
    }
    return done;
  }

  /** Every served operation (method, path, operationId, API), for the startup banner and health. */
  operations(): Array<{ api: string; method: string; path: string; operationId: string; aliases: string[]; stateful: boolean }> {
    return this.runtimes.flatMap((rt) =>
      rt.contract.operations.map((op) => ({
        api: rt.name,
        method: op.method.toUpperCase(),
        path: op.path,
        operationId: op.operationId,
        aliases: op.aliases,
        stateful: Boolean(rt.vendor.handlers[op.operationId]),
      })),
    );
  }
}

export type MockApp = Express & { mock: MockController };

/**
 * The policy knows every credential the mock can accept (principals' tokens and AK/SK pairs) and the
 * parameter names the contracts declare for API keys, whatever they are called.
 */
function redactorFor(runtimes: ApiRuntime[]): Redactor {
  return new Redactor(
    runtimes.flatMap((rt) => rt.fixtures.principals.flatMap((p) => [p.token, p.accessKey, p.secretKey])),
    credentialNames(runtimes.flatMap((rt) => rt.contract.operations)),
  );
}

/** Reads (or generates) the fixtures of one API. */
function fixturesFor(api: string, options: MockOptions, log: (line: string) => void): FixtureFile {
  const given = options.fixtures?.[api];
  if (given) return given;
  // The fixtures module is loaded only when fixtures are generated, not for the committed files.
  const generate = (): FixtureFile | undefined => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('../fixtures') as { generateFixtures?: (api: string, o: { seed?: number; count?: number }) => FixtureFile };
      return mod.generateFixtures?.(api, { seed: options.seed, count: options.count });
    } catch (err) {
      log(`fixtures: cannot generate fixtures for ${api}: ${(err as Error).message}`);
      return undefined;
    }
  };
  if (options.seed !== undefined || options.count !== undefined) {
    const generated = generate();
    if (generated) return generated;
  }
  const file = path.join(options.fixturesDir ?? FIXTURES_DIR, `${api}.json`);
  // A directory the user named must hold the fixtures: serving regenerated data instead of theirs (a
  // mistyped Docker volume path) would go unnoticed.
  if (options.fixturesDir !== undefined) {
    if (!existsSync(options.fixturesDir) || !statSync(options.fixturesDir).isDirectory()) throw new Error(`fixtures directory ${options.fixturesDir} does not exist`);
    if (!existsSync(file)) throw new Error(`no fixtures for ${api}: ${file} does not exist`);
  }
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read fixtures ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    // Checked field by field: a `null` where a record should be is one line naming the file and the field.
    const parsed = parseFixtureFile(text, file);
    if (parsed.api !== api) throw new Error(`${file} holds fixtures of '${parsed.api}', not '${api}'`);
    return parsed;
  }
  const generated = generate();
  if (generated) return generated;
  log(`fixtures: no ${file}; ${api} is served without data or principals`);
  return { api, generator: { seed: 0, count: 0, version: 0 }, principals: [], workspaces: [], records: [] };
}

/**
 * How an API's records are keyed: the id pointer of each resource (`x-resource`), and the primary
 * resource that records without a `resource` belong to (the first one declared). Contracts without
 * `x-resource` keep the older declarations: a cursor's id, a write's id, the sort's tie-break, else `/id`.
 */
function recordLayout(contract: ApiContract): { primary: string; idPointer: (resource: string) => string } {
  const ids = new Map<string, string>();
  for (const op of contract.operations) {
    const r = resourceOf(op);
    if (r && !ids.has(r.collection)) ids.set(r.collection, r.idField);
  }
  let fallback = '/id';
  for (const op of contract.operations) {
    const write = op.extensions['x-write'] as { idField?: string } | undefined;
    const candidate = op.pagination?.cursor?.idField ?? write?.idField ?? op.sorting?.tieBreak;
    if (candidate) {
      fallback = candidate;
      break;
    }
  }
  const primary = ids.keys().next().value ?? '';
  return { primary, idPointer: (resource) => ids.get(resource) ?? (resource === primary || resource === '' ? (ids.get(primary) ?? fallback) : '/id') };
}

/**
 * The vendor module with a handler by shape (src/mock/resources.ts) for every operation it does not
 * handle itself: vendor handlers are overrides, the generic engine serves the rest (a page that adds a GET
 * by id to an existing API gets one with no code).
 */
function withShapeHandlers(contract: ApiContract, vendor: VendorModule): VendorModule {
  const module: VendorModule = { ...vendor, handlers: {} };
  module.handlers = { ...resourceHandlers(contract.operations, () => module), ...vendor.handlers };
  return module;
}

function storeFor(contract: ApiContract, fixtures: FixtureFile): ApiStore {
  const layout = recordLayout(contract);
  return new ApiStore(fixtures, layout.idPointer, layout.primary);
}

function buildRuntimes(contracts: ContractSet, options: MockOptions, log: (line: string) => void): ApiRuntime[] {
  const wanted = options.apis?.length ? new Set(options.apis) : undefined;
  if (wanted) {
    const unknown = [...wanted].filter((a) => !contracts.apis.some((c) => c.name === a));
    if (unknown.length) throw new Error(`unknown API ${unknown.join(', ')} (known: ${contracts.apis.map((a) => a.name).join(', ')})`);
  }
  return contracts.apis
    .filter((c) => !wanted || wanted.has(c.name))
    .map((contract) => {
      const fixtures = fixturesFor(contract.name, options, log);
      return { name: contract.name, contract, vendor: withShapeHandlers(contract, options.vendors?.[contract.name] ?? vendorModuleFor(contract)), store: storeFor(contract, fixtures), fixtures };
    });
}

interface Matched {
  rt: ApiRuntime;
  op: Operation;
  pathParams: Record<string, string>;
}

function matchRequest(runtimes: ApiRuntime[], method: string, pathname: string): Matched | { allow: string[]; rt: ApiRuntime } | undefined {
  // HEAD is answered as GET (Node's HTTP server leaves the body out).
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

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** What a request without a body reads as (shared: nothing writes to it). */
const NO_BODY: RawBody = Object.freeze({ body: Buffer.alloc(0), tooLarge: false });

function contentTypeHeader(mediaType: string | undefined): string {
  return mediaType === undefined || mediaType === 'application/json' ? JSON_CONTENT_TYPE : `${mediaType}; charset=utf-8`;
}

/** `[name, value, name, value, ...]` with one entry per case-insensitive name, the last given value. */
function lastHeaderWins(flat: string[]): string[] {
  const byName = new Map<string, [string, string]>();
  for (let i = 0; i < flat.length; i += 2) {
    const key = flat[i].toLowerCase();
    byName.delete(key);
    byName.set(key, [flat[i], flat[i + 1]]);
  }
  return [...byName.values()].flat();
}

/**
 * Did the request announce a body that has not arrived in full? (A request without `Content-Length` or
 * `Transfer-Encoding` has none: Node leaves `complete` unset on it until its stream is read, so that
 * flag alone would close every kept-alive GET.)
 */
function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A request body as read: its bytes, or why there are none. */
interface RawBody {
  body: Buffer;
  tooLarge: boolean;
  /** The body did not arrive in full within the body timeout (a short `Content-Length`, no last chunk). */
  timedOut?: boolean;
}

/**
 * Reads a request body up to `limit` bytes, within `timeoutMs`. Oversized bodies are drained, not
 * buffered; a body that does not complete in time is given up on (the answer then closes the
 * connection), so that no caller can hold a connection open by sending a body slowly or never.
 */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<RawBody> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    let done = false;
    const settle = (result: RawBody): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    };
    const timer = setTimeout(() => {
      // No more reading: the rest of the body is never consumed, and the answer closes the connection.
      req.pause();
      settle({ body: Buffer.alloc(0), tooLarge, timedOut: true });
    }, timeoutMs);
    req.on('data', onData);
    req.on('end', () => settle({ body: Buffer.concat(chunks), tooLarge }));
    req.on('error', () => settle({ body: Buffer.alloc(0), tooLarge }));
    req.on('aborted', () => settle({ body: Buffer.alloc(0), tooLarge }));
  });
}

function bodyProblems(op: Operation, req: IncomingMessage, raw: RawBody, maxBytes: number, timeoutMs: number): { problems: RequestProblem[]; body?: unknown } {
  const rb = op.requestBody;
  if (raw.timedOut) return { problems: [{ in: 'body', name: '', path: [], keyword: 'timeout', message: `request body not received in full within ${timeoutMs} ms`, params: { timeoutMs } }] };
  if (!rb) return { problems: [] };
  if (raw.tooLarge) return { problems: [{ in: 'body', name: '', path: [], keyword: 'too-large', message: `request body is larger than ${maxBytes} bytes`, params: { limit: maxBytes } }] };
  const text = raw.body.toString('utf8');
  if (text.trim() === '') {
    if (rb.required) return { problems: [{ in: 'body', name: '', path: [], keyword: 'required', message: 'a request body is required', params: {}, value: undefined }] };
    return { problems: [] };
  }
  const contentType = String(req.headers['content-type'] ?? '');
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  const accepted = rb.contentTypes.length ? rb.contentTypes : ['application/json'];
  const jsonExpected = accepted.some(isJsonMediaType);
  if (!mediaType || !accepted.some((t) => t.toLowerCase() === mediaType || (isJsonMediaType(t) && isJsonMediaType(mediaType)))) {
    return { problems: [{ in: 'body', name: '', path: [], keyword: 'content-type', message: `content type ${mediaType || '(none)'} is not accepted (expected ${accepted.join(', ')})`, params: { expected: accepted, given: mediaType }, value: text.slice(0, 200) }] };
  }
  if (!jsonExpected) return { problems: [], body: text };
  // Checked on the text, before parsing: a value nested thousands deep would pass the schema and then
  // break every serialisation of the record it is stored in.
  if (textNestingExceeds(text, MAX_JSON_DEPTH)) {
    return { problems: [{ in: 'body', name: '', path: [], keyword: 'depth', message: `JSON nests deeper than ${MAX_JSON_DEPTH} levels`, params: { limit: MAX_JSON_DEPTH }, value: {} }] };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    return { problems: [{ in: 'body', name: '', path: at ? [Number(at[1])] : [], keyword: 'json', message: 'JSON decode error', params: { error: (err as Error).message }, value: {} }] };
  }
  const violations = op.validateRequestBody(body);
  return {
    body,
    problems: violations.map((v) => ({
      in: 'body' as const,
      name: '',
      path: v.pointer === '' ? [] : v.pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')),
      keyword: v.keyword,
      message: v.message,
      params: v.params,
      value: v.pointer === '' ? body : undefined,
    })),
  };
}

/**
 * Builds the mock server as an Express app. Nothing heavy happens here: sorted views are built on
 * first use, Prism is loaded on first need, so the app answers within milliseconds of starting.
 */
export function createMockApp(options: MockOptions = {}): MockApp {
  return expressAppFor(createMockController(options));
}

/**
 * The Express app around a mock: one middleware, the mock's listener (which does its own error
 * handling). Express is loaded here, on first need: `startMockServer` serves with the listener alone,
 * and loading Express took about a third of the start-up to the first answer.
 */
export function expressAppFor(controller: MockController): MockApp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const express = require('express') as typeof import('express');
  const app = express() as MockApp;
  app.mock = controller;
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', false);
  app.use((req, res) => controller.listener(req, res));
  return app;
}

/** The mock's state and its request listener (`controller.listener`), without Express. */
export function createMockController(options: MockOptions = {}): MockController {
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const contracts = options.contracts ?? loadContracts(options.contractsDir);
  const runtimes = buildRuntimes(contracts, options, log);
  const controller = new MockController(runtimes, options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    const payload = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(payload));
    res.end(payload);
  };

  /** `/__mock/*`: health, journal, violations, reset. Returns false for unknown control paths. */
  const control = (req: IncomingMessage, res: ServerResponse, pathname: string, rawQuery: string): boolean => {
    const route = `${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`;
    switch (route) {
      case 'GET /health':
        sendJson(res, 200, {
          status: 'ok',
          uptimeSeconds: Math.round((Date.now() - controller.startedAt) / 1000),
          inFlight: controller.inFlight,
          apis: runtimes.map((rt) => ({ name: rt.name, records: rt.store.recordCount, principals: rt.fixtures.principals.length })),
          operations: controller.operations(),
        });
        return true;
      case 'GET /principals':
        // Who can call the mock, with their credentials: these are fixture data, not secrets.
        sendJson(res, 200, { principals: principalsOf(runtimes) });
        return true;
      case 'GET /requests':
        sendJson(res, 200, { capacity: controller.journal.capacity, total: controller.journal.total, requests: controller.journal.list() });
        return true;
      case 'DELETE /requests':
        controller.journal.clear();
        res.statusCode = 204;
        res.end();
        return true;
      case 'GET /violations':
        sendJson(res, 200, { validating: Boolean(options.validateResponses), violations: controller.violations });
        return true;
      case 'POST /reset': {
        const api = new URLSearchParams(rawQuery).get('api') ?? undefined;
        if (api && !controller.runtime(api)) sendJson(res, 404, { error: `unknown API ${api}`, apis: runtimes.map((r) => r.name) });
        else sendJson(res, 200, { reset: controller.reset(api) });
        return true;
      }
      default:
        return false;
    }
  };

  // One function does everything (CORS, control endpoints, operations), with Node's own request and
  // response API: it is the whole app, whether Express or `node:http` calls it.
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    // Browsers call the mock from a dev server on another origin: reflect the origin, allow credentials,
    // answer preflights for any requested header (Authorization, X-Auth-Token, X-Sdk-Date, Prefer, ...).
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
        res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || CORS_DEFAULT_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
        res.statusCode = 204;
        res.setHeader('Content-Length', '0');
        res.end();
        return;
      }
      res.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED);
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname.startsWith(CONTROL_PREFIX + '/') && control(req, res, pathname, q < 0 ? '' : url.slice(q + 1))) return;
    void handle(req, res);
  };
  // Last resort: nothing that escapes the listener may crash the process or leak a stack trace.
  const failed = (err: unknown, req: IncomingMessage, res: ServerResponse): void => {
    log(`mock: ${req.method} ${controller.redactor.url(req.url ?? '/')} failed: ${(err as Error)?.stack ?? err}`);
    if (!res.headersSent) sendJson(res, 500, { type: 'https://contract-mock.dev/errors/internal', title: 'Internal Server Error', status: 500 });
  };
  controller.listener = (req, res) => {
    try {
      serve(req, res);
    } catch (err) {
      failed(err, req, res);
    }
  };

  // Operations without a stateful handler are served by Prism. Loading it blocks the process for about
  // a second, so it is not done at startup: a second after start (when the first requests of a
  // starting client have been answered) it is loaded ahead of the first request that needs it.
  if (runtimes.some((rt) => rt.contract.operations.some((op) => !rt.vendor.handlers[op.operationId]))) {
    setTimeout(() => {
      for (const rt of runtimes) if (rt.contract.operations.some((op) => !rt.vendor.handlers[op.operationId])) warmUpPrism(rt.contract).catch(() => undefined);
    }, PRISM_WARM_UP_DELAY_MS).unref();
  }

  const parameterMemo = new ParameterMemo();
  const journalIdPrefix = randomBytes(8).toString('hex');
  let journalSeq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const arrived = Date.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const match = matchRequest(runtimes, req.method ?? 'GET', pathname);
    // A random id only where a client sees it (the vendor's request-id header); the journal's own ids
    // are a per-app random prefix and a counter, equally unique and much cheaper per request.
    const requestId = match?.rt.vendor.requestIdHeader ? randomUUID().replace(/-/g, '') : journalIdPrefix + (++journalSeq).toString(16).padStart(16, '0');
    let journalApi: string | undefined;
    let journalOp: string | undefined;
    let release: (() => void) | undefined;
    const prefer = parsePrefer(req.headers.prefer);
    controller.inFlight++;

    const finish = async (rt: ApiRuntime | undefined, op: Operation | undefined, response: MockResponse): Promise<void> => {
      const delay = prefer.delayMs ?? (options.latency ? options.latency.min + Math.random() * (options.latency.max - options.latency.min) : 0);
      if (delay > 0) await controller.delay(delay);
      send(res, rt, op, response, requestId);
      release?.();
      controller.journal.add({
        id: requestId,
        timeMs: arrived,
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        api: journalApi,
        operationId: journalOp,
        status: response.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      });
    };

    const fail = (rt: ApiRuntime | undefined, op: Operation | undefined, kind: ErrorKind, detail: ErrorDetail): Promise<void> => {
      const errors = rt?.vendor.errors ?? problemJsonErrors;
      const e = errors(kind, detail, op);
      return finish(rt, op, { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType });
    };

    try {
      if (!match) {
        await finish(undefined, undefined, {
          status: 404,
          contentType: 'application/problem+json',
          body: { type: 'https://contract-mock.dev/errors/no-route', title: 'Route not resolved, no path matched', status: 404, detail: `The route ${pathname} hasn't been found in the served contracts (see GET ${CONTROL_PREFIX}/health)` },
        });
        return;
      }
      if (!('op' in match)) {
        journalApi = match.rt.name;
        const e = (match.rt.vendor.errors ?? problemJsonErrors)('method-not-allowed', { message: `method ${req.method} is not allowed here` }, undefined);
        await finish(match.rt, undefined, { status: e.status, body: e.body, contentType: e.contentType, headers: { ...e.headers, Allow: [...new Set(match.allow)].join(', ') } });
        return;
      }
      const { rt, op, pathParams } = match;
      journalApi = rt.name;
      journalOp = op.operationId;
      const vendor: VendorModule = rt.vendor;
      // Validated now (remembered per URL, see ParameterMemo); its problems are answered after authentication.
      const validated = parameterMemo.validate(op, vendor, pathname, rawQuery, pathParams, req.headers);
      const query = validated.query;

      const limiter = controller.limiter(rt.name);
      if (limiter) {
        // Per credential: the token, or the access key of an AK/SK signature (which changes per request).
        const authorization = req.headers.authorization;
        const accessKey = authorization?.startsWith('SDK-HMAC-SHA256') ? /Access=([^,\s]+)/.exec(authorization)?.[1] : undefined;
        const key = String(accessKey ?? authorization ?? req.headers['x-auth-token'] ?? req.socket.remoteAddress ?? 'anonymous');
        const admitted = limiter.acquire(key);
        if (!admitted.ok) {
          const header = rt.contract.rateLimits?.retryAfterHeader ?? 'Retry-After';
          const e = vendor.errors('rate-limited', { retryAfterSeconds: admitted.retryAfterSeconds, message: admitted.limit === 'rate' ? 'Too many requests' : 'Too many concurrent requests' }, op);
          await finish(rt, op, { status: rt.contract.rateLimits?.status ?? e.status, body: e.body, contentType: e.contentType, headers: { ...e.headers, [header]: String(admitted.retryAfterSeconds) } });
          return;
        }
        let released = false;
        release = () => {
          if (!released) limiter.release(key);
          released = true;
        };
        res.on('close', release);
      }

      const expectsBody = op.requestBody !== undefined || BODY_METHODS.has(req.method ?? '');

      if (prefer.code !== undefined || prefer.example !== undefined) {
        const own = prefer.code !== undefined && prefer.example === undefined ? vendorErrorResponse(vendor, op, prefer.code, rt.contract.rateLimits?.retryAfterHeader) : undefined;
        if (own) {
          await finish(rt, op, own);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        const result = await contractResponse(rt.contract, op, prefer.code, prefer.example, { method: req.method ?? 'GET', path: pathname, query: query as Record<string, string | string[]>, headers }, prefer.dynamic);
        if (!result.ok) {
          // A Prefer the contract cannot honour is a bad request, answered in the vendor's own documented
          // validation-error format (never a body the contract rejects). APIs without a vendor module
          // answer as Prism does (problem details).
          if (vendor.errors === problemJsonErrors) {
            await finish(rt, op, { status: 400, contentType: 'application/problem+json', body: { type: 'https://contract-mock.dev/errors/prefer', title: 'Cannot honour the Prefer header', status: 400, detail: result.message } });
          } else {
            await fail(rt, op, 'validation', { problems: [{ in: 'header', name: 'Prefer', keyword: 'prefer', message: result.message, params: {}, value: req.headers.prefer }] });
          }
          return;
        }
        await finish(rt, op, result.response);
        return;
      }

      // Authenticated from the headers before the body is read: a caller without credentials is answered at
      // once and cannot hold a connection open by sending a body slowly. (A signature that covers the body
      // is checked in full once the body is there.)
      const authRequest = { headers: req.headers, query, path: pathname, method: req.method ?? 'GET', body: expectsBody ? undefined : NO_BODY.body };
      let auth = authenticate(op, authRequest, rt.store, now());
      if (!auth.ok) {
        await fail(rt, op, auth.detail.reason === 'scope' ? 'forbidden' : 'unauthorized', auth.detail);
        return;
      }
      const raw = expectsBody ? await readBody(req, maxBodyBytes, bodyTimeoutMs) : NO_BODY;
      if (expectsBody && !raw.timedOut) {
        auth = authenticate(op, { ...authRequest, body: raw.body }, rt.store, now());
        if (!auth.ok) {
          await fail(rt, op, auth.detail.reason === 'scope' ? 'forbidden' : 'unauthorized', auth.detail);
          return;
        }
      }
      const body = bodyProblems(op, req, raw, maxBodyBytes, bodyTimeoutMs);
      if (validated.problems.length || body.problems.length) {
        await fail(rt, op, 'validation', { problems: [...validated.problems, ...body.problems] });
        return;
      }
      const refused = vendor.authorize?.({ operation: op, api: rt, principal: auth.principal, pathParams });
      if (refused) {
        await finish(rt, op, refused);
        return;
      }

      const ctx: RequestContext = {
        operation: op,
        api: rt,
        principal: auth.principal,
        params: validated.values,
        body: body.body,
        headers: req.headers,
        requestId,
        prefer,
        now,
      };
      const handler = vendor.handlers[op.operationId];
      if (handler) {
        await finish(rt, op, handler(ctx));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      await finish(rt, op, await prismResponse(rt.contract, op, { method: req.method ?? 'GET', path: pathname, query: query as Record<string, string | string[]>, headers, body: body.body }));
    } catch (err) {
      log(`mock: ${req.method} ${controller.redactor.url(url)} failed: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) {
        const rt = match && 'rt' in match ? match.rt : undefined;
        const op = match && 'op' in match ? match.op : undefined;
        await fail(rt, op, 'internal', { message: 'internal error' });
      }
    } finally {
      controller.inFlight--;
    }
  }

  function send(res: ServerResponse, rt: ApiRuntime | undefined, op: Operation | undefined, response: MockResponse, requestId: string): void {
    if (res.headersSent || res.destroyed) return;
    // The body goes out as bytes: Content-Length is their length, and Node writes them as they are (a
    // string would be measured here, measured again and encoded by Node's writer).
    let payload: Buffer | undefined = response.bytes;
    if (payload === undefined && response.json !== undefined) payload = Buffer.from(response.json);
    if (payload === undefined && response.body !== undefined) payload = Buffer.from(JSON.stringify(response.body));
    if (options.validateResponses && rt && op) checkResponse(rt, op, response, payload, res.req?.url ?? '');
    // All headers in one `writeHead` call: Node then writes them as given, where `setHeader` per header
    // also keeps a lower-cased copy of each in a per-response map (headers set earlier, the CORS ones,
    // are merged by Node).
    let head: string[] = [];
    if (rt?.vendor.requestIdHeader) head.push(rt.vendor.requestIdHeader, requestId);
    if (response.headers) for (const k in response.headers) head.push(k, response.headers[k]);
    if (payload !== undefined) head.push('Content-Type', contentTypeHeader(response.contentType), 'Content-Length', String(payload.length));
    // As with `setHeader`, a later value replaces an earlier one of the same name (any case).
    if (response.headers) head = lastHeaderWins(head);
    // Answered before the request body arrived in full (an early 401, a Prefer, a body timeout): the rest of
    // it is never read, so the connection is closed rather than left waiting for bytes that may never come.
    if (res.req && bodyPending(res.req)) head.push('Connection', 'close');
    res.writeHead(response.status, head);
    res.end(payload);
  }

  function checkResponse(rt: ApiRuntime, op: Operation, response: MockResponse, payload: Buffer | undefined, url: string): void {
    const violations: Array<{ pointer: string; message: string }> = [];
    if (!op.response(response.status)) violations.push({ pointer: '', message: `status ${response.status} is not documented` });
    else if (payload !== undefined) {
      for (const v of op.validateResponse(response.status, JSON.parse(payload.toString('utf8')))) violations.push({ pointer: v.pointer, message: v.message });
    }
    if (violations.length) {
      const entry: ResponseViolation = { api: rt.name, operationId: op.operationId, method: op.method.toUpperCase(), url: controller.redactor.url(url), status: response.status, violations };
      controller.violations.push(entry);
      if (controller.violations.length > 1000) controller.violations.shift();
      log(`contract violation: ${entry.method} ${entry.url} → ${entry.status}: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`);
    }
  }

  return controller;
}
