/**
 * The five benchmarked requests. Tokens, workspaces and values (a provider to filter on, an id deep in
 * the list, a word to search for) are discovered from the running mock and its fixture principals, so
 * that the same scenarios work at the default size and at `--count N`.
 */
import type { Scenario } from './types';
import type { ApiTenancy } from './servers/mock-adapter';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export async function httpGet(url: string, headers: Record<string, string>): Promise<HttpAnswer> {
  const res = await fetch(url, { headers });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

async function getJson(base: string, path: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  const answer = await httpGet(base + path, headers);
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

function tenancy(apis: ApiTenancy[], api: string): ApiTenancy {
  const t = apis.find((a) => a.api === api);
  if (!t) throw new Error(`the mock's fixtures have no API ${api}`);
  return t;
}

/** A principal that may use a workspace, and the workspace of theirs holding the most records. */
function principalAndWorkspace(t: ApiTenancy, needScope?: string): { token: string; workspace?: string } {
  const principals = t.principals.filter((p) => !needScope || !p.scopes || p.scopes.includes(needScope));
  if (!principals.length) throw new Error(`${t.api}: no principal${needScope ? ` with scope ${needScope}` : ''}`);
  if (!t.workspaces.length) return { token: principals[0].token };
  let best: { token: string; workspace: string; records: number } | undefined;
  for (const p of principals) {
    for (const ws of p.workspaces ?? t.workspaces) {
      const records = t.recordsPerWorkspace[ws] ?? 0;
      if (!best || records > best.records) best = { token: p.token, workspace: ws, records };
    }
  }
  return best!;
}

const q = encodeURIComponent;

/**
 * At most this many variants per scenario: several times the mock's page cache (64 pages), so that
 * round-robin over them misses it at every size. Fewer when the data set cannot give that many.
 */
export const MAX_VARIANTS = 200;

function cap<T>(list: T[]): T[] {
  if (list.length <= MAX_VARIANTS) return list;
  // Spread over the whole list rather than its head.
  const step = list.length / MAX_VARIANTS;
  return Array.from({ length: MAX_VARIANTS }, (_, i) => list[Math.floor(i * step)]);
}

function items(body: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const v = body[key];
  return Array.isArray(v) ? (v as Array<Record<string, unknown>>) : [];
}

export type ScenarioBuilder = (base: string, apis: ApiTenancy[]) => Promise<Scenario>;

export const SCENARIO_BUILDERS: Record<string, ScenarioBuilder> = {
  async 'scriptix-default'(_base, apis) {
    const t = tenancy(apis, 'scriptix');
    const { token } = principalAndWorkspace(t, 'custom_models:read');
    const variants: string[] = [];
    for (let size = 10; size <= 40; size++) {
      for (let page = 1; page <= Math.floor(t.records / size); page++) variants.push(`/api/v3/custom_models?page=${page}&per_page=${size}`);
    }
    return {
      variants: cap(variants),
      id: 'scriptix-default',
      title: 'Scriptix default page (25 items)',
      api: 'scriptix',
      method: 'GET',
      path: '/api/v3/custom_models?page=1&per_page=25',
      headers: { authorization: `Bearer ${token}` },
    };
  },

  async 'deepset-filter-sort'(base, apis) {
    const { token, workspace } = principalAndWorkspace(tenancy(apis, 'deepset'));
    const headers = { authorization: `Bearer ${token}` };
    const prefix = `/api/v2/workspaces/${q(workspace!)}/models/custom`;
    const first = await getJson(base, `${prefix}?limit=100`, headers);
    const provider = String((items(first, 'data')[0] ?? {}).provider ?? 'openai');
    const filterOf = (p: string) => `provider eq '${p.replace(/'/g, "''")}'`;
    const filter = filterOf(provider);
    const providers = [...new Set(items(first, 'data').map((m) => String(m.provider)))];
    const variants: string[] = [];
    for (const p of providers) {
      for (const field of ['name', 'provider', 'created_at']) {
        for (const order of ['ASC', 'DESC']) for (let limit = 8; limit <= 12; limit++) variants.push(`${prefix}?limit=${limit}&filter=${q(filterOf(p))}&field=${field}&order=${order}`);
      }
    }
    return {
      variants: cap(variants),
      id: 'deepset-filter-sort',
      title: `deepset OData filter + sort by name`,
      api: 'deepset',
      method: 'GET',
      path: `${prefix}?limit=10&filter=${q(filter)}&field=name&order=ASC`,
      headers,
    };
  },

  async 'deepset-cursor-deep'(base, apis) {
    const { token, workspace } = principalAndWorkspace(tenancy(apis, 'deepset'));
    const headers = { authorization: `Bearer ${token}` };
    const prefix = `/api/v2/workspaces/${q(workspace!)}/models/custom`;
    const total = Number((await getJson(base, `${prefix}?limit=1`, headers)).total);
    // The item 90% down the default order (created_at DESC): the cursor page after it is deep in the list.
    const position = Math.max(1, Math.floor(total * 0.9));
    const at = await getJson(base, `${prefix}?limit=1&page_number=${position}`, headers);
    const id = String(((at.data as Array<Record<string, unknown>>)[0] ?? {}).model_id);
    // Cursors from the last 30 % of the list (up to 100 of them), several page sizes each.
    const tailStart = Math.max(1, Math.floor(total * 0.7));
    const tailSize = Math.min(100, total - tailStart + 1);
    const tail = await getJson(base, `${prefix}?limit=${tailSize}&page_number=${Math.floor((tailStart - 1) / tailSize) + 1}`, headers);
    const variants: string[] = [];
    for (const m of items(tail, 'data')) for (let limit = 6; limit <= 14; limit++) variants.push(`${prefix}?limit=${limit}&after=${q(String(m.model_id))}`);
    return {
      variants: cap(variants),
      id: 'deepset-cursor-deep',
      title: `deepset cursor page at 90% of the list`,
      api: 'deepset',
      method: 'GET',
      path: `${prefix}?limit=10&after=${q(id)}`,
      headers,
    };
  },

  async 'openwebui-search'(base, apis) {
    const { token } = principalAndWorkspace(tenancy(apis, 'openwebui'));
    const headers = { authorization: `Bearer ${token}` };
    const first = await getJson(base, '/api/models/list?page=1', headers);
    const name = String(((first.items as Array<Record<string, unknown>>)[0] ?? {}).name ?? 'model');
    // A short word from a real name, lower-cased: matches some models, as a user typing would.
    const word = (name.split(/[^A-Za-z0-9]+/).find((w) => w.length >= 3) ?? name).slice(0, 4).toLowerCase();
    // Other searches a user would type: 3- and 4-letter beginnings of words of real names.
    const words = new Set<string>();
    for (const m of items(first, 'items')) {
      for (const w of String(m.name ?? '').toLowerCase().split(/[^a-z0-9]+/)) if (w.length >= 3) words.add(w.slice(0, 3)).add(w.slice(0, 4));
    }
    const variants: string[] = [];
    for (const w of words) for (const direction of ['asc', 'desc']) for (const orderBy of ['name', 'created_at']) variants.push(`/api/models/list?query=${q(w)}&page=1&order_by=${orderBy}&direction=${direction}`);
    return {
      variants: cap(variants),
      id: 'openwebui-search',
      title: `Open WebUI search`,
      api: 'openwebui',
      method: 'GET',
      path: `/api/models/list?query=${q(word)}&page=1`,
      headers,
    };
  },

  async 'dataarts-visibility-sort'(base, apis) {
    const { token, workspace } = principalAndWorkspace(tenancy(apis, 'dataarts-fabric'));
    const prefix = `/v1/workspaces/${q(workspace!)}/models`;
    const total = Number((await getJson(base, `${prefix}?visibility=ALL&limit=1`, { 'x-auth-token': token })).total);
    const variants: string[] = [];
    for (const sortBy of ['NAME', 'CREATE_TIME', 'UPDATE_TIME']) {
      for (const orderBy of ['ASC', 'DESC']) {
        for (let offset = 0; offset + 10 <= Math.max(10, total); offset += 1) {
          for (let limit = 8; limit <= 12; limit++) variants.push(`${prefix}?visibility=ALL&sort_by=${sortBy}&order_by=${orderBy}&limit=${limit}&offset=${offset}`);
        }
      }
    }
    return {
      variants: cap(variants),
      id: 'dataarts-visibility-sort',
      title: 'DataArts visibility=ALL, sort by NAME',
      api: 'dataarts-fabric',
      method: 'GET',
      path: `/v1/workspaces/${q(workspace!)}/models?visibility=ALL&sort_by=NAME&order_by=ASC&limit=10`,
      headers: { 'x-auth-token': token },
    };
  },

  /** The generic engine on a plain OpenAPI file (docs/examples/tasks.openapi.yaml): schema fixtures, no vendor code. */
  async 'tasks-generic'(base, apis) {
    const { token, workspace } = principalAndWorkspace(tenancy(apis, 'tasks'));
    const headers = { 'x-api-key': token };
    const prefix = `/projects/${q(workspace!)}/tasks`;
    await getJson(base, `${prefix}?page_size=10`, headers);
    const variants: string[] = [];
    for (const orderBy of ['CREATE_TIME', 'UPDATE_TIME', 'PRIORITY', 'TITLE']) {
      for (const direction of ['asc', 'desc']) {
        for (const status of ['', 'TODO', 'IN_PROGRESS', 'DONE']) for (let size = 5; size <= 15; size++) variants.push(`${prefix}?page_size=${size}&order_by=${orderBy}&direction=${direction}${status ? `&status=${status}` : ''}`);
      }
    }
    return {
      variants: cap(variants),
      id: 'tasks-generic',
      title: 'generic engine: tasks from a plain OpenAPI file, sorted by priority',
      api: 'tasks',
      method: 'GET',
      path: `${prefix}?page_size=10&order_by=PRIORITY&direction=asc`,
      headers,
    };
  },
};

export const SCENARIO_IDS = Object.keys(SCENARIO_BUILDERS);
