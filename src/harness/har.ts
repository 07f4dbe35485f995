import { readFileSync } from 'node:fs';
import type { Entry, Har, Header, Timings } from 'har-format';
import { isFormMediaType } from '../contracts/form-body';
import { namesOnly } from '../redaction/policy';
import { entryProblem } from './har-shape';
import type { Exchange, ExchangeMeta, SkippedExchange } from './types';

/** HAR 1.2 in and out: recordings of `contract-mock run` and exports of a browser's developer tools. */

export class HarError extends Error {}

/** `_contractMock` is where a run keeps what it expected (HAR allows custom fields starting with `_`). */
export const META_FIELD = '_contractMock';

/** `log.creator.name` of the recordings `contract-mock run` writes. */
export const RECORDER_NAME = 'contract-mock';

export type HarEntryWithMeta = Entry & { [META_FIELD]?: ExchangeMeta };

/**
 * What a run keeps of itself in the log (`log._contractMock`): the operations (or parts of their plan)
 * it left out, with why, so that `verify` of the recording lists them as the run's own report did.
 */
export interface HarLogMeta {
  skipped?: Array<{ method: string; url: string; reason: string }>;
}

/** `ref` of a skipped part of the plan (nothing was sent for it, so it has no entry). */
export const PLAN_REF = 'plan';

function redacted(headers: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(headers)) headers[name] = namesOnly.header(name, headers[name]);
  return headers;
}

export function headerRecord(headers: Header[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers ?? []) {
    if (!h || typeof h.name !== 'string') continue;
    const name = h.name.toLowerCase();
    // HTTP/2 pseudo-headers (`:authority`) in browser exports are not headers.
    if (name.startsWith(':')) continue;
    out[name] = out[name] !== undefined ? `${out[name]}, ${h.value}` : String(h.value);
  }
  return out;
}

export function headerList(headers: Record<string, string | string[] | undefined>): Header[] {
  const out: Header[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push({ name, value: String(v) });
  }
  return out;
}

/** Reads and validates one HAR file; throws HarError with a one-line reason. */
export function readHarFile(file: string): Exchange[] {
  return harToExchanges(readHarJson(file), file);
}

/** One HAR file's exchanges and the parts of the plan its run skipped (`log._contractMock.skipped`). */
export function readHarRecording(file: string): { exchanges: Exchange[]; skipped: SkippedExchange[] } {
  const har = readHarJson(file);
  return { exchanges: harToExchanges(har, file), skipped: harPlanSkips(har, file) };
}

/**
 * The parts of the plan a run recorded as skipped, URLs redacted as every exchange's are; [] for a HAR
 * without them (a browser's export). A list that is not one is bad input (HarError naming the field).
 */
export function harPlanSkips(har: unknown, source: string): SkippedExchange[] {
  const meta = ((har as { log?: Record<string, unknown> })?.log?.[META_FIELD] ?? undefined) as HarLogMeta | undefined;
  if (meta === undefined || meta === null) return [];
  if (typeof meta !== 'object') throw new HarError(`${source}: log.${META_FIELD} must be an object`);
  if (meta.skipped === undefined) return [];
  if (!Array.isArray(meta.skipped)) throw new HarError(`${source}: log.${META_FIELD}.skipped must be an array`);
  return meta.skipped.map((s, i) => {
    for (const field of ['method', 'url', 'reason'] as const) {
      if (typeof (s as Record<string, unknown> | null)?.[field] !== 'string') throw new HarError(`${source}: log.${META_FIELD}.skipped[${i}].${field} must be a string`);
    }
    return { ref: PLAN_REF, method: s.method, url: namesOnly.url(s.url), reason: s.reason };
  });
}

function readHarJson(file: string): unknown {
  let text: string;
  try {
    // Read as bytes and decode separately: on Node 20, `readFileSync(file, 'utf8')` takes twice as long
    // as the two steps (measured on a 289 MB HAR: 720 ms against 370 ms of CPU).
    text = readFileSync(file).toString('utf8');
  } catch (err) {
    throw new HarError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let har: unknown;
  try {
    har = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new HarError(`${file} is not JSON: ${(err as Error).message}`);
  }
  return har;
}

export function harToExchanges(har: unknown, source: string): Exchange[] {
  const log = (har as { log?: unknown })?.log as { entries?: unknown } | undefined;
  if (!log || typeof log !== 'object') throw new HarError(`${source} is not a HAR file: no "log" object`);
  if (!Array.isArray(log.entries)) throw new HarError(`${source} is not a HAR file: "log.entries" is not an array`);
  // Status 0 is a request that got no response. In a `run` recording that is the target not answering
  // (a `response-received` finding; verify exits 3 for it, as run did); in a browser export it is a
  // request the browser cancelled or blocked, nothing the target sent (skipped).
  const fromRun = (log as { creator?: { name?: unknown } }).creator?.name === RECORDER_NAME;
  return log.entries.map((raw, i) => {
    // Entries are numbered from 0, as in the exchange refs (`rec.har#3`) the reports show.
    const problem = entryProblem(raw, i);
    if (problem) throw new HarError(`${source}: ${problem}`);
    const entry = raw as HarEntryWithMeta;
    const exchange = entryToExchange(entry, `${source}#${i}`);
    if (exchange.status === 0 && !fromRun) {
      const error = (entry.response as { _error?: unknown })._error ?? (entry as { _error?: unknown })._error;
      exchange.skipReason = `no response recorded${typeof error === 'string' && error ? ` (${error})` : ''}`;
    }
    return exchange;
  });
}

export function entryToExchange(entry: HarEntryWithMeta, ref: string): Exchange {
  const content = entry.response.content ?? ({} as Entry['response']['content']);
  let responseText: string | undefined = typeof content.text === 'string' ? content.text : undefined;
  if (responseText !== undefined && content.encoding === 'base64') responseText = Buffer.from(responseText, 'base64').toString('utf8');
  // An empty body that the recorder did keep is '' (204s, HEAD); a body it dropped is undefined.
  if (responseText === undefined && (content.size === 0 || entry.response.status === 204)) responseText = '';
  let requestBody: unknown;
  const postText = entry.request.postData?.text;
  // A form body stays its text: the checks read it by the operation's schema (CheckContext.requestBody).
  const form = isFormMediaType(entry.request.postData?.mimeType ?? '');
  if (typeof postText === 'string' && postText !== '' && form) requestBody = postText;
  else if (typeof postText === 'string' && postText !== '') {
    try {
      requestBody = JSON.parse(postText);
    } catch {
      requestBody = postText;
    }
  }
  return {
    ref,
    method: entry.request.method.toUpperCase(),
    // What a report shows of an exchange goes through the redaction policy: a browser export holds the
    // session's real tokens, and reports are written to disk and CI logs. (No check reads a credential.)
    url: namesOnly.url(entry.request.url),
    requestHeaders: redacted(headerRecord(entry.request.headers)),
    requestBody,
    status: entry.response.status,
    responseHeaders: redacted(headerRecord(entry.response.headers)),
    responseText,
    startedAt: entry.startedDateTime,
    time: typeof entry.time === 'number' ? entry.time : timingsTotal(entry.timings),
    meta: entry[META_FIELD],
  };
}

/** HAR 1.2: an entry's time is the sum of its timings, -1 meaning "does not apply" (`ssl` is part of `connect`). */
const TIMED_PHASES = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'] as const;
function timingsTotal(timings: Timings | undefined): number | undefined {
  if (!timings) return undefined;
  const phases = TIMED_PHASES.map((k) => timings[k]).filter((t): t is number => typeof t === 'number' && t >= 0);
  return phases.length ? phases.reduce((a, b) => a + b, 0) : undefined;
}

export function emptyHar(creatorVersion: string): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: RECORDER_NAME, version: creatorVersion },
      pages: [],
      entries: [],
    },
  };
}
