import { admittedTypes, defaultOrderApplies, getByPointer, selectAll, X, type FilterDecl, type Operation, type ParameterSpec } from '../../contracts';
import { filterFields, filterPredicate, filterUnit, UNLIKELY_STRINGS, type FilterPlanContext } from '../../units/filters';
import { PAGINATION_UNITS, positionParams, type PageAnswer, type Query as UnitQuery } from '../../units/pagination';
import type { PlannedRequest, Sent } from './http';

/**
 * The plan of a contract run, built from the contract's declarations and from what the target answered
 * earlier in the run (filter values, the last page, the model a write changes):
 *
 * 1. the default request, then each pagination style's walk from it (page/offset, cursor, token: see
 *    src/units/pagination), bounded by max pages;
 * 2. boundaries (limit at its minimum and maximum, first and last page), every sort field in both
 *    directions, every filter with values the target returned (one that some but not all listed items
 *    have, so that a target ignoring the filter shows, and one that none has: an empty page), every
 *    other enumerable parameter;
 * 3. documented error cases: values out of range, parameters that may not be combined, no credentials;
 *    a value outside an enum the server does not enforce (`x-enum-enforced: false`) expects a success;
 * 4. with writes allowed, for operations with `x-write`: change an item, list it, restore it, list it.
 *
 * Item operations are resource-plan.ts's (GET by id of listed items, the write round trip); every other
 * operation (singletons, sub-resources, actions) is operation-plan.ts's; path values for all of them
 * come from path-params.ts (given, learned from a list's answer, or documented).
 */

export interface PlanHost {
  maxPages: number;
  /** Sends a request and records it. */
  send(req: PlannedRequest): Promise<Sent>;
  /** Announces how many requests are about to be sent (progress). */
  expect(n: number): void;
  /** Path parameter values for an operation, or the missing names. */
  pathParams(op: Operation): Record<string, string>;
  /** The OpenAPI document of an API (to follow `$ref`s in request body schemas). */
  document(api: string): Record<string, unknown>;
  /** Whether the environment holds credentials for a secured operation (without, expect 401 first). */
  hasCredentials(op: Operation): boolean;
  /** Tells the user something the plan left out, and why. */
  note?(text: string): void;
  /** An operation (or a part of its plan) the run leaves out, with why: listed in the run's report. */
  skipped?(op: Operation, reason: string): void;
}

type Query = UnitQuery;

function itemsOf(op: Operation, sent: Sent): unknown[] {
  if (sent.exchange.status < 200 || sent.exchange.status >= 300 || !op.pagination) return [];
  try {
    const body = JSON.parse(sent.exchange.responseText ?? '');
    const items = getByPointer(body, op.pagination.items);
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function answerOf(op: Operation, sent: Sent): PageAnswer {
  return { items: itemsOf(op, sent), body: bodyOf(sent) };
}

export function bodyOf(sent: Sent): unknown {
  try {
    return JSON.parse(sent.exchange.responseText ?? '');
  } catch {
    return undefined;
  }
}

function queryParam(op: Operation, name: string | undefined): ParameterSpec | undefined {
  return name ? op.parameters.find((p) => p.in === 'query' && p.name === name) : undefined;
}

/**
 * Documented client-error statuses for invalid input, including ones marked x-undocumented; where the
 * operation documents client errors only as a range (`4XX`) or as `default` beside a success, either of
 * the usual two (its answer is then documented whichever it is).
 */
function validationStatuses(op: Operation): number[] {
  const documented = op.responses.map((r) => Number(r.status)).filter((s) => s === 400 || s === 422);
  if (documented.length > 0) return documented;
  const statuses = op.responses.map((r) => r.status);
  if (statuses.some((s) => /^4xx$/i.test(s)) || (statuses.includes('default') && statuses.some((s) => /^2/.test(s)))) return [400, 422];
  return [];
}

export function successStatuses(op: Operation): number[] {
  return op.responses.map((r) => Number(r.status)).filter((s) => s >= 200 && s < 300);
}

/** The value a query parameter takes for `raw` (coerced by its schema), or undefined when the contract refuses it. */
function acceptedValue(op: Operation, name: string, raw: string): { value: unknown } | undefined {
  const r = op.validateParameters({ query: { [name]: raw } });
  if (r.errors.some((e) => e.in === 'query' && e.name === name)) return undefined;
  return { value: r.values.query[name] ?? raw };
}

export { UNLIKELY_STRINGS };

function numberBound(schema: Record<string, unknown>, key: 'minimum' | 'maximum'): number | undefined {
  const v = schema[key];
  if (typeof v === 'number') return v;
  for (const alt of [...((schema.anyOf as Array<Record<string, unknown>>) ?? []), ...((schema.oneOf as Array<Record<string, unknown>>) ?? [])]) {
    const b = numberBound(alt, key);
    if (b !== undefined) return b;
  }
  return undefined;
}

function enumValues(schema: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  for (const alt of [...((schema.anyOf as Array<Record<string, unknown>>) ?? []), ...((schema.oneOf as Array<Record<string, unknown>>) ?? [])]) {
    const e = enumValues(alt);
    if (e) return e;
  }
  return undefined;
}

export class Planner {
  constructor(readonly host: PlanHost) {}

  /** A request of the plan (path parameters from the host; `extra` overrides). */
  req(api: string, op: Operation, query: Query, step: string, extra: Partial<PlannedRequest> = {}): PlannedRequest {
    return { api, op, pathParams: this.host.pathParams(op), query, withCredentials: true, step, ...extra };
  }

  /** Announces and sends requests that do not depend on each other's answers. */
  async sendAll(reqs: PlannedRequest[]): Promise<Sent[]> {
    this.host.expect(reqs.length);
    return Promise.all(reqs.map((r) => this.host.send(r)));
  }

  /** Announces and sends one request (the next step depends on its answer). */
  async sendOne(req: PlannedRequest): Promise<Sent> {
    this.host.expect(1);
    return this.host.send(req);
  }

  /** Plans and sends everything for one list operation; returns the items the target listed. */
  async runList(api: string, op: Operation): Promise<unknown[]> {
    const p = op.pagination!;
    const pool: unknown[] = [];
    const first = await this.sendOne(this.req(api, op, [], 'default request'));
    pool.push(...itemsOf(op, first));
    const firstBody = bodyOf(first);
    const total = p.total ? getByPointer(firstBody, p.total) : undefined;
    const defaultLimit = p.limit?.default ?? p.fixedSize;

    // Pagination walk from the default request.
    await this.walk(api, op, first, pool);

    const batch: PlannedRequest[] = [];
    const used = new Set<string>();
    const mark = (...names: Array<string | undefined>) => names.forEach((n) => n && used.add(n));

    // Boundaries.
    if (p.limit) {
      mark(p.limit.param);
      const min = p.limit.min ?? numberBound(queryParam(op, p.limit.param)?.schema ?? {}, 'minimum') ?? 1;
      batch.push(this.req(api, op, [[p.limit.param, String(min)]], `boundary: ${p.limit.param} at its minimum ${min}`));
      batch.push(this.req(api, op, [[p.limit.param, String(p.limit.max)]], `boundary: ${p.limit.param} at its maximum ${p.limit.max}`));
    }
    for (const unit of PAGINATION_UNITS) {
      mark(...unit.params(p));
      for (const b of unit.plan.boundaries?.(p, { total: typeof total === 'number' ? total : undefined, pageSize: defaultLimit }) ?? []) {
        batch.push(this.req(api, op, b.query, b.step));
      }
    }

    // Sorting: every field, both directions.
    const s = op.sorting;
    if (s?.fieldParam) {
      mark(s.fieldParam, s.orderParam);
      for (const field of Object.keys(s.fields)) {
        for (const dir of ['asc', 'desc'] as const) {
          const query: Query = [[s.fieldParam, field]];
          if (s.orderParam) query.push([s.orderParam, s.orderValues?.[dir] ?? dir]);
          batch.push(this.req(api, op, query, `sort ${field} ${dir}`));
        }
      }
    }

    // Filters, with values the target returned.
    for (const decl of op.filters) {
      mark(decl.param);
      const values = this.filterValues(op, decl, pool);
      for (const [value, why] of values) {
        batch.push(this.req(api, op, [[decl.param, value]], `filter ${decl.param}: ${why}`));
      }
      // Where the default order applies only without filters, a filtered request names its order, so
      // that the order of a filtered list is checked too.
      const [first] = values;
      if (first && s?.default && s.fieldParam && !defaultOrderApplies(s, op.filters, { [decl.param]: first[0] })) {
        const { field, order } = s.default;
        const query: Query = [[decl.param, first[0]], [s.fieldParam, field]];
        if (s.orderParam) query.push([s.orderParam, s.orderValues?.[order] ?? order]);
        batch.push(this.req(api, op, query, `filter ${decl.param}: ${first[1]}, sorted ${field} ${order} (the default order applies only without filters)`));
      }
    }

    // Every other documented query parameter with valid values.
    batch.push(...this.parameterValues(api, op, used));

    // Documented error cases.
    batch.push(...this.errorCases(api, op, pool));

    await this.sendAll(batch);
    return pool;
  }

  /**
   * Every enumerable query parameter not in `used` with each of its valid values (its enum, or true and
   * false); `base`: the query every request also carries (an operation's required parameters).
   */
  parameterValues(api: string, op: Operation, used: ReadonlySet<string>, base: Query = [], extra: Partial<PlannedRequest> = {}): PlannedRequest[] {
    const out: PlannedRequest[] = [];
    const with_ = (name: string, v: string): Query => [...base.filter(([k]) => k !== name), [name, v]];
    for (const param of op.parameters.filter((q) => q.in === 'query' && !used.has(q.name))) {
      const values = enumValues(param.schema);
      if (values) for (const v of values) out.push(this.req(api, op, with_(param.name, String(v)), `parameter ${param.name}=${v}`, extra));
      else if (param.schema.type === 'boolean') for (const v of ['true', 'false']) out.push(this.req(api, op, with_(param.name, v), `parameter ${param.name}=${v}`, extra));
    }
    return out;
  }

  /** Each style's pagination walk from the default request, bounded by max pages (src/units/pagination). */
  private async walk(api: string, op: Operation, first: Sent, pool: unknown[]): Promise<void> {
    const p = op.pagination!;
    const pageSize = p.limit?.default ?? p.fixedSize;
    for (const { plan } of PAGINATION_UNITS) {
      if (!plan.walk) continue;
      const pages: PageAnswer[] = [answerOf(op, first)];
      for (let page = 2; page <= this.host.maxPages; page++) {
        const query = plan.walk.next(p, pages[pages.length - 1], page, pageSize);
        if (!query) break;
        const sent = await this.sendOne(this.req(api, op, query, `${plan.walk.label}: page ${page}`));
        pages.push(answerOf(op, sent));
        pool.push(...pages[pages.length - 1].items);
      }
      const then = plan.walk.then?.(p, pages);
      if (then) await this.sendOne(this.req(api, op, then.query, then.step));
    }
  }

  /**
   * Values for a filter taken from items the target listed, with why each was chosen. A value every
   * listed item has cannot tell a target that honours the filter from one that ignores it, so the first
   * value is one that some but not all listed items have (when there is one), and the last one that no
   * listed item has: its answer must be an empty page with a total of 0.
   */
  private filterValues(op: Operation, decl: FilterDecl, pool: unknown[]): Array<[string, string]> {
    const distinct = (pointer: string) => {
      const seen = new Set<string>();
      const values: unknown[] = [];
      for (const item of pool) {
        for (const v of selectAll(item, pointer)) {
          if (v === null || v === undefined || typeof v === 'object') continue;
          const k = JSON.stringify(v);
          if (!seen.has(k)) {
            seen.add(k);
            values.push(v);
          }
        }
      }
      return values;
    };
    // How many listed items a value matches (by the checks' own predicate), or undefined when the
    // contract would refuse the value (it is then no use to send).
    const matching = (raw: string): number | undefined => {
      const accepted = acceptedValue(op, decl.param, raw);
      if (!accepted) return undefined;
      let matches: (item: unknown) => boolean;
      try {
        matches = filterPredicate(decl, accepted.value);
      } catch {
        return undefined;
      }
      return pool.filter(matches).length;
    };
    const ctx: FilterPlanContext = {
      pool,
      fields: filterFields(decl),
      distinct,
      matching,
      share: (n) => `${n} of ${pool.length} listed items`,
      discriminates: (n): n is number => n !== undefined && n > 0 && n < pool.length,
      noneHas: (candidates) => candidates.find((c) => matching(c) === 0),
      unlikely: (listed) => this.unlikelyValues(op, decl.param, listed),
      documented: () => {
        const param = queryParam(op, decl.param);
        return param ? enumValues(param.schema) : undefined;
      },
    };
    return filterUnit(decl).plan.values(decl, ctx);
  }

  /**
   * Candidates for "a value no item has", valid by the parameter's schema: documented values not
   * listed, numbers in range, strings of the usual shapes. The caller keeps the first that matches none.
   */
  private unlikelyValues(op: Operation, name: string, listed: string[]): string[] {
    const schema = queryParam(op, name)?.schema ?? {};
    const seen = new Set(listed);
    const out: string[] = [];
    const e = enumValues(schema);
    if (e) out.push(...e.map(String).filter((v) => !seen.has(v)));
    const types = admittedTypes(schema);
    if (types.has('integer') || types.has('number')) {
      const min = numberBound(schema, 'minimum');
      const max = numberBound(schema, 'maximum');
      if (min !== undefined && max !== undefined && max - min <= 1000) {
        for (let n = max; n >= min; n--) if (!seen.has(String(n))) out.push(String(n));
      } else out.push(String(max ?? 987654321), String(min ?? -987654321));
    }
    out.push(...UNLIKELY_STRINGS);
    return [...new Set(out)].filter((v) => acceptedValue(op, name, v) !== undefined);
  }

  /**
   * Documented error cases of an operation: values out of range or outside an enum, parameters that may
   * not be combined, no credentials; `base`: the query every request also carries (required parameters).
   */
  errorCases(api: string, op: Operation, pool: unknown[], base: Query = []): PlannedRequest[] {
    const out: PlannedRequest[] = [];
    const q = (name: string, value: string): Query => [...base.filter(([k]) => k !== name), [name, value]];
    const statuses = validationStatuses(op);
    // Without credentials a secured target refuses before it validates anything.
    if (statuses.length > 0 && !this.host.hasCredentials(op) && op.response(401)) statuses.push(401);
    if (statuses.length > 0) {
      for (const param of op.parameters.filter((p) => p.in === 'query')) {
        const min = numberBound(param.schema, 'minimum');
        const max = numberBound(param.schema, 'maximum');
        if (min !== undefined) out.push(this.req(api, op, q(param.name, String(min - 1)), `error: ${param.name} below its minimum ${min}`, { expectStatus: statuses }));
        if (max !== undefined && max < Number.MAX_SAFE_INTEGER) {
          out.push(this.req(api, op, q(param.name, String(max + 1)), `error: ${param.name} above its maximum ${max}`, { expectStatus: statuses }));
        }
        const e = enumValues(param.schema);
        if (e && e.every((v) => typeof v === 'string') && param.enumEnforced) {
          out.push(this.req(api, op, q(param.name, 'NOT_A_DOCUMENTED_VALUE'), `error: ${param.name} outside its enum`, { expectStatus: statuses }));
        }
      }
      // Parameters that may not be combined (deepset: page_number with a cursor or a filter).
      for (const rule of op.pagination?.exclusive ?? []) {
        for (const a of rule.params) {
          for (const b of rule.with) {
            const value = this.validValue(op, b, pool);
            if (value === undefined) continue;
            out.push(this.req(api, op, [...base.filter(([k]) => k !== a && k !== b), [a, '1'], [b, value]], `error: ${a} combined with ${b}`, { expectStatus: statuses }));
          }
        }
      }
    }
    // Documented values the server does not enforce (x-enum-enforced: false): another value is answered
    // like a documented one, so the plan expects a success (401 first where it has no credentials).
    const accepted = [...successStatuses(op), ...(!this.host.hasCredentials(op) && op.response(401) ? [401] : [])];
    for (const param of op.parameters.filter((q) => q.in === 'query' && !q.enumEnforced && enumValues(q.schema))) {
      out.push(this.req(api, op, q(param.name, 'NOT_A_DOCUMENTED_VALUE'), `parameter ${param.name} outside its documented values (not enforced by the server)`, { expectStatus: accepted }));
    }
    if (op.security.some((alt) => alt.length > 0) && op.security.every((alt) => alt.length > 0) && op.response(401)) {
      out.push(this.req(api, op, base, 'error: no credentials', { withCredentials: false, expectStatus: [401] }));
    }
    return out;
  }

  /** A valid value for a parameter, for combinations. */
  private validValue(op: Operation, name: string, pool: unknown[]): string | undefined {
    const p = op.pagination;
    if (p && positionParams(p).includes(name)) {
      for (const unit of PAGINATION_UNITS) {
        const value = unit.plan.sample?.(p, name, pool);
        if (value !== undefined) return value;
      }
      return undefined;
    }
    const decl = op.filters.find((f) => f.param === name);
    if (decl) return this.filterValues(op, decl, pool)[0]?.[0];
    return undefined;
  }

  /** Change one field of a listed item, list it, restore it, list it again. */
  async runWrite(api: string, op: Operation, listOp: Operation, pool: unknown[]): Promise<void> {
    const write = op.extensions[X.write] as { reflectedBy: string; idField: string };
    const document = this.host.document(api);
    const deref = (schema: unknown): Record<string, unknown> => {
      let s = schema as Record<string, unknown> | undefined;
      for (let i = 0; s && typeof s.$ref === 'string' && i < 16; i++) s = getByPointer(document, decodeURIComponent((s.$ref as string).slice(1))) as Record<string, unknown> | undefined;
      return s ?? {};
    };
    const rawProperties = (deref(op.requestBody?.schema).properties as Record<string, unknown> | undefined) ?? {};
    const properties = Object.fromEntries(Object.entries(rawProperties).map(([k, v]) => [k, deref(v)]));
    const item = pool.find((i) => getByPointer(i, write.idField) !== undefined) as Record<string, unknown> | undefined;
    if (!item) return;
    // A plain string field the list shows, preferably one the list can filter on (so the GET finds it).
    const candidates = Object.keys(properties).filter((k) => {
      const text = JSON.stringify(properties[k]);
      return !/(^|_)id$/.test(k) && typeof item[k] === 'string' && (item[k] as string).length > 0 && text.includes('"string"') && !/"(enum|format|pattern|const)"/.test(text);
    });
    const findable = candidates.filter((k) => this.lookupQuery(listOp, k)('x').length > 0);
    const field = findable[0] ?? candidates[0];
    if (!field) return;
    const old = item[field] as string;
    const maxLengthMatch = /"maxLength":(\d+)/.exec(JSON.stringify(properties[field]));
    const maxLength = maxLengthMatch ? Number(maxLengthMatch[1]) : undefined;
    const suffix = ' (contract-mock)';
    const changed = maxLength !== undefined ? `${old.slice(0, Math.max(1, maxLength - suffix.length))}${suffix}`.slice(0, maxLength) : `${old}${suffix}`;
    const id = String(getByPointer(item, write.idField));
    const idParam = write.idField.split('/').pop()!;
    const listPath = this.host.pathParams(listOp);
    const pathParams = { ...listPath, ...this.host.pathParams(op), [idParam]: id };
    const success = op.responses.map((r) => Number(r.status)).filter((s) => s >= 200 && s < 300);
    const lookup = this.lookupQuery(listOp, field);
    const listReq = (step: string, value: string) =>
      this.req(api, listOp, lookup(value), step, { expectItem: { pointer: write.idField, id } });
    await this.sendOne({ ...this.req(api, op, [], `write: change ${field} of ${id}`, { expectStatus: success }), pathParams, body: { [field]: changed } });
    await this.sendOne(listReq(`write: list ${id} after the change`, changed));
    await this.sendOne({ ...this.req(api, op, [], `write: restore ${field} of ${id}`, { expectStatus: success }), pathParams, body: { [field]: old } });
    await this.sendOne(listReq(`write: list ${id} after the restore`, old));
  }

  /** A query that lists the changed item: a filter on the changed field where the list has one. */
  private lookupQuery(listOp: Operation, field: string): (value: string) => Query {
    for (const decl of listOp.filters) {
      const lookup = filterUnit(decl).plan.lookup?.(decl, `/${field}`);
      if (lookup) return lookup;
    }
    return () => [];
  }
}
