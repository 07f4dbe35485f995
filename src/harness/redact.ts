import type { Entry, Har, Header, QueryString } from 'har-format';

/**
 * Credentials never reach disk: every header, cookie and query parameter that carries one is replaced
 * before a recording is serialised, and then every known secret value is removed from the serialised
 * text wherever it still appears (a token echoed in a response body, a signature in a Location header).
 */

export const REDACTED = '[REDACTED]';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-auth-token',
  'x-security-token',
  'x-subject-token',
  'x-api-key',
  'api-key',
  'cookie',
  'set-cookie',
]);

/** Header names that carry credentials: the known ones and anything named like a token, key or secret. */
export function isSecretHeader(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_HEADERS.has(n) || /(^|[-_])(token|secret|password|api[-_]?key|access[-_]?key|signature|session)([-_]|$)/.test(n);
}

/** Query parameter names that carry credentials (`api_key`, `token`, `access_key`, `signature`, `X-Amz-Signature` …). */
export function isSecretQueryParam(name: string): boolean {
  const n = name.toLowerCase();
  return /(^|[-_.])(key|apikey|token|secret|signature|sig|password|passwd|pwd|auth|credential|credentials|ak|sk|session)([-_.]|$)/.test(n) || /(token|secret|password|apikey|api_key|signature)/.test(n);
}

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? 'REDACTED' : '';
    parsed.password = parsed.password ? 'REDACTED' : '';
    changed = true;
  }
  const params = [...parsed.searchParams];
  if (params.some(([k]) => isSecretQueryParam(k))) {
    // Rebuild by hand: URLSearchParams would re-encode the other values differently from the original.
    const rebuilt = params.map(([k, v]) => `${encodeURIComponent(k)}=${isSecretQueryParam(k) ? encodeURIComponent(REDACTED) : encodeURIComponent(v)}`);
    parsed.search = rebuilt.join('&');
    changed = true;
  }
  return changed ? parsed.toString() : url;
}

function redactHeaders(headers: Header[]): Header[] {
  return headers.map((h) => (isSecretHeader(h.name) ? { ...h, value: REDACTED } : h));
}

function redactQuery(query: QueryString[]): QueryString[] {
  return query.map((q) => (isSecretQueryParam(q.name) ? { ...q, value: REDACTED } : q));
}

export function redactEntry(entry: Entry): Entry {
  return {
    ...entry,
    request: {
      ...entry.request,
      url: redactUrl(entry.request.url),
      headers: redactHeaders(entry.request.headers),
      queryString: redactQuery(entry.request.queryString),
      cookies: entry.request.cookies.map((c) => ({ ...c, value: REDACTED })),
    },
    response: {
      ...entry.response,
      headers: redactHeaders(entry.response.headers),
      cookies: entry.response.cookies.map((c) => ({ ...c, value: REDACTED })),
      redirectURL: entry.response.redirectURL ? redactUrl(entry.response.redirectURL) : entry.response.redirectURL,
    },
  };
}

/**
 * Serialises a HAR with every credential removed. `secrets` are the credential values the run used
 * (tokens, access keys, secret keys); any occurrence left anywhere in the text is replaced as well.
 */
export function serializeRedactedHar(har: Har, secrets: string[]): string {
  const redacted: Har = { log: { ...har.log, entries: har.log.entries.map(redactEntry) } };
  let text = JSON.stringify(redacted, null, 2) + '\n';
  for (const secret of [...new Set(secrets)].filter((s) => s && s.length >= 4).sort((a, b) => b.length - a.length)) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])) {
      text = text.split(form).join(REDACTED);
    }
  }
  return text;
}
