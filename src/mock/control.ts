/**
 * The mock's own endpoints under `/__mock`: health, principals, the request journal, violations, reset.
 * A table of routes (`METHOD /path` → handler), not a chain of conditions: a new endpoint is one entry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockController } from './controller';
import { principalsOf } from './principals';

/** The mock's own control endpoints live under this prefix. */
export const CONTROL_PREFIX = '/__mock';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

/** The journal, filtered by `api`, `operationId`, `status` and `limit` (the newest N). */
function journal(c: MockController, res: ServerResponse, query: URLSearchParams, unmatched: boolean): void {
  const number = (name: string): number | undefined | 'bad' => {
    const v = query.get(name);
    if (v === null) return undefined;
    return /^\d{1,9}$/.test(v) ? Number(v) : 'bad';
  };
  const status = number('status');
  const limit = number('limit');
  if (status === 'bad' || limit === 'bad') {
    sendJson(res, 400, { error: `${status === 'bad' ? 'status' : 'limit'} must be a non-negative integer` });
    return;
  }
  const requests = c.journal.list({ api: query.get('api') ?? undefined, operationId: query.get('operationId') ?? undefined, status, limit, unmatched });
  sendJson(res, 200, { capacity: c.journal.capacity, total: c.journal.total, requests });
}

type ControlHandler = (c: MockController, res: ServerResponse, query: URLSearchParams) => void;

const ROUTES: Record<string, ControlHandler> = {
  'GET /health': (c, res) =>
    sendJson(res, 200, {
      status: 'ok',
      uptimeSeconds: Math.round((Date.now() - c.startedAt) / 1000),
      inFlight: c.inFlight,
      apis: c.runtimes.map((rt) => ({ name: rt.name, records: rt.store.recordCount, principals: rt.fixtures.principals.length })),
      operations: c.operations(),
    }),
  // Who can call the mock, with their credentials: these are fixture data, not secrets.
  'GET /principals': (c, res) => sendJson(res, 200, { principals: principalsOf(c.runtimes) }),
  'GET /requests': (c, res, query) => journal(c, res, query, false),
  // Requests that matched no operation (a typo in a path, a call the contracts do not have).
  'GET /requests/unmatched': (c, res, query) => journal(c, res, query, true),
  'DELETE /requests': (c, res) => {
    c.journal.clear();
    res.statusCode = 204;
    res.end();
  },
  'GET /violations': (c, res) => sendJson(res, 200, { validating: Boolean(c.options.validateResponses), violations: c.violations }),
  'POST /record/flush': (c, res) => {
    if (!c.recorder) {
      sendJson(res, 404, { error: 'not recording: start the mock with --proxy API=URL --record FILE.har' });
      return;
    }
    c.recorder.flush().then(
      (written) => sendJson(res, 200, written),
      (err: Error) => sendJson(res, 500, { error: `cannot write the recording: ${err.message.split('\n')[0]}` }),
    );
  },
  'POST /reset': (c, res, query) => {
    const api = query.get('api') ?? undefined;
    if (api && !c.runtime(api)) sendJson(res, 404, { error: `unknown API ${api}`, apis: c.runtimes.map((r) => r.name) });
    else sendJson(res, 200, { reset: c.reset(api) });
  },
};

/** Answers a control request; false when `pathname` is no control endpoint (the operations may have it). */
export function control(controller: MockController, req: IncomingMessage, res: ServerResponse, pathname: string, rawQuery: string): boolean {
  const handler = ROUTES[`${req.method} ${pathname.slice(CONTROL_PREFIX.length)}`];
  if (!handler) return false;
  handler(controller, res, new URLSearchParams(rawQuery));
  return true;
}
