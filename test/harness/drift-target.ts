import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';

/**
 * A tiny implementation of the `catalog` test contract (test/harness/contracts/catalog.openapi.json).
 * Correct by default; with `drift: true` it drifts from its contract in exactly seven ways, which a
 * contract run must find, each once, and nothing else:
 *
 * 1. missing required field: item-07 has no `description`;
 * 2. wrong type: item-03's `size` is the string "30";
 * 3. unsorted page: `sort_by=NAME&order_by=DESC` comes back ascending;
 * 4. ignored filter: `type` is not applied;
 * 5. inconsistent total: `total` counts 3 items that no page ever lists;
 * 6. undocumented status: `sort_by=CREATED&order_by=ASC` answers 500;
 * 7. a value that is not a date-time: item-05's `created_at` is served as epoch seconds ("1704448800",
 *    a serialiser bug: the target sorts by the real date), which also puts every page sorted by
 *    creation out of order. One cause: the schema violation, with the sort findings under it.
 *
 * With `subtleFilter: true` (and no drift) it differs from its contract in one way only, one that a
 * plan trying a filter with values every item matches cannot see: every name starts with "model-", and
 * the `name` filter is applied only when every item matches it (otherwise ignored).
 */

export interface CatalogItem {
  id: string;
  name: string;
  description?: string;
  type: string;
  size: number | string;
  created_at: string;
  visibility: 'PRIVATE' | 'PUBLIC';
  tags: string[] | null;
}

export const CATALOG_TOKEN = 'catalog-secret-token-1234';
export const CATALOG_WORKSPACE = 'ws-1';

const NAMES = ['Aurora', 'Basalt', 'Cobalt', 'Dune', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kelp', 'Lumen', 'Meadow', 'Nimbus', 'Onyx', 'Prairie', 'Quartz', 'Ridge', 'Sierra', 'Tundra'];
const TYPES = ['vision', 'text', 'audio'];

export function catalogItems(drift: boolean, subtleFilter = false): CatalogItem[] {
  return NAMES.map((n, i) => {
    const id = `item-${String(i + 1).padStart(2, '0')}`;
    // Names are not in creation order, so that sorting by name differs from the default order.
    const name = `${NAMES[(i * 7) % NAMES.length]} ${n.toLowerCase()}`;
    const item: CatalogItem = {
      id,
      name: subtleFilter ? `model-${name.toLowerCase().replace(' ', '-')}` : name,
      description: `The ${n} model`,
      type: TYPES[i % TYPES.length],
      size: (i + 1) * 10,
      created_at: new Date(Date.UTC(2024, 0, 1 + i, 10, 0, 0)).toISOString(),
      visibility: i % 2 === 0 ? 'PRIVATE' : 'PUBLIC',
      tags: i % 4 === 0 ? null : [TYPES[i % 3], 'demo'],
    };
    if (drift && id === 'item-07') delete item.description;
    if (drift && id === 'item-03') item.size = '30';
    return item;
  });
}

export interface RunningTarget {
  url: string;
  requests: number;
  close(): Promise<void>;
}

function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** `goneAfter: n`: the target answers n requests, then goes away (drops the connection and stops listening). */
/** How item-05's creation time is served under drift 7: epoch seconds as text, not a date-time. */
function served(item: CatalogItem, drift: boolean): CatalogItem {
  if (!drift || item.id !== 'item-05') return item;
  return { ...item, created_at: String(Date.parse(item.created_at) / 1000) };
}

export async function startCatalogTarget(options: { drift?: boolean; subtleFilter?: boolean; delayMs?: number; goneAfter?: number } = {}): Promise<RunningTarget> {
  const drift = options.drift === true;
  const items = catalogItems(drift, options.subtleFilter === true);
  const app = express();
  let requestId = 0;
  const state = { requests: 0 };
  let gone: Promise<void> | undefined;
  app.use((req, res, next) => {
    state.requests++;
    if (options.goneAfter !== undefined && state.requests > options.goneAfter) {
      gone ??= closeServer(server);
      return void req.socket.destroy();
    }
    res.setHeader('X-Request-Id', `req-${++requestId}`);
    if (options.delayMs) setTimeout(next, options.delayMs);
    else next();
  });
  const bad = (res: express.Response, msg: string) => res.status(400).json({ error_code: 'CAT.0400', error_msg: msg });
  app.get('/v1/:workspace/items', (req, res) => {
    if (req.get('X-Auth-Token') !== CATALOG_TOKEN) return void res.status(401).json({ error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information' });
    const q = req.query as Record<string, string | undefined>;
    const int = (name: string, min: number, max: number, dflt: number): number | undefined => {
      const raw = q[name];
      if (raw === undefined) return dflt;
      if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) return undefined;
      return Number(raw);
    };
    const offset = int('offset', 0, 100000, 0);
    const limit = int('limit', 1, 50, 5);
    if (offset === undefined) return void bad(res, 'offset must be in [0, 100000]');
    if (limit === undefined) return void bad(res, 'limit must be in [1, 50]');
    const sortBy = q.sort_by ?? 'CREATED';
    const orderBy = q.order_by ?? 'DESC';
    if (!['NAME', 'CREATED'].includes(sortBy)) return void bad(res, 'sort_by must be NAME or CREATED');
    if (!['ASC', 'DESC'].includes(orderBy)) return void bad(res, 'order_by must be ASC or DESC');
    if (q.visibility !== undefined && !['PRIVATE', 'PUBLIC', 'ALL'].includes(q.visibility)) return void bad(res, 'visibility must be PRIVATE, PUBLIC or ALL');
    if ((q.name ?? '').length > 64) return void bad(res, 'name is too long');
    if (drift && sortBy === 'CREATED' && orderBy === 'ASC') return void res.status(500).json({ error: 'internal', message: 'sort failed' });
    let list = items.filter((i) => q.name === undefined || i.name.toLowerCase().includes(q.name.toLowerCase()));
    if (options.subtleFilter && list.length < items.length) list = items;
    if (q.type !== undefined && !drift) list = list.filter((i) => i.type === q.type);
    if (q.visibility === 'PRIVATE' || q.visibility === 'PUBLIC') list = list.filter((i) => i.visibility === q.visibility);
    const key = sortBy === 'NAME' ? 'name' : 'created_at';
    let direction = orderBy === 'ASC' ? 1 : -1;
    if (drift && sortBy === 'NAME' && orderBy === 'DESC') direction = 1;
    list = [...list].sort((a, b) => (a[key] < b[key] ? -direction : a[key] > b[key] ? direction : a.id < b.id ? -1 : 1));
    const filtered = q.name !== undefined || q.type !== undefined || (q.visibility !== undefined && q.visibility !== 'ALL');
    const total = list.length + (drift && !filtered ? 3 : 0);
    res.json({ total, items: list.slice(offset, offset + limit).map((i) => served(i, drift)) });
  });
  const { server, url } = await listen(app);
  return {
    url,
    get requests() {
      return state.requests;
    },
    close: () => gone ?? closeServer(server),
  };
}
