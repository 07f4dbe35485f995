/**
 * One request on its way through the pipeline: what the steps have found out so far. Each step reads
 * what earlier ones set and either adds to it or answers the request (returns a response).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '../../contracts';
import type { Principal } from '../../fixtures/types';
import type { MockController } from '../controller';
import { problemJsonErrors, type ErrorDetail, type ErrorKind } from '../errors';
import type { ValidatedParameters } from '../parameters';
import type { Preferences } from '../prefer';
import type { RawBody } from '../request-body';
import type { ApiRuntime, MockOptions, MockResponse, RequestContext } from '../types';
import type { ParameterMemo } from '../parameters';

/** What every request of one app shares: the controller, the options, the clock, the memo. */
export interface PipelineEnv {
  controller: MockController;
  options: MockOptions;
  now: () => Date;
  parameterMemo: ParameterMemo;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  log: (line: string) => void;
  /** A cheap unique id for the journal (random prefix + counter). */
  nextJournalId: () => string;
  /**
   * Steps between `route` and the mock's own (`serve --proxy`, `--replay`): an answer they give is the
   * target's or the recording's; passing the request on leaves it to the mock.
   */
  answerSteps: readonly Step[];
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: string;
  pathname: string;
  rawQuery: string;
  /** `performance.now()` and `Date.now()` when the request arrived. */
  started: number;
  arrived: number;
  prefer: Preferences;
  /** Set by `route`. */
  rt?: ApiRuntime;
  op?: Operation;
  pathParams?: Record<string, string>;
  /** Set by `route`: parameters validated (remembered per URL), problems answered after authentication. */
  validated?: ValidatedParameters;
  /** Set by `authenticate`. */
  principal?: Principal;
  /** The addressed collection as `authorize` resolved it, for the handler (src/mock/handlers.ts). */
  resolved?: RequestContext['resolved'];
  /** Set by `read body`. */
  raw?: RawBody;
  body?: unknown;
  /** Frees the rate limiter's in-flight slot (set by `rate limit`). */
  release?: () => void;
  /** The id the vendor's request-id header (or the journal) carries; made on first need. */
  requestId?: string;
  /** Who answered: the mock (default), a proxied target, or a recording. */
  source?: 'proxy' | 'replay';
  /** The answer's contract violations, when it was checked. */
  violations?: string[];
}

/** A step: answers the request (a response), or passes it on (undefined). Synchronous where it can be. */
export type Step = (x: Exchange, env: PipelineEnv) => MockResponse | undefined | Promise<MockResponse | undefined>;

/** An error in the words of the exchange's vendor (problem details before an API is known). */
export function vendorError(x: Exchange, kind: ErrorKind, detail: ErrorDetail): MockResponse {
  const e = (x.rt?.vendor.errors ?? problemJsonErrors)(kind, detail, x.op);
  return { status: e.status, body: e.body, headers: e.headers, contentType: e.contentType };
}

/** The request's headers that have one value, as Prism takes them. */
export function singleHeaders(x: Exchange): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.req.headers)) if (typeof v === 'string') headers[k] = v;
  return headers;
}

export type { MockOptions };
