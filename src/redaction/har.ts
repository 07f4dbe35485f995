import type { Cookie, Entry, Har, Header, QueryString } from 'har-format';
import { Redactor } from './policy';
import { REDACTED } from './policy';

/**
 * The redaction policy applied to HAR 1.2 (recordings of `run`, `serve --record`, the benchmark's files):
 * credential headers, query parameters, userinfo and every cookie are replaced before a recording is
 * serialised; then every known credential value is removed from the serialised text wherever it still
 * appears (a token echoed in a response body, a signature in a Location header).
 *
 * Bodies keep their fields: a response field that happens to be named like a secret is part of what the
 * contract checks, and a placeholder there would turn a conforming recording into a violation offline.
 * Known credential values are still removed from bodies.
 */

function headers(list: Header[], redactor: Redactor): Header[] {
  return list.map((h) => ({ ...h, value: redactor.header(h.name, h.value) }));
}

function query(list: QueryString[], redactor: Redactor): QueryString[] {
  return list.map((q) => ({ ...q, value: redactor.queryValue(q.name, q.value) }));
}

/** Cookies are credentials or tracking state: none of their values is kept. */
function cookies(list: Cookie[] | undefined): Cookie[] {
  return (list ?? []).map((c) => ({ ...c, value: REDACTED }));
}

export function redactEntry(entry: Entry, redactor: Redactor): Entry {
  return {
    ...entry,
    request: {
      ...entry.request,
      url: redactor.url(entry.request.url),
      headers: headers(entry.request.headers, redactor),
      queryString: query(entry.request.queryString, redactor),
      cookies: cookies(entry.request.cookies),
    },
    response: {
      ...entry.response,
      headers: headers(entry.response.headers, redactor),
      cookies: cookies(entry.response.cookies),
      redirectURL: entry.response.redirectURL ? redactor.url(entry.response.redirectURL) : entry.response.redirectURL,
    },
  };
}

/**
 * Serialises a HAR with every credential removed. `secrets` are the credential values the writer knows
 * (a run's tokens, access keys and secret keys; the mock's principals); any occurrence left anywhere in
 * the text is replaced as well.
 */
export function serializeRedactedHar(har: Har, secrets: Iterable<string> | Redactor): string {
  const redactor = secrets instanceof Redactor ? secrets : new Redactor(secrets);
  const redacted: Har = { log: { ...har.log, entries: har.log.entries.map((e) => redactEntry(e, redactor)) } };
  return redactor.text(JSON.stringify(redacted, null, 2) + '\n');
}
