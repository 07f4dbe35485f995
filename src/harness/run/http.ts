import type { Header } from 'har-format';
import { encodeForm, isFormMediaType, isJsonMediaType, type Operation } from '../../contracts';
import { entryToExchange, META_FIELD, type HarEntryWithMeta } from '../har';
import type { Exchange, ExchangeMeta } from '../types';
import type { Credentials, OutgoingRequest } from './credentials';
import type { RateLimiter } from './limiter';
import type { Reachability } from './reachability';

/** One request of a plan. */
export interface PlannedRequest {
  api: string;
  op: Operation;
  pathParams: Record<string, string>;
  query: Array<[string, string]>;
  body?: unknown;
  /**
   * The media type the body is sent in; default: the one the operation documents its body in (JSON where
   * documented, else a form: Twilio's creates take only `application/x-www-form-urlencoded`).
   */
  mediaType?: string;
  /** false for the "missing credentials" error case. */
  withCredentials: boolean;
  step: string;
  expectStatus?: number[];
  expectItem?: ExchangeMeta['expectItem'];
}

export interface Sent {
  seq: number;
  entry: HarEntryWithMeta;
  exchange: Exchange;
}

export interface SenderOptions {
  baseUrls: Record<string, string>;
  limiters: Record<string, RateLimiter>;
  credentials: (api: string, op: Operation) => Credentials | undefined;
  timeoutMs: number;
  retries: number;
  signal: AbortSignal;
  userAgent: string;
  /** Longest wait a Retry-After may ask for before the run gives up on that request. */
  maxRetryAfterMs?: number;
  onSent?: (sent: Sent) => void;
  /** Counts answered and unanswered requests per target; a target it gave up on gets no more requests. */
  reachability?: Reachability;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class Interrupted extends Error {}

export function buildUrl(base: string, op: Operation, pathParams: Record<string, string>, query: Array<[string, string]>): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''));
  const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${base.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function networkError(err: unknown): string | undefined {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timeout';
  const code = e?.cause?.code;
  if (code && NETWORK_CODES.has(code)) return code;
  if (e?.name === 'TypeError' && /fetch failed|terminated|socket/i.test(e.message ?? '')) return e.cause?.message ?? e.message;
  return undefined;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted('interrupted'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Interrupted('interrupted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` as seconds or an HTTP date → milliseconds. */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * Sends planned requests: rate-limited per API, one timeout per attempt, retried only after a network
 * error or a 429 (honouring Retry-After). Only the last attempt is recorded. Once the reachability
 * tracker gives a target up, its requests that have not started fail with TargetUnreachable.
 */
export class Sender {
  private seq = 0;
  private readonly pending = new Set<Promise<unknown>>();
  constructor(private readonly options: SenderOptions) {}

  send(req: PlannedRequest): Promise<Sent> {
    const sending = this.sendWithRetries(req);
    // Tracked so that the run can wait for requests still in flight when a plan stops early.
    const tracked = sending.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return sending;
  }

  /** Resolves when every request sent so far has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async sendWithRetries(req: PlannedRequest): Promise<Sent> {
    const seq = this.seq++;
    const o = this.options;
    const sleep = o.sleep ?? defaultSleep;
    const limiter = o.limiters[req.api];
    let attempts = 0;
    for (;;) {
      if (o.signal.aborted) throw new Interrupted('interrupted');
      o.reachability?.assertUp(req.api);
      attempts++;
      const final = attempts > o.retries;
      const result = await limiter.run(async () => {
        // A request may have waited for its turn while the target was given up.
        o.reachability?.assertUp(req.api);
        const r = await this.attempt(req);
        // Counted before the limiter lets the next request start, so that once the target is given up
        // no request waiting for its turn is sent.
        if (r.kind === 'response') o.reachability?.answered(req.api);
        else if (final) o.reachability?.unanswered(req.api, r.error ?? 'no response');
        return r;
      }, o.signal).catch((err) => {
        if (o.signal.aborted) throw new Interrupted('interrupted');
        throw err;
      });
      const canRetry = attempts <= o.retries;
      if (result.kind === 'network' && canRetry) {
        await sleep(250 * 2 ** (attempts - 1), o.signal);
        continue;
      }
      if (result.kind === 'response' && result.entry.response.status === 429 && canRetry) {
        const header = result.entry.response.headers.find((h) => h.name.toLowerCase() === 'retry-after')?.value;
        const wait = retryAfterMs(header) ?? 1000 * attempts;
        if (wait <= (o.maxRetryAfterMs ?? 120_000)) {
          await sleep(wait, o.signal);
          continue;
        }
      }
      const entry = result.entry;
      const meta: ExchangeMeta = { step: req.step, attempts };
      if (req.expectStatus) meta.expectStatus = req.expectStatus;
      if (req.expectItem) meta.expectItem = req.expectItem;
      if (result.kind === 'network') meta.error = result.error;
      entry[META_FIELD] = meta;
      const sent: Sent = { seq, entry, exchange: entryToExchange(entry, `#${seq}`) };
      o.onSent?.(sent);
      return sent;
    }
  }

  private async attempt(req: PlannedRequest): Promise<{ kind: 'response' | 'network'; entry: HarEntryWithMeta; error?: string }> {
    const o = this.options;
    const outgoing: OutgoingRequest = {
      method: req.op.method.toUpperCase(),
      url: buildUrl(o.baseUrls[req.api], req.op, req.pathParams, req.query),
      headers: { Accept: 'application/json', 'User-Agent': o.userAgent },
    };
    let mimeType = 'application/json';
    if (req.body !== undefined) {
      const mediaType = req.mediaType ?? req.op.requestBody?.mediaType ?? 'application/json';
      if (isFormMediaType(mediaType)) {
        const form = encodeForm(req.body, mediaType);
        outgoing.body = form.text;
        mimeType = form.contentType;
      } else {
        outgoing.body = JSON.stringify(req.body);
        mimeType = isJsonMediaType(mediaType) && mediaType !== '*/*' ? mediaType : 'application/json';
      }
      outgoing.headers['Content-Type'] = mimeType;
    }
    if (req.withCredentials) o.credentials(req.api, req.op)?.apply(outgoing);
    const started = new Date();
    const t0 = performance.now();
    let t1 = t0;
    const requestHeaders: Header[] = Object.entries(outgoing.headers).map(([name, value]) => ({ name, value }));
    const url = new URL(outgoing.url);
    const base: HarEntryWithMeta = {
      startedDateTime: started.toISOString(),
      time: 0,
      request: {
        method: outgoing.method,
        url: outgoing.url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [{ name: 'Host', value: url.host }, ...requestHeaders],
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        headersSize: -1,
        bodySize: outgoing.body !== undefined ? Buffer.byteLength(outgoing.body) : 0,
        ...(outgoing.body !== undefined ? { postData: { mimeType, text: outgoing.body } } : {}),
      },
      response: { status: 0, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: -1 },
      cache: {},
      timings: { send: 0, wait: 0, receive: 0 },
    };
    try {
      const signal = AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]);
      const res = await fetch(outgoing.url, { method: outgoing.method, headers: outgoing.headers, body: outgoing.body, redirect: 'manual', signal });
      t1 = performance.now();
      const text = await res.text();
      const t2 = performance.now();
      const headers: Header[] = [];
      res.headers.forEach((value, name) => {
        if (name !== 'set-cookie') headers.push({ name, value });
      });
      for (const c of res.headers.getSetCookie()) headers.push({ name: 'set-cookie', value: c });
      base.response = {
        status: res.status,
        statusText: res.statusText,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers,
        content: { size: Buffer.byteLength(text), mimeType: res.headers.get('content-type') ?? 'x-unknown', text },
        redirectURL: res.headers.get('location') ?? '',
        headersSize: -1,
        bodySize: Buffer.byteLength(text),
      };
      base.timings = { send: 0, wait: round(t1 - t0), receive: round(t2 - t1) };
      base.time = round(t2 - t0);
      return { kind: 'response', entry: base };
    } catch (err) {
      if (o.signal.aborted) throw new Interrupted('interrupted');
      const reason = networkError(err);
      const t2 = performance.now();
      base.timings = { send: 0, wait: round(t2 - t0), receive: 0 };
      base.time = round(t2 - t0);
      base.response.statusText = reason ?? (err as Error).message;
      (base.response as unknown as Record<string, unknown>)._error = reason ?? (err as Error).message;
      if (reason) return { kind: 'network', entry: base, error: reason };
      return { kind: 'network', entry: base, error: (err as Error).message };
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
