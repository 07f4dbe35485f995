import type { Operation } from '../contracts';

/**
 * What went wrong with a request, independent of how a vendor words it. The generic machinery produces
 * these; each vendor module turns them into its own documented status and body (`VendorErrors`).
 */
export interface RequestProblem {
  /** Where the offending value is. `body` problems carry a `path` inside the body. */
  in: 'path' | 'query' | 'header' | 'body';
  /** Parameter name (`''` for the body as a whole). */
  name: string;
  /** Path inside the body, for `in: 'body'`. */
  path?: Array<string | number>;
  /**
   * JSON Schema keyword (`maximum`, `type`, `format`, `enum`, ...) or one of the mock's own:
   * `required`, `repeated`, `exclusive`, `unknown`, `json` (malformed JSON), `content-type`, `too-large`,
   * `filter` (a filter expression the server cannot evaluate), `cursor` (a cursor that names no item).
   */
  keyword: string;
  /** A plain-English fallback message. */
  message: string;
  params: Record<string, unknown>;
  value?: unknown;
  /** The parameter's (or body's) schema, for messages that quote its limits. */
  schema?: Record<string, unknown>;
}

export type ErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'method-not-allowed'
  | 'internal';

/** The details an error renderer may use; which ones are set depends on the kind. */
export interface ErrorDetail {
  problems?: RequestProblem[];
  /** Why authentication failed: no credential, a credential nobody has, a bad signature, an expired date. */
  reason?: 'missing' | 'invalid' | 'signature' | 'expired' | 'scope' | 'membership';
  /** What was not found (`workspace`, `model`) and its id. */
  resource?: string;
  id?: string;
  retryAfterSeconds?: number;
  message?: string;
}

export interface ErrorResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

/** How one vendor words its errors. `op` is undefined for requests that matched no operation. */
export type VendorErrors = (kind: ErrorKind, detail: ErrorDetail, op: Operation | undefined) => ErrorResponse;

/**
 * Errors for APIs that have no vendor module: RFC 7807 problem details, the same shape Prism answers
 * with, so that a newly extracted page behaves like Prism until someone writes its module.
 */
export const problemJsonErrors: VendorErrors = (kind, detail) => {
  const status = STATUS[kind];
  const body: Record<string, unknown> = {
    type: `https://contract-mock.dev/errors/${kind}`,
    title: TITLES[kind],
    status,
    detail: detail.message ?? (detail.problems ?? []).map(describeProblem).join('; ') ?? TITLES[kind],
  };
  if (detail.problems?.length) {
    body.validation = detail.problems.map((p) => ({ location: [p.in, p.name, ...(p.path ?? [])].filter((x) => x !== ''), severity: 'Error', code: p.keyword, message: p.message }));
  }
  return {
    status,
    body,
    contentType: 'application/problem+json',
    headers: detail.retryAfterSeconds !== undefined ? { 'Retry-After': String(detail.retryAfterSeconds) } : undefined,
  };
};

const STATUS: Record<ErrorKind, number> = {
  validation: 422,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  'method-not-allowed': 405,
  internal: 500,
};

const TITLES: Record<ErrorKind, string> = {
  validation: 'Invalid request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'not-found': 'Not Found',
  conflict: 'Conflict',
  'rate-limited': 'Too Many Requests',
  'method-not-allowed': 'Method Not Allowed',
  internal: 'Internal Server Error',
};

export function describeProblem(p: RequestProblem): string {
  const where = p.in === 'body' ? ['body', ...(p.path ?? [])].join('.') : `${p.in} parameter "${p.name}"`;
  return `${where}: ${p.message}`;
}

/** Numeric limits a schema states (looking through `anyOf`/`oneOf` for nullable parameters). */
export function schemaLimits(schema: Record<string, unknown> | undefined): { minimum?: number; maximum?: number; minLength?: number; maxLength?: number; enum?: unknown[]; pattern?: string; format?: string; type?: string } {
  const out: ReturnType<typeof schemaLimits> = {};
  const visit = (s: Record<string, unknown> | undefined): void => {
    if (!s || typeof s !== 'object') return;
    for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'format'] as const) {
      if (s[k] !== undefined && out[k] === undefined) (out as Record<string, unknown>)[k] = s[k];
    }
    if (Array.isArray(s.enum) && !out.enum) out.enum = s.enum;
    if (typeof s.type === 'string' && s.type !== 'null' && !out.type) out.type = s.type;
    for (const k of ['anyOf', 'oneOf', 'allOf']) (s[k] as Array<Record<string, unknown>> | undefined)?.forEach(visit);
  };
  visit(schema);
  return out;
}
