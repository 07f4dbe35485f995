import { Redactor } from '../redaction/policy';

/**
 * The request journal (`GET /__mock/requests`): the last N requests with their outcome, newest last.
 * Credentials never leave it: the one redaction policy (src/redaction) is applied to every entry read,
 * with the credential values of the served principals.
 */
export interface JournalEntry {
  id: string;
  /** ISO 8601 time the request arrived. */
  time: string;
  method: string;
  /** Path and query, with credential query parameters redacted. */
  url: string;
  headers: Record<string, string>;
  api?: string;
  operationId?: string;
  status: number;
  durationMs: number;
  /** Who answered, when not the mock: a proxied target or a recording. */
  source?: 'proxy' | 'replay';
  /** The answer's contract violations, when it was checked (proxied and replayed answers always are). */
  violations?: string[];
  /** The request body as text, redacted, cut after `JOURNAL_BODY_LIMIT` bytes (`requestBodyTruncated`). */
  requestBody?: string;
  requestBodyTruncated?: boolean;
  /** The response body likewise. */
  responseBody?: string;
  responseBodyTruncated?: boolean;
}

/** Bytes of each body a journal entry keeps (the rest is cut, and the entry says so). */
export const JOURNAL_BODY_LIMIT = 16 * 1024;

/**
 * What is stored per request: the time as a number, the raw URL, headers and body bytes (no copies: the
 * request's buffer, the response's cached page). Formatting, truncation and redaction happen when the
 * journal is read, not on every request; nothing unredacted ever leaves this class.
 */
export type StoredEntry = Omit<JournalEntry, 'time' | 'headers' | 'requestBody' | 'responseBody' | 'requestBodyTruncated' | 'responseBodyTruncated'> & {
  timeMs: number;
  headers: Record<string, string | string[] | undefined>;
  requestBytes?: Buffer;
  responseBytes?: Buffer;
};

/** Which entries a reader wants (`GET /__mock/requests?api=&operationId=&status=&limit=`). */
export interface JournalQuery {
  api?: string;
  operationId?: string;
  status?: number;
  /** Only requests that matched no operation (WireMock's "unmatched"). */
  unmatched?: boolean;
  /** The newest N of those. */
  limit?: number;
}

/** A fixed-size ring buffer. */
export class Journal {
  private readonly entries: StoredEntry[] = [];
  private next = 0;
  total = 0;

  constructor(
    readonly capacity: number,
    private readonly redactor: Redactor = new Redactor(),
  ) {}

  add(entry: StoredEntry): void {
    this.total++;
    if (this.capacity <= 0) return;
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Entries oldest first, those the query asks for. */
  list(query: JournalQuery = {}): JournalEntry[] {
    const ordered = this.entries.length < this.capacity ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    let chosen = ordered.filter(
      (e) =>
        (query.api === undefined || e.api === query.api) &&
        (query.operationId === undefined || e.operationId === query.operationId) &&
        (query.status === undefined || e.status === query.status) &&
        (!query.unmatched || e.operationId === undefined),
    );
    if (query.limit !== undefined) chosen = chosen.slice(Math.max(0, chosen.length - query.limit));
    return chosen.map(({ timeMs, headers, url, requestBytes, responseBytes, ...rest }) => ({
      ...rest,
      url: this.redactor.url(url),
      headers: this.redactor.headers(headers),
      time: new Date(timeMs).toISOString(),
      ...this.body('request', requestBytes),
      ...this.body('response', responseBytes),
    }));
  }

  private body(which: 'request' | 'response', bytes: Buffer | undefined): Partial<JournalEntry> {
    if (!bytes || bytes.length === 0) return {};
    const cut = bytes.length > JOURNAL_BODY_LIMIT;
    const text = this.redactor.text(bytes.subarray(0, JOURNAL_BODY_LIMIT).toString('utf8'));
    return which === 'request' ? { requestBody: text, ...(cut ? { requestBodyTruncated: true } : {}) } : { responseBody: text, ...(cut ? { responseBodyTruncated: true } : {}) };
  }

  clear(): void {
    this.entries.length = 0;
    this.next = 0;
    this.total = 0;
  }
}
