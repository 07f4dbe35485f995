/**
 * The request journal (`GET /__mock/requests`): the last N requests with their outcome, newest last.
 * Credentials never enter it: credential headers and key-like query parameters are redacted when the
 * entry is made.
 */
export interface JournalEntry {
  id: string;
  /** ISO 8601 time the request arrived. */
  time: string;
  method: string;
  /** Path and query, with key-like query parameters redacted. */
  url: string;
  headers: Record<string, string>;
  api?: string;
  operationId?: string;
  status: number;
  durationMs: number;
}

export const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'x-auth-token', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key', 'x-security-token']);
const SECRET_QUERY = /(^|_|-)(key|token|secret|password|signature|sig|access_token|api_key|apikey)$/i;

export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const lower = k.toLowerCase();
    out[lower] = SECRET_HEADERS.has(lower) ? REDACTED : Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        /* keep the raw name */
      }
      return eq >= 0 && SECRET_QUERY.test(decoded) ? `${name}=${encodeURIComponent(REDACTED)}` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/**
 * What is stored per request: the time as a number, the raw URL and headers. Formatting and redaction
 * happen when the journal is read, not on every request; nothing unredacted ever leaves this class.
 */
export type StoredEntry = Omit<JournalEntry, 'time' | 'headers'> & { timeMs: number; headers: Record<string, string | string[] | undefined> };

/** A fixed-size ring buffer. */
export class Journal {
  private readonly entries: StoredEntry[] = [];
  private next = 0;
  total = 0;

  constructor(readonly capacity: number) {}

  add(entry: StoredEntry): void {
    this.total++;
    if (this.capacity <= 0) return;
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Entries oldest first. */
  list(): JournalEntry[] {
    const ordered = this.entries.length < this.capacity ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.map(({ timeMs, headers, url, ...rest }) => ({ ...rest, url: redactUrl(url), headers: redactHeaders(headers), time: new Date(timeMs).toISOString() }));
  }

  clear(): void {
    this.entries.length = 0;
    this.next = 0;
    this.total = 0;
  }
}
