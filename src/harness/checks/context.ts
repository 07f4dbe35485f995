import type { Operation, Pagination } from '../../contracts';
import { getByPointer, isFormMediaType } from '../../contracts';
import { queryOfSearchParams, responseJson, type QueryValues } from '../exchange';
import type { CheckResult, Exchange, Rule, Severity } from '../types';
import { makeViolation } from '../exchange';
import { noteEvidence } from './consolidate';
import { pageStart } from '../../units/pagination';

/** An exchange matched to its operation, with what every check reads from it computed once. */
export class CheckContext {
  readonly operation: string;
  readonly query: QueryValues;
  /** Query values coerced by their schemas; a parameter that fails validation is absent here. */
  readonly params: Record<string, unknown>;
  /** Names of query parameters the contract rejects (wrong type, out of range). */
  readonly invalidParams: Set<string>;

  /**
   * The derived values below are read many times per exchange (every check, and walk detection compares
   * pages with each other), so each is computed on first read and kept: the exchange does not change
   * once it is being checked. `NOT_YET` marks "not computed", since `undefined` is a legitimate value.
   */
  private bodyMemo: unknown = NOT_YET;
  private requestBodyMemo: unknown = NOT_YET;
  private itemsMemo: unknown[] | undefined | typeof NOT_YET = NOT_YET;
  private limitMemo: number | undefined | typeof NOT_YET = NOT_YET;
  private startMemo: number | undefined | typeof NOT_YET = NOT_YET;
  /** `host` of the URL, parsed once with the query (walks group pages by host). */
  readonly host: string;

  constructor(
    readonly exchange: Exchange,
    readonly op: Operation,
    readonly pathParams: Record<string, string>,
  ) {
    this.operation = `${op.api}.${op.operationId}`;
    const { query, host } = urlParts(exchange.url);
    this.query = query;
    this.host = host;
    const result = op.validateParameters({ path: pathParams, query: this.query });
    this.params = result.values.query;
    this.invalidParams = new Set(result.errors.filter((e) => e.in === 'query').map((e) => e.name));
  }

  get ok(): boolean {
    return this.exchange.status >= 200 && this.exchange.status < 300;
  }

  get body(): unknown {
    if (this.bodyMemo === NOT_YET) {
      const parsed = responseJson(this.exchange);
      this.bodyMemo = parsed.ok ? parsed.value : undefined;
    }
    return this.bodyMemo;
  }

  /**
   * The request body as the operation reads it: JSON as parsed; a form (`application/x-www-form-urlencoded`,
   * `multipart/form-data`) decoded by the operation's schema, its text values coerced as the server does;
   * anything else as recorded.
   */
  get requestBody(): unknown {
    if (this.requestBodyMemo === NOT_YET) {
      const body = this.exchange.requestBody;
      const contentType = this.exchange.requestHeaders['content-type'] ?? '';
      this.requestBodyMemo = typeof body === 'string' && isFormMediaType(contentType) ? (this.op.decodeFormBody(body, contentType) ?? body) : body;
    }
    return this.requestBodyMemo;
  }

  /** The page's items when this is a successful list response, else undefined. */
  get items(): unknown[] | undefined {
    if (this.itemsMemo === NOT_YET) {
      const p = this.op.pagination;
      const items = p && this.ok ? getByPointer(this.body, p.items) : undefined;
      this.itemsMemo = Array.isArray(items) ? items : undefined;
    }
    return this.itemsMemo;
  }

  /** The page size this request asked for (or the default / fixed size). */
  get limit(): number | undefined {
    if (this.limitMemo === NOT_YET) this.limitMemo = pageLimit(this.op.pagination, this.params, this.invalidParams);
    return this.limitMemo;
  }

  get pagination(): Pagination | undefined {
    return this.op.pagination;
  }

  /** Zero-based index of this page's first item among all matching items; undefined for cursor and token pages. */
  get start(): number | undefined {
    if (this.startMemo === NOT_YET) this.startMemo = pageStart(this.op.pagination, this.params, this.invalidParams, this.limit);
    return this.startMemo;
  }

  result(rule: Rule): ResultBuilder {
    return new ResultBuilder(this, rule);
  }
}

const NOT_YET: unique symbol = Symbol('not computed yet');

/** Query values and host of a URL, from one parse (none for a URL that does not parse). */
function urlParts(url: string): { query: QueryValues; host: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { query: {}, host: '' };
  }
  return { query: queryOfSearchParams(parsed.searchParams), host: parsed.host };
}

export function pageLimit(p: Pagination | undefined, params: Record<string, unknown>, invalid: Set<string>): number | undefined {
  if (!p) return undefined;
  if (p.limit) {
    if (invalid.has(p.limit.param)) return undefined;
    const v = params[p.limit.param];
    return typeof v === 'number' ? v : p.limit.default;
  }
  return p.fixedSize;
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
  /** A failure that read the values at `breaches` (see consolidate.ts: a schema violation there explains it). */
  failOn(breaches: string[][], pointer: string, expected: string, actual: string): this {
    const v = makeViolation(this.ctx.exchange, this.ctx.operation, this.result.rule, pointer, expected, actual);
    noteEvidence(v, breaches);
    this.result.violations.push(v);
    return this;
  }
}
