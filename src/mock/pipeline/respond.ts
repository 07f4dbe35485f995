/**
 * Respond: the response as bytes with all its headers in one `writeHead`, after any asked-for delay;
 * with `--validate-responses` checked against the contract (violations logged and kept); then the
 * journal entry. The last step of every request, however it was answered.
 */
import type { ServerResponse } from 'node:http';
import type { Operation } from '../../contracts';
import { bodyPending } from '../request-body';
import type { ApiRuntime, MockResponse, ResponseViolation } from '../types';
import type { StoredEntry } from '../journal';
import type { Exchange, PipelineEnv } from './exchange';
import { requestIdOf } from './handle';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

function contentTypeHeader(mediaType: string | undefined): string {
  return mediaType === undefined || mediaType === 'application/json' ? JSON_CONTENT_TYPE : `${mediaType}; charset=utf-8`;
}

/** `[name, value, name, value, ...]` with one entry per case-insensitive name, the last given value. */
function lastHeaderWins(flat: string[]): string[] {
  const byName = new Map<string, [string, string]>();
  for (let i = 0; i < flat.length; i += 2) {
    const key = flat[i].toLowerCase();
    byName.delete(key);
    byName.set(key, [flat[i], flat[i + 1]]);
  }
  return [...byName.values()].flat();
}

function send(res: ServerResponse, x: Exchange, env: PipelineEnv, response: MockResponse): Buffer | undefined {
  if (res.headersSent || res.destroyed) return undefined;
  // The body goes out as bytes: Content-Length is their length, and Node writes them as they are (a
  // string would be measured here, measured again and encoded by Node's writer).
  let payload: Buffer | undefined = response.bytes;
  if (payload === undefined && response.json !== undefined) payload = Buffer.from(response.json);
  if (payload === undefined && response.body !== undefined) payload = Buffer.from(JSON.stringify(response.body));
  // What a proxied target or a recording answers is always checked as it passes: that is the point of it.
  if ((env.options.validateResponses || x.source) && x.rt && x.op) x.violations = checkResponse(env, x.rt, x.op, response, payload, x.url);
  // All headers in one `writeHead` call: Node then writes them as given, where `setHeader` per header
  // also keeps a lower-cased copy of each in a per-response map (headers set earlier, the CORS ones,
  // are merged by Node).
  let head: string[] = [];
  if (x.rt?.vendor.requestIdHeader) head.push(x.rt.vendor.requestIdHeader, requestIdOf(x, env));
  if (response.headers) for (const k in response.headers) head.push(k, response.headers[k]);
  if (payload !== undefined) head.push('Content-Type', contentTypeHeader(response.contentType), 'Content-Length', String(payload.length));
  // As with `setHeader`, a later value replaces an earlier one of the same name (any case).
  if (response.headers) head = lastHeaderWins(head);
  // Answered before the request body arrived in full (an early 401, a Prefer, a body timeout): the rest of
  // it is never read, so the connection is closed rather than left waiting for bytes that may never come.
  if (bodyPending(x.req)) head.push('Connection', 'close');
  res.writeHead(response.status, head);
  res.end(payload);
  return payload;
}

function parsed(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    return payload.toString('utf8');
  }
}

/** The response's violations of its contract (kept, logged); a proxied body need not even be JSON. */
function checkResponse(env: PipelineEnv, rt: ApiRuntime, op: Operation, response: MockResponse, payload: Buffer | undefined, url: string): string[] | undefined {
  const violations: Array<{ pointer: string; message: string }> = [];
  if (!op.response(response.status)) violations.push({ pointer: '', message: `status ${response.status} is not documented` });
  else if (payload !== undefined && payload.length > 0) {
    for (const v of op.validateResponse(response.status, parsed(payload))) violations.push({ pointer: v.pointer, message: v.message });
  }
  if (!violations.length) return undefined;
  const { controller } = env;
  const entry: ResponseViolation = { api: rt.name, operationId: op.operationId, method: op.method.toUpperCase(), url: controller.redactor.url(url), status: response.status, violations };
  controller.violations.push(entry);
  if (controller.violations.length > 1000) controller.violations.shift();
  const lines = violations.map((v) => `${v.pointer || '/'} ${v.message}`);
  env.log(`contract violation: ${entry.method} ${entry.url} → ${entry.status}: ${lines.join('; ')}`);
  return lines;
}

/** Sends the response (after the asked-for delay: then asynchronously) and journals it. */
export function respond(x: Exchange, env: PipelineEnv, response: MockResponse): void | Promise<void> {
  const { options, controller } = env;
  const delay = x.prefer.delayMs ?? (options.latency ? options.latency.min + Math.random() * (options.latency.max - options.latency.min) : 0);
  if (delay > 0) return controller.delay(delay).then(() => sendAndJournal(x, env, response));
  sendAndJournal(x, env, response);
}

function sendAndJournal(x: Exchange, env: PipelineEnv, response: MockResponse): void {
  const { controller } = env;
  const payload = send(x.res, x, env, response);
  x.release?.();
  const entry: StoredEntry = {
    id: requestIdOf(x, env),
    timeMs: x.arrived,
    method: x.req.method ?? 'GET',
    url: x.url,
    headers: x.req.headers,
    api: x.rt?.name,
    operationId: x.op?.operationId,
    status: response.status,
    durationMs: Math.round((performance.now() - x.started) * 100) / 100,
    // References, not copies: the journal cuts and redacts them when it is read.
    requestBytes: x.raw?.body.length ? x.raw.body : undefined,
    responseBytes: payload,
  };
  // Only where there is one (a literal with conditional spreads is built the slow way on every request).
  if (x.source) entry.source = x.source;
  if (x.violations) entry.violations = x.violations;
  controller.journal.add(entry);
}
