import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Huawei Cloud API Gateway "SDK-HMAC-SHA256" AK/SK request signing, as the APIG SDKs do it:
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(HMAC-SHA256(SK, StringToSign))
 *   Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=...
 *
 * CanonicalURI is the path with every segment percent-encoded and a trailing `/` (the SDKs add one);
 * the query is sorted by key (then value) with RFC 3986 encoding; headers are lower-cased, values
 * trimmed, sorted. `X-Sdk-Date` is `YYYYMMDDTHHMMSSZ`. One implementation for both sides: the mock verifies
 * signatures with it and the harness signs its requests with it.
 */

export const ALGORITHM = 'SDK-HMAC-SHA256';
/** APIG refuses signatures whose date is further than 15 minutes from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SignableRequest {
  method: string;
  /** Path without query, as sent (percent-encoded or not). */
  path: string;
  /** Query parameters as decoded strings (repeated ones as arrays). */
  query: Record<string, string | string[] | undefined>;
  /** Header name → value (any case). */
  headers: Record<string, string | string[] | undefined>;
  body?: string | Buffer;
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function canonicalUri(path: string): string {
  const encoded = path.split('/').map((seg) => rfc3986(safeDecode(seg))).join('/');
  return encoded.endsWith('/') ? encoded : encoded + '/';
}

export function canonicalQuery(query: SignableRequest['query']): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) pairs.push([rfc3986(k), rfc3986(item)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(headers: SignableRequest['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(',') : v;
  }
  return undefined;
}

export function stringToSign(req: SignableRequest, signedHeaders: string[], sdkDate: string): string {
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${(headerValue(req.headers, h) ?? '').trim()}\n`).join('');
  const contentSha = headerValue(req.headers, 'x-sdk-content-sha256');
  const bodyHash = contentSha === 'UNSIGNED-PAYLOAD' ? contentSha : createHash('sha256').update(req.body ?? '').digest('hex');
  const canonicalRequest = [req.method.toUpperCase(), canonicalUri(req.path), canonicalQuery(req.query), canonicalHeaders, signedHeaders.join(';'), bodyHash].join('\n');
  return `${ALGORITHM}\n${sdkDate}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
}

export function formatSdkDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function parseSdkDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(t) ? undefined : t;
}

/** Headers the SDKs sign when present: the ones proxies and HTTP clients leave alone. */
const SIGNED_HEADERS = new Set(['host', 'content-type', 'x-sdk-date', 'x-project-id', 'x-domain-id']);

/**
 * Signs a request: returns the headers to add (`X-Sdk-Date`, `Authorization`). `host` is signed when the
 * request carries one, like the SDKs do.
 */
export function signRequest(req: SignableRequest, accessKey: string, secretKey: string, now: Date = new Date()): { 'X-Sdk-Date': string; Authorization: string } {
  const sdkDate = formatSdkDate(now);
  const headers = { ...req.headers, 'x-sdk-date': sdkDate };
  const signed = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => SIGNED_HEADERS.has(h))
    .sort();
  const signature = createHmac('sha256', secretKey).update(stringToSign({ ...req, headers }, signed, sdkDate)).digest('hex');
  return { 'X-Sdk-Date': sdkDate, Authorization: `${ALGORITHM} Access=${accessKey}, SignedHeaders=${signed.join(';')}, Signature=${signature}` };
}

export interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  if (!header.startsWith(ALGORITHM + ' ')) return undefined;
  const fields: Record<string, string> = {};
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (!fields.Access || !fields.SignedHeaders || !fields.Signature) return undefined;
  return { accessKey: fields.Access, signedHeaders: fields.SignedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature: fields.Signature };
}

export type VerifyResult = { ok: true; accessKey: string } | { ok: false; reason: 'malformed' | 'unknown-key' | 'date' | 'expired' | 'signature'; accessKey?: string };

/** Verifies an AK/SK-signed request; `secretFor` looks the secret key up by access key. */
export function verifyRequest(req: SignableRequest, secretFor: (accessKey: string) => string | undefined, now: Date = new Date()): VerifyResult {
  const header = headerValue(req.headers, 'authorization');
  const parsed = header ? parseAuthorization(header) : undefined;
  if (!parsed) return { ok: false, reason: 'malformed' };
  const secret = secretFor(parsed.accessKey);
  if (secret === undefined) return { ok: false, reason: 'unknown-key', accessKey: parsed.accessKey };
  const sdkDate = headerValue(req.headers, 'x-sdk-date');
  const t = sdkDate ? parseSdkDate(sdkDate) : undefined;
  if (t === undefined || !parsed.signedHeaders.includes('x-sdk-date')) return { ok: false, reason: 'date', accessKey: parsed.accessKey };
  if (Math.abs(now.getTime() - t) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'expired', accessKey: parsed.accessKey };
  const expected = createHmac('sha256', secret).update(stringToSign(req, parsed.signedHeaders, sdkDate!)).digest();
  const given = /^[0-9a-f]{64}$/i.test(parsed.signature) ? Buffer.from(parsed.signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature', accessKey: parsed.accessKey };
  return { ok: true, accessKey: parsed.accessKey };
}
