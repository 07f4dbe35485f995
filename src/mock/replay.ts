/**
 * `serve --replay FILE.har...`: the recorded answers are served for the requests they answered, matched
 * by method, path and query (parameter order ignored; `--replay-ignore PARAM` for volatile ones, and
 * credential parameters never count), and the stateful mock answers everything else. HARs from `run`,
 * from `serve --record` and from a browser's developer tools all work. Each recording is checked against
 * the contract at start (one summary line), so a stale recording is seen before it misleads anyone.
 */
import type { ContractSet } from '../contracts';
import { checkExchanges } from '../harness/checks';
import { readHarFile } from '../harness/har';
import type { Exchange } from '../harness/types';
import { isSecretName } from '../redaction/policy';
import type { Step } from './pipeline/exchange';
import type { MockResponse } from './types';

/** Response headers not replayed: the mock sets them for the bytes it sends. */
const NOT_REPLAYED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'set-cookie']);

/** The key a request is matched by: method, path, and the query's parameters sorted (ignored ones out). */
export function replayKey(method: string, pathAndQuery: string, ignore: ReadonlySet<string>): string {
  const q = pathAndQuery.indexOf('?');
  const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  const params = [...new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1))].filter(([name]) => !ignore.has(name) && !isSecretName(name));
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `${method.toUpperCase()} ${decodeURIComponent(path)}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

export interface Replay {
  step: Step;
  /** Exchanges that can be replayed, and the summary of their check against the contract. */
  loaded: number;
  summary: string;
}

/** Loads recordings (throws one line naming a file that cannot be read) and builds the replay step. */
export function loadReplay(files: string[], contracts: ContractSet, ignore: string[] = []): Replay {
  const ignored = new Set(ignore);
  const exchanges: Exchange[] = files.flatMap((f) => readHarFile(f));
  const replayable = exchanges.filter((e) => e.status > 0 && e.responseText !== undefined && !e.skipReason);
  const byKey = new Map<string, Exchange[]>();
  for (const e of replayable) {
    let pathAndQuery: string;
    try {
      const u = new URL(e.url);
      pathAndQuery = u.pathname + u.search;
    } catch {
      pathAndQuery = e.url;
    }
    const key = replayKey(e.method, pathAndQuery, ignored);
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const report = checkExchanges(contracts, exchanges, { sources: files });
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const summary = `replay: ${n(replayable.length, 'recorded answer')} from ${n(files.length, 'file')}; checked against the contracts: ${n(report.violations.length, 'violation')}, ${n(report.warnings.length, 'warning')}`;
  // The same request recorded several times (a list polled while it changed) is answered in the recorded order, round and round.
  const next = new Map<string, number>();
  const step: Step = (x) => {
    const key = replayKey(x.req.method === 'HEAD' ? 'GET' : (x.req.method ?? 'GET'), x.url, ignored);
    const list = byKey.get(key);
    if (!list) return undefined;
    const i = next.get(key) ?? 0;
    next.set(key, (i + 1) % list.length);
    const e = list[i];
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(e.responseHeaders)) if (!NOT_REPLAYED.has(name) && name !== 'content-type') headers[name] = value;
    const contentType = e.responseHeaders['content-type']?.split(';')[0].trim();
    x.source = 'replay';
    const response: MockResponse = { status: e.status, headers, bytes: Buffer.from(e.responseText ?? '', 'utf8'), contentType };
    return response;
  };
  return { step, loaded: replayable.length, summary };
}
