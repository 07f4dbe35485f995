/**
 * The harness's vocabulary: one recorded HTTP exchange (from a HAR file, a live run or a test client's
 * response), and what the checks say about it. Run, verify, the reporters and the Jest matcher all speak
 * these types, so a violation reads the same wherever it is found.
 */

/** What `contract-mock run` knew when it sent a request; stored in the HAR entry as `_contractMock`. */
export interface ExchangeMeta {
  /** Plan step, e.g. `sort name desc` or `error: per_page above maximum`. */
  step?: string;
  /** Statuses the plan expected (error cases); absent = any documented status. */
  expectStatus?: number[];
  /** The item this request must list (the GET after a PATCH). */
  expectItem?: { pointer: string; id: unknown };
  /** Attempts it took (network errors and 429 are retried). */
  attempts?: number;
  /** Network-level failure of the last attempt (timeout, connection refused). */
  error?: string;
}

/** One request and its response, normalised. Header names are lower case. */
export interface Exchange {
  /** Position in its source (`recording.har#12`, `supertest`), for reports. */
  ref: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  /** Parsed JSON request body, or the raw text when it is not JSON; undefined when none. */
  requestBody?: unknown;
  /** 0 = no response (network error). */
  status: number;
  responseHeaders: Record<string, string>;
  /** Raw response text; undefined when the recording did not keep the body (browsers sometimes do not). */
  responseText?: string;
  startedAt?: string;
  /** Total time in milliseconds, when known. */
  time?: number;
  meta?: ExchangeMeta;
  /** Why this exchange is not checked at all (a browser export's request that got no response). */
  skipReason?: string;
}

export type Severity = 'error' | 'warning';

/** Names of the checks. Each is one JUnit testcase per exchange it applies to. */
export type Rule =
  | 'response-received'
  | 'status-documented'
  | 'status-expected'
  | 'content-type'
  | 'body-schema'
  | 'headers'
  | 'page-size'
  | 'count'
  | 'total'
  | 'has-more'
  | 'sort-order'
  | 'filter'
  | 'pagination-walk'
  | 'write-reflected'
  | 'item-matches-list'
  | 'delete-reflected';

export interface Violation {
  /** `api.operationId`. */
  operation: string;
  exchange: { ref: string; method: string; url: string; status: number };
  /** JSON pointer into the response body (or `''` for the whole response / a header name path). */
  pointer: string;
  rule: Rule;
  expected: string;
  actual: string;
  severity: Severity;
  /**
   * Other findings with the same cause, reported under this one and not counted again: checks that
   * failed only because of it (a sort or filter broken by a value the schema already rejects, a total
   * several rules disagree with) and the same finding, word for word, on other exchanges.
   */
  related?: RelatedViolation[];
}

/** A finding folded into the violation that caused it (`Violation.related`). */
export interface RelatedViolation {
  /** `dependent`: failed because of the root violation; `duplicate`: the same text on another exchange. */
  relation: 'dependent' | 'duplicate';
  rule: Rule;
  exchange: { ref: string; method: string; url: string; status: number };
  pointer: string;
  expected: string;
  actual: string;
}

/** One check applied to one exchange, with what it found. */
export interface CheckResult {
  rule: Rule;
  violations: Violation[];
}

export interface CheckedExchange {
  exchange: Exchange;
  api: string;
  operationId: string;
  /** `api.operationId`. */
  operation: string;
  checks: CheckResult[];
}

export interface SkippedExchange {
  ref: string;
  method: string;
  url: string;
  reason: string;
}

export interface OperationSummary {
  operation: string;
  exchanges: number;
  checks: number;
  violations: number;
  warnings: number;
  passed: boolean;
}

export interface Report {
  sources: string[];
  checked: CheckedExchange[];
  skipped: SkippedExchange[];
  operations: OperationSummary[];
  violations: Violation[];
  warnings: Violation[];
  conform: boolean;
}
