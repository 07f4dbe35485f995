import { getByPointer, type Operation } from '../../contracts';
import { PAGINATION_UNITS } from '../../units/pagination';
import type { PlannedRequest, Sent } from './http';
import { operationPlan } from './operation-plan';
import { Planner, type PlanHost } from './plan';

/**
 * How many requests an operation's part of the plan will send, known before the first request (for the
 * progress total).
 *
 * The steps the plan takes from the contract alone are counted exactly, by running the planner itself
 * against a target that answers nothing: every step it declares without needing an answer (boundaries,
 * sorts, enumerable parameters, error cases...) is planned as in the real run, so a step added to the
 * planner is counted here with no change. The steps that depend on answers are then added as the
 * upper bounds the contract's declarations allow: the pagination walks (up to max pages, and as many as
 * the first page's total or size says once it is answered), the last-page boundaries (when a total is
 * declared), filter values taken from listed items, parameter combinations that need a listed value. The
 * real part may send fewer; progress shows the exact count once it is done.
 */

type EstimateHost = Omit<PlanHost, 'send' | 'expect'>;

/**
 * Most requests a filter kind plans from listed values (see Planner.filterValues): equals, two listed
 * values and one no item has; contains, a part of a listed text (in both cases when case-insensitive)
 * and a value no item has; OData, eq, ne, or, and, eq with a value no item has, ge and lt on a date.
 * Scopes take their values from the contract alone, so the dry run counts them.
 */
const FILTER_VALUES: Record<string, (caseInsensitive: boolean) => number> = {
  equals: () => 3,
  'array-contains': () => 3,
  contains: (caseInsensitive) => (caseInsensitive ? 3 : 2),
  odata: () => 7,
  scope: () => 0,
};

/** Requests of the plan's write round trip for one `x-write` operation: change, list, restore, list. */
export const WRITE_ROUND_TRIP = 4;

export interface ListEstimate {
  /** Requests before anything is answered. */
  requests: number;
  /** The estimate again once the first (default) request is answered: its page tells how long the walks are. */
  afterFirstPage(first: Sent): number;
}

export async function estimateListRequests(api: string, op: Operation, host: EstimateHost): Promise<ListEstimate> {
  const planned = await dryRun(api, op, host);
  const p = op.pagination;
  if (!p) return { requests: planned.length, afterFirstPage: () => planned.length };
  const pageSize = p.limit?.default ?? p.fixedSize;
  let extra = 0;
  // Boundaries that need the first answer (the last page and one past it), per style.
  for (const unit of PAGINATION_UNITS) extra += unit.estimate.boundaries?.(p, pageSize) ?? 0;
  const steps = planned.map((r) => r.step);
  const stepsStartingWith = (prefix: string) => steps.filter((s) => s.startsWith(prefix)).length;
  for (const decl of op.filters) {
    // Plus, where the operation sorts, the first value again with the default order named.
    const most = (FILTER_VALUES[decl.kind]?.(decl.caseInsensitive === true) ?? 0) + (op.sorting?.fieldParam ? 1 : 0);
    extra += Math.max(0, most - stepsStartingWith(`filter ${decl.param}:`));
  }
  for (const rule of p.exclusive ?? []) {
    for (const a of rule.params) for (const b of rule.with) extra += Math.max(0, 1 - stepsStartingWith(`error: ${a} combined with ${b}`));
  }
  // The walks: up to max pages each, or as many pages as the first answer says there are.
  const walks = (pages: number) => PAGINATION_UNITS.reduce((n, unit) => n + unit.estimate.walk(p, Math.min(host.maxPages, pages), pageSize), 0);
  return {
    requests: planned.length + extra + walks(host.maxPages),
    afterFirstPage: (first) => planned.length + extra + walks(pagesFrom(op, first, host.maxPages)),
  };
}

/**
 * Requests of the part for the operations no other part covers (operation-plan.ts), built from the
 * contract alone; the run may send fewer (an operation whose path values no list gave is left out).
 */
export function estimateOperationRequests(api: string, ops: Operation[], host: EstimateHost, allowWrites: boolean): number {
  const planner = new Planner({ ...host, expect: () => {}, send: async (req) => noAnswer(req, 0) });
  return ops.reduce((n, op) => n + (operationPlan(planner, api, op, { allowWrites, document: host.document(api) }).requests?.length ?? 0), 0);
}

/** How many pages the first answer says the list has (max pages when it does not say). */
function pagesFrom(op: Operation, first: Sent, maxPages: number): number {
  const p = op.pagination!;
  const pageSize = p.limit?.default ?? p.fixedSize;
  let body: unknown;
  try {
    body = JSON.parse(first.exchange.responseText ?? '');
  } catch {
    return 1;
  }
  const items = getByPointer(body, p.items);
  if (first.exchange.status < 200 || first.exchange.status >= 300 || !Array.isArray(items)) return 1;
  if (pageSize && items.length < pageSize) return 1;
  if (p.hasMore && getByPointer(body, p.hasMore) === false) return 1;
  const total = p.total ? getByPointer(body, p.total) : undefined;
  return typeof total === 'number' && pageSize ? Math.ceil(total / pageSize) : maxPages;
}

/** The requests the planner sends to a target that never answers. */
async function dryRun(api: string, op: Operation, host: EstimateHost): Promise<PlannedRequest[]> {
  const planned: PlannedRequest[] = [];
  const planner = new Planner({
    ...host,
    expect: () => {},
    send: async (req) => {
      planned.push(req);
      return noAnswer(req, planned.length);
    },
  });
  await planner.runList(api, op);
  return planned;
}

function noAnswer(req: PlannedRequest, seq: number): Sent {
  const ref = `estimate#${seq}`;
  return {
    seq,
    entry: {} as Sent['entry'],
    exchange: { ref, method: req.op.method.toUpperCase(), url: req.op.path, requestHeaders: {}, status: 0, responseHeaders: {} },
  };
}
