/**
 * `serve --record FILE.har`: what passed through the proxy, kept in memory and written as HAR 1.2 with the
 * one redaction policy (the caller's credentials removed by name and by value), atomically, on exit and
 * on `POST /__mock/record/flush`. `verify` reads it like any recording.
 */
import type { Entry, Har } from 'har-format';
import { emptyHar, headerList } from '../harness/har';
import { serializeRedactedHar } from '../redaction/har';
import type { Redactor } from '../redaction/policy';
import { writeFileAtomic } from '../util/atomic-write';
import type { ProxiedExchange } from './proxy';

/** Exchanges kept at most (the oldest go first): a long session must not grow the process without bound. */
export const MAX_RECORDED = 10_000;

function version(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function entryOf(x: ProxiedExchange): Entry {
  const url = new URL(x.url);
  const size = Buffer.byteLength(x.responseBody);
  return {
    startedDateTime: x.startedAt.toISOString(),
    time: x.timeMs,
    request: {
      method: x.method,
      url: x.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(x.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(x.requestBody !== undefined ? { postData: { mimeType: x.requestHeaders['content-type'] ?? 'application/json', text: x.requestBody } } : {}),
      headersSize: -1,
      bodySize: x.requestBody === undefined ? 0 : Buffer.byteLength(x.requestBody),
    },
    response: {
      status: x.status,
      statusText: x.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headerList(x.responseHeaders),
      content: { size, mimeType: x.responseHeaders['content-type'] ?? '', text: x.responseBody },
      redirectURL: x.responseHeaders.location ?? '',
      headersSize: -1,
      bodySize: size,
    },
    cache: {},
    timings: { send: 0, wait: x.timeMs, receive: 0 },
  };
}

/** Credential values a caller sent (an Authorization header's token), so that they leave bodies too. */
function sentCredentials(x: ProxiedExchange, redactor: Redactor): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(x.requestHeaders)) {
    if (!redactor.isSecretName(name)) continue;
    out.push(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (token) out.push(token);
  }
  return out;
}

export class Recorder {
  private readonly entries: Entry[] = [];

  constructor(
    readonly file: string,
    private readonly redactor: Redactor,
  ) {}

  add(x: ProxiedExchange): void {
    this.redactor.addSecrets(sentCredentials(x, this.redactor));
    this.entries.push(entryOf(x));
    if (this.entries.length > MAX_RECORDED) this.entries.shift();
  }

  get size(): number {
    return this.entries.length;
  }

  /** Writes everything recorded so far (atomically: a reader never sees half a file). */
  async flush(): Promise<{ file: string; entries: number }> {
    const har: Har = emptyHar(version());
    har.log.entries = [...this.entries];
    await writeFileAtomic(this.file, serializeRedactedHar(har, this.redactor));
    return { file: this.file, entries: this.entries.length };
  }
}
