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

  /** Entries oldest first. */
  list(): JournalEntry[] {
    const ordered = this.entries.length < this.capacity ? this.entries : [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
    return ordered.map(({ timeMs, headers, url, ...rest }) => ({ ...rest, url: this.redactor.url(url), headers: this.redactor.headers(headers), time: new Date(timeMs).toISOString() }));
  }

  clear(): void {
    this.entries.length = 0;
    this.next = 0;
    this.total = 0;
  }
}
