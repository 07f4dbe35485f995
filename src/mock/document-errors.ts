/**
 * Errors in the document's own shape, for APIs without a vendor module: built from the response the
 * contract documents for that status, so that a client sees the envelope its API promises
 * (`{"error": {"code", "message", "status"}}`, `{"detail": "..."}`, `{"error_code", "error_msg"}`), not
 * the mock's.
 *
 * - The status: the error kind's usual one where documented (a validation error is 400 if documented,
 *   else 422), else a documented status range (`4XX`) or `default`; only where the operation documents
 *   nothing that fits, problem details (RFC 7807) with the usual status, as Prism answers.
 * - The body: the documented example for that status when it validates (its fixed fields, such as a
 *   `status: "NOT_FOUND"`, are kept), else a body built from the schema; then the specific message goes
 *   in the message-like field (`message`, `msg`, `error_msg`, `detail`, `error.message`, `title`,
 *   `description`) and the status in a status-like integer field (`code`, `status`, `status_code`). A
 *   body that would not validate is never sent: the example (or the problem details) is.
 */
import { STATUS_CODES } from 'node:http';
import type { ApiContract, Operation, ResponseSpec } from '../contracts';
import { plainSchema, propertiesOf, schemaType, type Json } from '../infer/document';
import { describeProblem, problemJsonErrors, type ErrorDetail, type ErrorKind, type ErrorResponse, type VendorErrors } from './errors';

/** Statuses tried per kind, best first. */
const STATUSES: Record<ErrorKind, number[]> = {
  validation: [400, 422],
  unauthorized: [401],
  forbidden: [403],
  'not-found': [404],
  conflict: [409],
  'rate-limited': [429],
  'method-not-allowed': [405],
  internal: [500],
};

const MESSAGE_FIELDS = ['message', 'msg', 'error_msg', 'error_message', 'errorMessage', 'detail', 'details', 'description', 'title', 'error_description', 'reason'];
const STATUS_FIELDS = ['code', 'status', 'status_code', 'statusCode', 'http_status', 'httpStatus', 'error_code', 'errorCode'];
/** An envelope's inner object (`{"error": {...}}`, `{"errors": [{...}]}`). */
const ENVELOPES = ['error', 'errors', 'fault', 'problem'];

const TEXT: Record<ErrorKind, string> = {
  validation: 'The request is invalid',
  unauthorized: 'Missing or invalid credentials',
  forbidden: 'The caller may not do this',
  'not-found': 'Not found',
  conflict: 'The request conflicts with the current state',
  'rate-limited': 'Too many requests',
  'method-not-allowed': 'Method not allowed',
  internal: 'Internal error',
};

/**
 * Words by which an error code names a kind (`NOT_FOUND`, `RESOURCE_NOT_FOUND`, `invalid_request`,
 * `UNAUTHENTICATED`, `RESOURCE_EXHAUSTED`): an enum of codes gets the one that says what happened.
 */
const KIND_WORDS: Record<ErrorKind, string[]> = {
  validation: ['invalid', 'validation', 'bad request', 'unprocessable', 'malformed', 'bad input'],
  unauthorized: ['unauthorized', 'unauthenticated', 'authentication', 'unauthorised', 'credentials', 'token'],
  forbidden: ['forbidden', 'permission', 'denied', 'not allowed'],
  'not-found': ['not found', 'notfound', 'no such', 'missing', 'unknown'],
  conflict: ['conflict', 'already exists', 'duplicate', 'exists'],
  'rate-limited': ['too many', 'rate limit', 'ratelimit', 'throttl', 'exhausted', 'quota'],
  'method-not-allowed': ['method not allowed', 'not allowed', 'unsupported'],
  internal: ['internal', 'server error', 'unknown error', 'unexpected'],
};

/** Does a code (`NOT_FOUND`, `not_found`, `ResourceNotFound`, `INVALID_ARGUMENT`) name the kind or the status? */
function namesKind(code: unknown, kind: ErrorKind, status: number): boolean {
  if (typeof code !== 'string') return false;
  const spelled = ` ${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
  const words = [(STATUS_CODES[status] ?? '').toLowerCase(), ...KIND_WORDS[kind]].filter(Boolean);
  return words.some((word) => spelled.includes(` ${word}`));
}

/** The enum value (of a code-like field) naming the kind or the status, else the status itself, else the first. */
export function codeFor(values: unknown[], kind: ErrorKind, status: number): unknown {
  const hit = values.find((v) => namesKind(v, kind, status));
  if (hit !== undefined) return hit;
  return values.includes(status) ? status : values[0];
}

export function errorMessage(kind: ErrorKind, detail: ErrorDetail): string {
  if (detail.message) return detail.message;
  if (detail.problems?.length) return detail.problems.map(describeProblem).join('; ');
  if (detail.resource) return `${detail.resource} ${detail.id ?? ''} not found`.replace(/\s+/g, ' ').trim();
  return TEXT[kind];
}

/** The documented response that fits a kind: an exact status, then a range, then `default`. */
function documented(op: Operation, kind: ErrorKind): { status: number; spec: ResponseSpec } | undefined {
  for (const status of STATUSES[kind]) {
    const spec = op.responses.find((r) => r.status === String(status));
    if (spec) return { status, spec };
  }
  const usual = STATUSES[kind][0];
  const range = op.responses.find((r) => r.status.toUpperCase() === `${String(usual)[0]}XX`) ?? op.responses.find((r) => r.status === 'default');
  return range ? { status: usual, spec: range } : undefined;
}

/** A value for a schema with no example: required fields filled, strings named like messages carry the text. */
function fromSchema(document: Json, schema: unknown, message: string, status: number, kind: ErrorKind, depth = 0, name = ''): unknown {
  const s = plainSchema(document, schema);
  if (!s || depth > 8) return undefined;
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return STATUS_FIELDS.includes(name) ? codeFor(s.enum, kind, status) : s.enum[0];
  switch (schemaType(s)) {
    case 'object': {
      const out: Json = {};
      const props = propertiesOf(document, s);
      const required = new Set<string>((s.required as string[]) ?? []);
      for (const [field, child] of Object.entries(props)) {
        const fits = MESSAGE_FIELDS.includes(field) || STATUS_FIELDS.includes(field) || ENVELOPES.includes(field);
        if (required.has(field) || fits) {
          const v = fromSchema(document, child, message, status, kind, depth + 1, field);
          if (v !== undefined) out[field] = v;
        }
      }
      return out;
    }
    case 'array': {
      const item = fromSchema(document, s.items, message, status, kind, depth + 1);
      return item === undefined ? [] : [item];
    }
    case 'integer':
    case 'number':
      return status;
    case 'boolean':
      return false;
    case 'string':
      // A status-like string field holds the status's name (`NOT_FOUND`), not the message.
      return STATUS_FIELDS.includes(name) ? (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_') : message;
    default:
      return message;
  }
}

/** Does a code name another error than this one (`BAD_REQUEST` on a 404)? */
function namesOtherError(code: string, kind: ErrorKind, status: number): boolean {
  if (namesKind(code, kind, status)) return false;
  return (Object.keys(KIND_WORDS) as ErrorKind[]).some((other) => other !== kind && namesKind(code, other, 0));
}

/**
 * Puts the message and the status into the fields that mean them, at the top or one envelope deep. A
 * code-like string (an example's `"code": "BAD_REQUEST"` reused for a 404) that names another error is
 * renamed after the status (a code that names no error, `APIG.0301`, is the document's and stays) in the example's own spelling; a body whose schema refuses that name is
 * dropped by the caller's validation, and the one built from the schema's enum is sent.
 */
function personalise(body: unknown, message: string, status: number, kind: ErrorKind): unknown {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' ? message : body;
  if (Array.isArray(body)) return body.map((b, i) => (i === 0 ? personalise(b, message, status, kind) : b));
  const out: Json = { ...(body as Json) };
  const messageField = MESSAGE_FIELDS.find((f) => typeof out[f] === 'string');
  if (messageField) out[messageField] = message;
  const statusField = STATUS_FIELDS.find((f) => typeof out[f] === 'number');
  if (statusField) out[statusField] = status;
  for (const f of STATUS_FIELDS) {
    const code = out[f];
    if (f === messageField || typeof code !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(code) || !namesOtherError(code, kind, status)) continue;
    const name = (STATUS_CODES[status] ?? 'error').replace(/[^A-Za-z0-9]+/g, '_');
    out[f] = code === code.toUpperCase() ? name.toUpperCase() : name.toLowerCase();
  }
  for (const envelope of ENVELOPES) if (typeof out[envelope] === 'object' && out[envelope] !== null) out[envelope] = personalise(out[envelope], message, status, kind);
  return out;
}

/** The body for a documented error response, or undefined when no body of that shape validates. */
function documentedBody(contract: ApiContract, op: Operation, status: number, spec: ResponseSpec, message: string, kind: ErrorKind): unknown {
  if (!spec.schema) return undefined;
  const valid = (b: unknown) => b !== undefined && op.validateResponse(status, b).length === 0;
  const examples = Object.values(spec.examples).filter(valid);
  const built = personalise(fromSchema(contract.document, spec.schema, message, status, kind), message, status, kind);
  const carries = (b: unknown) => JSON.stringify(b ?? null).includes(JSON.stringify(message));
  // A schema that names no message field (a bare `object`) says little: problem details fit it and say more.
  const candidates = [...examples.map((e) => personalise(e, message, status, kind)), carries(built) ? built : undefined, problemBody(status, message), ...examples, built];
  return candidates.find(valid);
}

function problemBody(status: number, message: string): Json {
  return { type: 'about:blank', title: message, status, detail: message };
}

/** The `VendorErrors` of an API without a vendor module: every error in its own documented shape. */
export function documentErrors(contract: ApiContract): VendorErrors {
  return (kind, detail, op) => {
    const message = errorMessage(kind, detail);
    const found = op ? documented(op, kind) : undefined;
    if (op && found) {
      const headers = detail.retryAfterSeconds !== undefined ? { 'Retry-After': String(detail.retryAfterSeconds) } : undefined;
      if (!found.spec.schema) return { status: found.status, body: undefined, headers };
      const body = documentedBody(contract, op, found.status, found.spec, message, kind);
      if (body !== undefined) {
        const contentType = found.spec.contentType && found.spec.contentType !== 'application/json' ? found.spec.contentType : undefined;
        return { status: found.status, body, headers, contentType } satisfies ErrorResponse;
      }
    }
    return problemJsonErrors(kind, detail, op);
  };
}
