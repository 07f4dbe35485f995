import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud API Gateway "SDK-HMAC-SHA256" request signing (AK/SK), as the official APIG SDKs do it:
 *
 *   CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Signature        = hex(hmac-sha256(SK, StringToSign))
 *   Authorization    = SDK-HMAC-SHA256 Access=AK, SignedHeaders=h1;h2, Signature=...
 *
 * The canonical URI ends with `/` (the SDKs append it), segments and query parts are RFC 3986 encoded,
 * query keys sorted, signed headers lower-cased and sorted.
 */

export const SDK_ALGORITHM = 'SDK-HMAC-SHA256';

const SIGNED_HEADERS = new Set(['host', 'content-type', 'x-sdk-date', 'x-project-id', 'x-domain-id']);

export interface SignInput {
  method: string;
  url: string;
  /** The request's headers; host, content-type and x-project-id/x-domain-id are signed (host from the URL when absent). */
  headers: Record<string, string>;
  body?: string;
  accessKey: string;
  secretKey: string;
  /** Signing time; default now. */
  date?: Date;
}

/** `20240102T030405Z`: the X-Sdk-Date format. */
export function sdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

export function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        /* keep as sent */
      }
      return rfc3986(decoded);
    })
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

export function canonicalQuery(search: URLSearchParams): string {
  const pairs = [...search].map(([k, v]) => [rfc3986(k), rfc3986(v)] as const);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** Returns the headers to add: `X-Sdk-Date` and `Authorization`. */
export function signHuaweiRequest(input: SignInput): { 'X-Sdk-Date': string; Authorization: string } {
  const url = new URL(input.url);
  const date = sdkDate(input.date ?? new Date());
  // Signed: what proxies and HTTP clients leave alone (host, date, content type), as the SDKs do.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) {
    const name = k.toLowerCase();
    if (SIGNED_HEADERS.has(name)) headers[name] = v;
  }
  headers['x-sdk-date'] = date;
  if (!headers.host) headers.host = url.host;
  const signed = Object.keys(headers).sort();
  const canonicalHeaders = signed.map((h) => `${h}:${headers[h].trim()}\n`).join('');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    signed.join(';'),
    sha256Hex(input.body ?? ''),
  ].join('\n');
  const stringToSign = `${SDK_ALGORITHM}\n${date}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', input.secretKey).update(stringToSign, 'utf8').digest('hex');
  return {
    'X-Sdk-Date': date,
    Authorization: `${SDK_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signed.join(';')}, Signature=${signature}`,
  };
}
