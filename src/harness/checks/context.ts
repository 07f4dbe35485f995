import type { Operation, Pagination } from '../../contracts';
import { getByPointer } from '../../contracts';
import { queryOf, responseJson, type QueryValues } from '../exchange';
import type { CheckResult, Exchange, Rule, Severity } from '../types';
import { makeViolation } from '../exchange';

/** An exchange matched to its operation, with what every check reads from it computed once. */
export class CheckContext {
  readonly operation: string;
  readonly query: QueryValues;
  /** Query values coerced by their schemas; a parameter that fails validation is absent here. */
  readonly params: Record<string, unknown>;
  /** Names of query parameters the contract rejects (wrong type, out of range). */
  readonly invalidParams: Set<string>;

  constructor(
    readonly exchange: Exchange,
    readonly op: Operation,
    readonly pathParams: Record<string, string>,
  ) {
    this.operation = `${op.api}.${op.operationId}`;
    this.query = queryOf(exchange.url);
    const result = op.validateParameters({ path: pathParams, query: this.query });
    this.params = result.values.query;
    this.invalidParams = new Set(result.errors.filter((e) => e.in === 'query').map((e) => e.name));
  }

  get ok(): boolean {
    return this.exchange.status >= 200 && this.exchange.status < 300;
  }

  get body(): unknown {
    const parsed = responseJson(this.exchange);
    return parsed.ok ? parsed.value : undefined;
  }

  /** The page's items when this is a successful list response, else undefined. */
  get items(): unknown[] | undefined {
    const p = this.op.pagination;
    if (!p || !this.ok) return undefined;
    const items = getByPointer(this.body, p.items);
    return Array.isArray(items) ? items : undefined;
  }

  /** The page size this request asked for (or the default / fixed size). */
  get limit(): number | undefined {
    const p = this.op.pagination;
    if (!p) return undefined;
    if (p.limit) {
      if (this.invalidParams.has(p.limit.param)) return undefined;
      const v = this.params[p.limit.param];
      return typeof v === 'number' ? v : p.limit.default;
    }
    return p.fixedSize;
  }

  /** Zero-based index of this page's first item among all matching items; undefined for cursor pages. */
  get start(): number | undefined {
    return pageStart(this.op.pagination, this.params, this.invalidParams, this.limit);
  }

  result(rule: Rule): ResultBuilder {
    return new ResultBuilder(this, rule);
  }
}

export function pageStart(
  p: Pagination | undefined,
  params: Record<string, unknown>,
  invalid: Set<string>,
  limit: number | undefined,
): number | undefined {
  if (!p) return undefined;
  if (p.cursor && [p.cursor.before, p.cursor.after].some((c) => c && params[c] !== undefined)) return undefined;
  if (p.page && params[p.page.param] !== undefined) {
    if (invalid.has(p.page.param) || limit === undefined) return undefined;
    return ((params[p.page.param] as number) - (p.page.base ?? 1)) * limit;
  }
  if (p.offset && params[p.offset.param] !== undefined) {
    return invalid.has(p.offset.param) ? undefined : (params[p.offset.param] as number);
  }
  if (p.page && invalid.has(p.page.param)) return undefined;
  if (p.offset && invalid.has(p.offset.param)) return undefined;
  return 0;
}

export class ResultBuilder {
  readonly result: CheckResult;
  constructor(
    private readonly ctx: CheckContext,
    rule: Rule,
  ) {
    this.result = { rule, violations: [] };
  }
  fail(pointer: string, expected: string, actual: string, severity: Severity = 'error'): this {
    this.result.violations.push(makeViolation(this.ctx.exchange, this.ctx.operation, this.result.rule, pointer, expected, actual, severity));
    return this;
  }
}
