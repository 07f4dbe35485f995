import type { Exchange, Rule, Severity, Violation } from './types';

/** Helpers every check uses to read an exchange; parsing happens once per exchange. */

export type QueryValues = Record<string, string | string[]>;

const parsedBodies = new WeakMap<Exchange, { ok: true; value: unknown } | { ok: false; error: string }>();

/** The response body as JSON; `{ ok: false }` when it is absent or not JSON. */
export function responseJson(exchange: Exchange): { ok: true; value: unknown } | { ok: false; error: string } {
  let parsed = parsedBodies.get(exchange);
  if (!parsed) {
    if (exchange.responseText === undefined) parsed = { ok: false, error: 'body not recorded' };
    else if (exchange.responseText.trim() === '') parsed = { ok: false, error: 'empty body' };
    else {
      try {
        parsed = { ok: true, value: JSON.parse(exchange.responseText) };
      } catch (err) {
        parsed = { ok: false, error: `not JSON (${(err as Error).message})` };
      }
    }
    parsedBodies.set(exchange, parsed);
  }
  return parsed;
}

/** Query parameters of a URL; a repeated name becomes an array, as servers see it. */
export function queryOf(url: string): QueryValues {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }
  return queryOfSearchParams(parsed.searchParams);
}

export function queryOfSearchParams(params: URLSearchParams): QueryValues {
  const out: QueryValues = {};
  for (const [k, v] of params) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0];
  }
}

/** A short, readable rendering of a JSON value for messages. */
export function show(value: unknown, max = 80): string {
  if (value === undefined) return 'absent';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function makeViolation(
  exchange: Exchange,
  operation: string,
  rule: Rule,
  pointer: string,
  expected: string,
  actual: string,
  severity: Severity = 'error',
): Violation {
  return {
    operation,
    exchange: { ref: exchange.ref, method: exchange.method, url: exchange.url, status: exchange.status },
    pointer,
    rule,
    expected,
    actual,
    severity,
  };
}

/** One line: `GET https://… → 200 /data/3/name sort-order: expected …, got …`. */
export function formatViolation(v: Violation): string {
  const at = v.pointer === '' ? '(response)' : v.pointer;
  return `${v.operation} ${v.exchange.method} ${v.exchange.url} → ${v.exchange.status || 'no response'}: ${at} [${v.rule}${v.severity === 'warning' ? ', warning' : ''}] expected ${v.expected}, got ${v.actual}`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => deepEqual(ao[k], bo[k]));
}
