import type { IncomingHttpHeaders } from 'node:http';
import * as querystring from 'node:querystring';
import type { Operation, ParameterError } from '../contracts';
import { LruMap } from '../util/lru';
import { schemaLimits, type RequestProblem } from './errors';
import type { VendorModule } from './types';

export type RawQuery = Record<string, string | string[] | undefined>;

/** What a request's parameters come to: its parsed query, the coerced values, and what is wrong with them. */
export interface ValidatedParameters {
  /** The query string parsed as given (no prototype; repeated names as arrays). */
  readonly query: RawQuery;
  readonly values: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  /** Empty when the parameters are valid; never mutated (copy before adding to it). */
  readonly problems: readonly RequestProblem[];
}

/** Entries kept per operation: the URLs a client repeats (polling, paging back and forth, retries). */
const MEMO_SIZE = 512;
/** Longer query strings are validated every time rather than held as memo keys. */
const MEMO_MAX_KEY = 2048;

/**
 * Parameter validation of each operation, remembered per request URL. Validation is a pure function of
 * the path, the query string and the operation's declared header parameters, so a repeated request
 * (the common case: a frontend polling a page, a client re-reading a list) gets the answer computed the
 * first time instead of parsing, coercing and validating again: about a fifth of the mock's own work per
 * request on a cached page. Nothing is skipped: an entry is exactly what validation returned for the
 * same input, and entries are never changed after they are stored (they are frozen).
 */
export class ParameterMemo {
  private readonly memo = new WeakMap<Operation, { headerNames: string[]; entries: LruMap<string, ValidatedParameters> }>();

  validate(op: Operation, vendor: VendorModule, pathname: string, rawQuery: string, pathParams: Record<string, string>, headers: IncomingHttpHeaders): ValidatedParameters {
    let memo = this.memo.get(op);
    if (!memo) {
      // Node gives header names in lower case; the operation's declared ones are looked up that way.
      const headerNames = op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
      this.memo.set(op, (memo = { headerNames, entries: new LruMap(MEMO_SIZE) }));
    }
    let key = rawQuery + '\u0000' + pathname;
    for (const name of memo.headerNames) {
      const v = headers[name];
      key += '\u0000' + (v === undefined ? '\u0001' : Array.isArray(v) ? v.join('\u0002') : v);
    }
    const remembered = key.length <= MEMO_MAX_KEY;
    const hit = remembered ? memo.entries.get(key) : undefined;
    if (hit) return hit;
    const result = validateParameters(op, vendor, rawQuery, pathParams, headers);
    if (remembered) memo.entries.set(key, freeze(result));
    return result;
  }
}

/**
 * Frozen all the way down (repeated values are arrays, deep objects objects): what is shared between
 * requests cannot be changed by one of them, and what is derived from the values (the list engine's
 * plans, src/mock/list.ts) may be remembered by the frozen object.
 */
function freeze(v: ValidatedParameters): ValidatedParameters {
  deepFreeze(v.values);
  deepFreeze(v.query);
  Object.freeze(v.problems);
  return Object.freeze(v);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const k of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[k]);
}

/** Parses and validates a request's parameters the way the vendor's framework binds them. */
export function validateParameters(op: Operation, vendor: VendorModule, rawQuery: string, pathParams: Record<string, string>, headers: IncomingHttpHeaders): ValidatedParameters {
  const query = querystring.parse(rawQuery) as RawQuery;
  const lastWins = vendor.repeatedParameters === 'last' ? lastValueWins(op, query) : query;
  const effectiveQuery = vendor.emptyQueryValues === 'absent-unless-plain-string' ? emptyAsAbsent(op, lastWins) : lastWins;
  const validated = op.validateParameters({ path: pathParams, query: effectiveQuery, headers: headers as RawQuery });
  const problems: RequestProblem[] = validated.errors.map((e) => toProblem(op, e));
  if (vendor.unknownQueryParameters === 'reject') {
    for (const name of validated.unknown) problems.push({ in: 'query', name, keyword: 'unknown', message: 'is not a parameter of this operation', params: {}, value: query[name] });
  }
  return { query, values: { path: validated.values.path, query: validated.values.query, header: validated.values.header }, problems };
}

function toProblem(op: Operation, e: ParameterError): RequestProblem {
  const spec = op.parameters.find((p) => p.name === e.name && p.in === e.in);
  return { in: e.in === 'cookie' ? 'header' : e.in, name: e.name, keyword: e.keyword, message: e.message, params: e.params, value: e.value, schema: spec?.schema };
}

/** Applies "last value wins" to repeated non-array query parameters (Starlette, Spring for scalars). */
export function lastValueWins(op: Operation, query: RawQuery): RawQuery {
  // Nothing repeated (nearly every request): the parsed query as it is (`querystring.parse` objects have
  // no prototype either), without a copy per request.
  let repeated = false;
  for (const k in query) if (Array.isArray(query[k])) repeated = true;
  if (!repeated) return query;
  // No prototype: `?__proto__=x` must stay a parameter name.
  const out: RawQuery = Object.create(null);
  for (const [k, v] of Object.entries(query)) {
    if (!Array.isArray(v)) {
      out[k] = v;
      continue;
    }
    const spec = op.parameters.find((p) => p.in === 'query' && p.name === k);
    const isArray = spec && JSON.stringify(spec.schema).includes('"array"');
    out[k] = isArray ? v : v[v.length - 1];
  }
  return out;
}

/**
 * Spring's binding of empty query values: a parameter with a default, or one converted to a type other
 * than a plain string (an enum, a number), is absent when its value is empty (`?visibility=`).
 */
export function emptyAsAbsent(op: Operation, query: RawQuery): RawQuery {
  let out: RawQuery | undefined;
  for (const k in query) {
    if (query[k] !== '') continue;
    const spec = op.parameters.find((p) => p.in === 'query' && p.name === k);
    if (!spec) continue;
    const l = schemaLimits(spec.schema);
    // A string whose documented values the server does not enforce is bound as a plain String, not an enum.
    const plainString = l.type === 'string' && (!l.enum || !spec.enumEnforced) && (spec.schema as { default?: unknown } | undefined)?.default === undefined;
    if (plainString) continue;
    // No prototype: `?__proto__=x` must stay a parameter name.
    out ??= Object.assign(Object.create(null) as RawQuery, query);
    delete out[k];
  }
  return out ?? query;
}
