import type { IncomingHttpHeaders } from 'node:http';
import type { ApiContract, Operation, ContractSet } from '../contracts';
import type { FixtureFile, Principal } from '../fixtures/types';
import type { ApiStore } from './store';
import type { VendorErrors } from './errors';
import type { WorkspaceLookup } from './handlers';
import type { Preferences } from './prefer';

/**
 * What an operation handler answers: `body` to be serialised, or a body already serialised as `json` text
 * or as `bytes` (UTF-8; list pages are built and cached as bytes, so sending them costs no encoding).
 */
export interface MockResponse {
  status: number;
  body?: unknown;
  json?: string;
  bytes?: Buffer;
  headers?: Record<string, string>;
  contentType?: string;
}

/** Everything a handler may use about one request, after authentication and validation passed. */
export interface RequestContext {
  operation: Operation;
  api: ApiRuntime;
  /** The authenticated caller; undefined when the operation declares no security. */
  principal?: Principal;
  /** Coerced, validated parameter values by location. */
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  /** Parsed JSON request body (operations with a request body). */
  body?: unknown;
  headers: IncomingHttpHeaders;
  requestId: string;
  prefer: Preferences;
  now: () => Date;
  /**
   * The collection the request addresses, once `resolveCollection` has looked it up (authorization does,
   * then the handler asks again): kept for the rest of this one request under its scope key.
   */
  resolved?: { key: string; lookup: WorkspaceLookup };
}

export type OperationHandler = (ctx: RequestContext) => MockResponse;

/**
 * The few things about one API that are truly vendor-specific. Everything else (pagination, sorting,
 * filters, auth, validation) is generic machinery driven by the contract's `x-` declarations.
 */
export interface VendorModule {
  /** The contract's `x-api` name. */
  api: string;
  /** How the vendor words errors (status and body per error kind). */
  errors: VendorErrors;
  /**
   * What the real server does with query parameters its contract does not declare. FastAPI and Spring
   * ignore them; `reject` answers with a validation error.
   */
  unknownQueryParameters: 'ignore' | 'reject';
  /**
   * What the real server does with a non-array query parameter given more than once: Starlette (FastAPI)
   * takes the last one; `reject` answers with a validation error.
   */
  repeatedParameters: 'last' | 'reject';
  /**
   * What the real server makes of an empty query value (`?visibility=`). `value` (default): it is a value
   * like any other and is validated as given (FastAPI validates `""` for query parameters; only form
   * fields fall back to their default). `absent-unless-plain-string`: Spring MVC, where an empty value
   * of a parameter with a default, or of one converted to another type (enum, number, boolean), binds
   * as if the parameter were absent, and only a plain string parameter receives `""`.
   */
  emptyQueryValues?: 'value' | 'absent-unless-plain-string';
  /** Header carrying a fresh request id on every response (DataArts: `X-Request-Id`). */
  requestIdHeader?: string;
  /** Stateful handlers by operationId; operations without one are served by Prism from the contract. */
  handlers: Record<string, OperationHandler>;
  /**
   * Authorisation after authentication and validation (workspace existence and membership): return an error
   * response to refuse.
   */
  authorize?: (ctx: Pick<RequestContext, 'operation' | 'api' | 'principal' | 'resolved'> & { pathParams: Record<string, string> }) => MockResponse | undefined;
}

/** One served API: its contract, vendor module (or the generic one) and state. */
export interface ApiRuntime {
  name: string;
  contract: ApiContract;
  vendor: VendorModule;
  store: ApiStore;
  fixtures: FixtureFile;
}

export interface MockOptions {
  /** Contracts to serve (default: the project's `contracts/`). */
  contracts?: ContractSet;
  contractsDir?: string;
  /** Serve only these APIs (by `x-api` name). */
  apis?: string[];
  /** Fixture files by API name; default: `fixtures/<api>.json` (or `fixturesDir`). */
  fixtures?: Record<string, FixtureFile>;
  fixturesDir?: string;
  /** Regenerate fixtures from a seed instead of reading files. */
  seed?: number;
  count?: number;
  /** Extra latency per response, uniformly drawn from [min, max] milliseconds. */
  latency?: { min: number; max: number };
  /** Validate every response against the contract; violations are logged and kept (`violations`). */
  validateResponses?: boolean;
  /** Simulate `x-rate-limits` (Scriptix: 100 requests/minute, 10 concurrent). */
  rateLimits?: boolean;
  /** Journal size (`GET /__mock/requests`). Default 500. */
  journalSize?: number;
  /** Request bodies larger than this are refused. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * A request body must arrive in full within this many milliseconds of being asked for (default 5000):
   * a slower or never-ending one is answered as a validation error and the connection closed.
   */
  bodyTimeoutMs?: number;
  /** CORS: `reflect` any origin (default), only a list of origins, or `off` (src/mock/cors.ts). */
  cors?: 'reflect' | 'off' | string[];
  /** `serve --proxy API=URL`: these APIs' requests go to a real target, validated as they pass. */
  proxy?: Record<string, string>;
  /** With `proxy`: an operation the target does not answer (refused, timeout, 5xx) is answered by the mock. */
  proxyFallback?: boolean;
  /** `serve --record FILE.har`: what passed through the proxy is recorded (redacted) to this file. */
  record?: string;
  /** `serve --replay FILE.har...`: recorded answers served for the requests they answered. */
  replay?: string[];
  /** Query parameters replay ignores when matching (volatile ones: timestamps, nonces). */
  replayIgnore?: string[];
  /** Vendor modules by API name, replacing or adding to the built-in ones (tests, embedding). */
  vendors?: Record<string, VendorModule>;
  /** Where violations and notes are logged (default: stderr). */
  log?: (line: string) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

/** A response that broke its contract (kept when `validateResponses` is on). */
export interface ResponseViolation {
  api: string;
  operationId: string;
  method: string;
  url: string;
  status: number;
  violations: Array<{ pointer: string; message: string }>;
}
