/**
 * The one redaction policy: what counts as a credential, for every place that shows or stores traffic
 * (the mock's request journal and logs, `run`'s recordings and progress lines, the benchmark's files).
 *
 * Two rules, applied together:
 * - **By name.** A header, query parameter or cookie whose name reads as a credential (auth, bearer,
 *   token, key, secret, password, signature, session, credential, ak/sk, cookie, ...) has its value
 *   replaced. Names are split into words (`X-Access-Key` → x access key, `accessKeyId` → access key id)
 *   so that `tokenizer` or `monkey` are not matched, and a name whose words say it is pagination or
 *   ordering (`page_token`, `next_cursor`, `sort_key`, `Idempotency-Key`, `max_tokens`) is left alone:
 *   those values are what an offline check of a recording needs, and they are not credentials.
 * - **By value.** Every credential value the process knows (fixture and generated principals' tokens and
 *   keys, the run's own credentials from the environment) is replaced wherever it still appears, in
 *   headers under any name, query strings, URLs and bodies, raw, JSON-escaped or URL-encoded.
 *
 * The word lists below are the policy; everything else in the program applies it.
 */

import { nameWords } from '../util/words';

export { nameWords };

/** The placeholder every redacted value becomes. */
export const REDACTED = '[REDACTED]';

/** Words that make a header, query parameter or body field name a credential's name. */
const SECRET_WORDS = new Set([
  'auth',
  'authorization',
  'authentication',
  'bearer',
  'token',
  'key',
  'apikey',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'signature',
  'sig',
  'session',
  'sessionid',
  'sid',
  'credential',
  'credentials',
  'cookie',
  'jwt',
  'otp',
  'csrf',
  'xsrf',
  'ak',
  'sk',
]);

/**
 * Words that make a name something other than a credential even though it holds a secret word:
 * pagination tokens and cursors, sort and partition keys, idempotency keys, token counts of LLM APIs,
 * the kind of a scheme (`auth_type`).
 */
const NOT_SECRET_WORDS = new Set(['page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'sync', 'resume', 'sort', 'order', 'partition', 'idempotency', 'max', 'min', 'count', 'limit', 'type', 'method', 'scheme', 'expires', 'expiry', 'length', 'date']);

const verdicts = new Map<string, boolean>();

/** Does this header, query parameter or cookie name carry a credential? (Case-insensitive.) */
export function isSecretName(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    const words = nameWords(name);
    verdict = words.some((w) => SECRET_WORDS.has(w)) && !words.some((w) => NOT_SECRET_WORDS.has(w));
    // A bounded memo: names come from requests, which anyone can make up.
    if (verdicts.size > 10_000) verdicts.clear();
    verdicts.set(name, verdict);
  }
  return verdict;
}

/** Values shorter than this are not searched for in text: they would match ordinary words and numbers. */
const MIN_SECRET_LENGTH = 4;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The policy with the credential values one process knows. `names` adds parameter names the contracts
 * declare as credentials (an API key in a query parameter called `code`), on top of the name pattern.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly names = new Set<string>();
  private pattern: RegExp | undefined;
  private dirty = false;

  constructor(secrets: Iterable<string | undefined> = [], names: Iterable<string> = []) {
    this.addSecrets(secrets);
    for (const n of names) this.names.add(n.toLowerCase());
  }

  /** Learns more credential values (principals of a reloaded fixture file, a run's signing keys). */
  addSecrets(secrets: Iterable<string | undefined>): void {
    for (const s of secrets) {
      if (typeof s === 'string' && s.length >= MIN_SECRET_LENGTH && !this.secrets.has(s)) {
        this.secrets.add(s);
        this.dirty = true;
      }
    }
  }

  /** Is this header or parameter name a credential's, by the pattern or by a contract's declaration? */
  isSecretName(name: string): boolean {
    return isSecretName(name) || this.names.has(name.toLowerCase());
  }

  /** Removes every known credential value from a text, in its raw, JSON-escaped and URL-encoded forms. */
  text(text: string): string {
    const pattern = this.valuePattern();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  /** A header's value as it may be shown or stored. */
  header(name: string, value: string): string {
    return this.isSecretName(name) ? REDACTED : this.text(value);
  }

  /** Headers as they may be shown or stored (names lower-cased, repeated values joined). */
  headers(headers: Record<string, string | string[] | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) continue;
      out[k.toLowerCase()] = this.header(k, Array.isArray(v) ? v.join(', ') : v);
    }
    return out;
  }

  /** A query parameter's value as it may be shown or stored. */
  queryValue(name: string, value: string): string {
    return this.isSecretName(name) ? REDACTED : this.text(value);
  }

  /**
   * A URL (absolute, or a path with a query) with credential query parameters and userinfo redacted.
   * Only the values that must change are rewritten: the rest keeps its original encoding, so that a
   * recording's URL still says exactly what was sent.
   */
  url(url: string): string {
    let out = url;
    // Userinfo (`https://user:password@host`) is a credential whatever it holds; the placeholder has
    // no brackets there, so that the URL still parses.
    const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(out);
    if (userinfo) out = userinfo[1] + (userinfo[2].includes(':') ? 'REDACTED:REDACTED@' : 'REDACTED@') + out.slice(userinfo[0].length);
    const q = out.indexOf('?');
    if (q >= 0) {
      const hash = out.indexOf('#', q);
      const end = hash < 0 ? out.length : hash;
      const query = out
        .slice(q + 1, end)
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          if (eq < 0) return pair;
          let name = pair.slice(0, eq);
          try {
            name = decodeURIComponent(name.replace(/\+/g, ' '));
          } catch {
            /* an undecodable name is judged as written */
          }
          return this.isSecretName(name) ? `${pair.slice(0, eq)}=${encodeURIComponent(REDACTED)}` : pair;
        })
        .join('&');
      out = out.slice(0, q + 1) + query + out.slice(end);
    }
    return this.text(out);
  }

  private valuePattern(): RegExp | undefined {
    if (this.dirty || (this.pattern === undefined && this.secrets.size > 0)) {
      const forms = new Set<string>();
      for (const s of this.secrets) {
        forms.add(s);
        forms.add(JSON.stringify(s).slice(1, -1));
        forms.add(encodeURIComponent(s));
      }
      // Longest first: a secret that contains another is replaced whole.
      const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : undefined;
      this.dirty = false;
    }
    return this.pattern;
  }
}

/** The policy with no known values: names only (log lines of a process that holds no credentials). */
export const namesOnly = new Redactor();
