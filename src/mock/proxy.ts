/**
 * `serve --proxy API=URL`: that API's requests go to a real target (staging), and the target's answers
 * come back, validated against the contract as they pass (violations in the log, `GET /__mock/violations`
 * and the journal). With `--proxy-fallback`, an operation the target does not answer (connection refused,
 * timeout, a 5xx) is answered by the stateful mock instead.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { MockResponse } from './types';
import { readBody } from './request-body';
import type { Step } from './pipeline/exchange';

/** Headers that belong to one connection, not to the request or the response (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);
/** Response headers the mock sets itself (it sends the body it received, uncompressed). */
const RESPONSE_OWN = new Set([...HOP_BY_HOP, 'content-encoding', 'date']);

/** How long a proxied request may take before the target counts as not answering. */
export const PROXY_TIMEOUT_MS = 30_000;

function forwardHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k)) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  // The body is validated as it passes: ask for it uncompressed.
  out['accept-encoding'] = 'identity';
  return out;
}

/** One exchange that passed through, for the recorder. */
export interface ProxiedExchange {
  startedAt: Date;
  timeMs: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status: number;
  statusText: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

export interface ProxyOptions {
  targets: Record<string, string>;
  fallback: boolean;
  /** Called with every exchange that passed through (the recorder). */
  onExchange?: (x: ProxiedExchange) => void;
  timeoutMs?: number;
  log: (line: string) => void;
}

/**
 * The pipeline step (after `route`): forwards the request when its API is proxied. On a target that does
 * not answer, with fallback the request goes on to the mock (the body already read is kept for it),
 * without fallback a 502 in problem details (the target's failure is no contract answer to invent).
 */
export function proxyStep(options: ProxyOptions): Step {
  return async (x, env) => {
    const base = x.rt && options.targets[x.rt.name];
    if (!base) return undefined;
    const hasBody = x.req.headers['content-length'] !== undefined || x.req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !x.raw) x.raw = await readBody(x.req, env.maxBodyBytes, env.bodyTimeoutMs);
    const target = new URL(base.replace(/\/+$/, '') + x.url);
    const started = new Date();
    const t0 = performance.now();
    let answer: MockResponse & { statusText: string; text: string };
    try {
      const res = await fetch(target, {
        method: x.req.method,
        headers: forwardHeaders(x.req.headers),
        body: hasBody && x.raw && !x.raw.tooLarge && !x.raw.timedOut ? new Uint8Array(x.raw.body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? PROXY_TIMEOUT_MS),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (!RESPONSE_OWN.has(name)) headers[name] = value;
      });
      answer = { status: res.status, statusText: res.statusText, headers, bytes, text: bytes.toString('utf8') };
      // The target's own Content-Type, as it sent it.
      const contentType = res.headers.get('content-type');
      if (contentType) answer.contentType = contentType.split(';')[0].trim();
    } catch (err) {
      const why = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      options.log(`proxy: ${x.rt!.name} ${x.req.method} ${env.controller.redactor.url(target.toString())} did not answer (${why})`);
      if (options.fallback) return undefined;
      return { status: 502, contentType: 'application/problem+json', body: { type: 'https://contract-mock.dev/errors/proxy', title: 'The proxied target did not answer', status: 502, detail: `${x.rt!.name}: ${why}` } };
    }
    if (answer.status >= 500 && options.fallback) {
      options.log(`proxy: ${x.rt!.name} answered ${answer.status}; the mock answers instead (--proxy-fallback)`);
      return undefined;
    }
    options.onExchange?.({
      startedAt: started,
      timeMs: Math.round(performance.now() - t0),
      method: x.req.method ?? 'GET',
      url: target.toString(),
      requestHeaders: forwardHeaders(x.req.headers),
      requestBody: x.raw && x.raw.body.length ? x.raw.body.toString('utf8') : undefined,
      status: answer.status,
      statusText: answer.statusText,
      responseHeaders: { ...answer.headers, ...(answer.contentType ? { 'content-type': answer.contentType } : {}) },
      responseBody: answer.text,
    });
    x.source = 'proxy';
    return { status: answer.status, headers: answer.headers, bytes: answer.bytes, contentType: answer.contentType };
  };
}
