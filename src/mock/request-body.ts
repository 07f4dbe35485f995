/**
 * Request bodies: read within a size and a time limit (a body that never completes is given up on), then
 * checked: media type, nesting depth (before parsing), JSON syntax, schema. A documented form
 * (`application/x-www-form-urlencoded`, `multipart/form-data` with plain fields) is read into the object
 * its schema describes, its text values coerced by that schema (src/contracts/form-body.ts), and checked
 * against it like a JSON body. Problems are vendor-neutral `RequestProblem`s; each vendor words them.
 */
import type { IncomingMessage } from 'node:http';
import { isFormMediaType, isJsonMediaType, type Operation, type SchemaViolation } from '../contracts';
import { MAX_JSON_DEPTH, textNestingExceeds, valueNestingExceeds } from '../util/json-depth';
import type { RequestProblem } from './errors';

export const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** What a request without a body reads as (shared: nothing writes to it). */
export const NO_BODY: RawBody = Object.freeze({ body: Buffer.alloc(0), tooLarge: false });

/**
 * Did the request announce a body that has not arrived in full? (A request without `Content-Length` or
 * `Transfer-Encoding` has none: Node leaves `complete` unset on it until its stream is read, so that
 * flag alone would close every kept-alive GET.)
 */
export function bodyPending(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A request body as read: its bytes, or why there are none. */
export interface RawBody {
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
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<RawBody> {
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

export function bodyProblems(op: Operation, req: IncomingMessage, raw: RawBody, maxBytes: number, timeoutMs: number): { problems: RequestProblem[]; body?: unknown } {
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
  if (isFormMediaType(mediaType)) return formBody(op, text, contentType, mediaType);
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
  return { body, problems: schemaProblems(op.validateRequestBody(body), body) };
}

/** A documented form body: decoded by its media type's schema, then checked against it. */
function formBody(op: Operation, text: string, contentType: string, mediaType: string): { problems: RequestProblem[]; body?: unknown } {
  const body = op.decodeFormBody(text, contentType);
  if (body === undefined) {
    return { problems: [{ in: 'body', name: '', path: [], keyword: 'content-type', message: `a ${mediaType} body needs a boundary in its Content-Type`, params: { given: contentType }, value: text.slice(0, 200) }] };
  }
  // A field sent as JSON text may nest as deep as a JSON body: the same limit.
  if (valueNestingExceeds(body, MAX_JSON_DEPTH)) {
    return { problems: [{ in: 'body', name: '', path: [], keyword: 'depth', message: `the form nests deeper than ${MAX_JSON_DEPTH} levels`, params: { limit: MAX_JSON_DEPTH }, value: {} }] };
  }
  return { body, problems: schemaProblems(op.validateRequestBody(body, mediaType), body) };
}

function schemaProblems(violations: SchemaViolation[], body: unknown): RequestProblem[] {
  return violations.map((v) => ({
    in: 'body' as const,
    name: '',
    path: v.pointer === '' ? [] : v.pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')),
    keyword: v.keyword,
    message: v.message,
    params: v.params,
    value: v.pointer === '' ? body : undefined,
  }));
}
