/**
 * Builds large HAR 1.2 files from a pool of real exchanges, to measure `verify` on realistic input.
 * Pure: tested in test/bench.
 */
import type { Entry, Har, Header } from 'har-format';
import { namesOnly, type Redactor } from '../redaction/policy';

/** One request the bench sent to the mock and what came back. */
export interface PooledExchange {
  method: string;
  /** Absolute URL. */
  url: string;
  requestHeaders: Record<string, string>;
  status: number;
  statusText?: string;
  responseHeaders: Record<string, string>;
  body: string;
  /** Response time, ms. */
  time?: number;
}

/**
 * The same headers (names kept as given) with credential values replaced by the one redaction policy:
 * results files and HARs never hold them.
 */
export function redactHeaders(headers: Record<string, string>, redactor: Redactor = namesOnly): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, redactor.header(k, v)]));
}

function headerList(headers: Record<string, string>, redactor: Redactor): Header[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value: redactor.header(name, value) }));
}

function queryString(url: string): Array<{ name: string; value: string }> {
  return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
}

export function toEntry(x: PooledExchange, startedMs: number, redactor: Redactor = namesOnly): Entry {
  const time = x.time ?? 1;
  const mimeType = Object.entries(x.responseHeaders).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/octet-stream';
  const size = Buffer.byteLength(x.body, 'utf8');
  return {
    startedDateTime: new Date(startedMs).toISOString(),
    time,
    request: {
      method: x.method,
      url: redactor.url(x.url),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(x.requestHeaders, redactor),
      queryString: queryString(x.url),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: x.status,
      statusText: x.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(x.responseHeaders, redactor),
      content: { size, mimeType, text: x.body },
      redirectURL: '',
      headersSize: -1,
      bodySize: size,
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
  };
}

/**
 * `count` entries cycling through the pool in order (the pool's own order is kept, so pagination walks
 * stay walks), one millisecond apart from `startMs`.
 */
export function buildHar(pool: PooledExchange[], count: number, startMs = Date.UTC(2025, 0, 1), redactor: Redactor = namesOnly): Har {
  if (!pool.length && count > 0) throw new Error('buildHar: empty pool');
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) entries.push(toEntry(pool[i % pool.length], startMs + i, redactor));
  return {
    log: {
      version: '1.2',
      creator: { name: 'contract-mock bench', version: '1' },
      entries,
    },
  };
}
