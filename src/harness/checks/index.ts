import { getByPointer, type ContractSet, type Operation } from '../../contracts';
import type { CheckedExchange, CheckResult, Exchange, OperationSummary, Report, SkippedExchange, Violation } from '../types';
import { CheckContext } from './context';
import { consolidate, itemPointerKey } from './consolidate';
import { checkExchange, revalidation } from './exchange-checks';
import { checkListPage } from './list-checks';
import { checkSequences, itemIdPointer } from './sequence-checks';

export { CheckContext } from './context';
export { checkExchange, describeSchemaViolations, revalidation } from './exchange-checks';
export { consolidate } from './consolidate';
export { checkListPage, filterPredicate, filterFields } from './list-checks';
export { checkSequences, findWalks, itemIdPointer } from './sequence-checks';

export interface MatchOptions {
  /**
   * Only exchanges under these base URLs are checked (the path after the base is matched against the
   * contracts). Without base URLs any host is accepted and the URL's path is matched as it is, or after
   * the path part of one of the contract's `servers`.
   */
  baseUrls?: string[];
}

export type Resolution = { op: Operation; pathParams: Record<string, string> } | { skip: string };

/** Which documented operation an exchange is for, or why it is skipped. */
export function resolveExchange(contracts: ContractSet, exchange: Exchange, options: MatchOptions = {}): Resolution {
  if (exchange.skipReason) return { skip: exchange.skipReason };
  let url: URL;
  try {
    url = new URL(exchange.url);
  } catch {
    return { skip: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { skip: `${url.protocol} URL` };
  const candidates: string[] = [];
  if (options.baseUrls && options.baseUrls.length > 0) {
    const base = options.baseUrls.map((b) => new URL(b)).find((b) => b.origin === url.origin && url.pathname.startsWith(b.pathname.replace(/\/$/, '')));
    if (!base) return { skip: `other host (${url.host})` };
    candidates.push(url.pathname.slice(base.pathname.replace(/\/$/, '').length) || '/');
  } else {
    candidates.push(url.pathname);
    for (const api of contracts.apis) {
      for (const server of api.servers) {
        let prefix: string;
        try {
          prefix = new URL(server, 'http://placeholder').pathname.replace(/\/$/, '');
        } catch {
          continue;
        }
        if (prefix && url.pathname.startsWith(prefix + '/')) candidates.push(url.pathname.slice(prefix.length));
      }
    }
  }
  for (const pathname of candidates) {
    const found = contracts.match(exchange.method, pathname);
    if (found) return { op: found.operation, pathParams: found.pathParams };
  }
  if (exchange.method.toUpperCase() === 'OPTIONS') return { skip: 'CORS preflight' };
  return { skip: 'no documented operation for this method and path' };
}

/** Runs every check on a list of exchanges in the order they happened. */
/** `skipped`: what was left out before anything was sent (a run's skipped parts of its plan), listed after the skipped exchanges. */
export function checkExchanges(contracts: ContractSet, exchanges: Exchange[], options: MatchOptions & { sources?: string[]; skipped?: SkippedExchange[] } = {}): Report {
  const contexts: CheckContext[] = [];
  const skipped: SkippedExchange[] = [];
  for (const exchange of exchanges) {
    const r = resolveExchange(contracts, exchange, options);
    const reason = 'skip' in r ? r.skip : revalidation(exchange);
    if (reason !== undefined) skipped.push({ ref: exchange.ref, method: exchange.method, url: exchange.url, reason });
    else if (!('skip' in r)) contexts.push(new CheckContext(exchange, r.op, r.pathParams));
  }
  const sequences = checkSequences(contexts);
  const checked: CheckedExchange[] = contexts.map((ctx) => ({
    exchange: ctx.exchange,
    api: ctx.op.api,
    operationId: ctx.op.operationId,
    operation: ctx.operation,
    checks: mergeByRule([...checkExchange(ctx), ...(ctx.exchange.status === 0 ? [] : checkListPage(ctx)), ...(sequences.get(ctx) ?? [])]),
  }));
  consolidate(
    checked.map((c) => c.checks),
    contexts.map((ctx) => {
      const items = ctx.items;
      const idPtr = items && itemIdPointer(ctx.op, items[0]);
      return items && idPtr ? itemPointerKey(ctx.op.pagination!.items, items, (item) => getByPointer(item, idPtr)) : undefined;
    }),
  );
  return buildReport(checked, [...skipped, ...(options.skipped ?? [])], options.sources ?? []);
}

/** Checks of a single exchange without neighbours (the Jest matcher); a revalidation has none. */
export function checkSingleExchange(ctx: CheckContext): CheckResult[] {
  if (revalidation(ctx.exchange) !== undefined) return [];
  const results = mergeByRule([...checkExchange(ctx), ...(ctx.exchange.status === 0 ? [] : checkListPage(ctx))]);
  consolidate([results]);
  return results;
}

function mergeByRule(results: CheckResult[]): CheckResult[] {
  const byRule = new Map<string, CheckResult>();
  for (const r of results) {
    const existing = byRule.get(r.rule);
    if (existing) existing.violations.push(...r.violations);
    else byRule.set(r.rule, { rule: r.rule, violations: [...r.violations] });
  }
  return [...byRule.values()];
}

export function buildReport(checked: CheckedExchange[], skipped: SkippedExchange[], sources: string[]): Report {
  const all: Violation[] = checked.flatMap((c) => c.checks.flatMap((r) => r.violations));
  const violations = all.filter((v) => v.severity === 'error');
  const warnings = all.filter((v) => v.severity === 'warning');
  const byOp = new Map<string, OperationSummary>();
  for (const c of checked) {
    let s = byOp.get(c.operation);
    if (!s) {
      s = { operation: c.operation, exchanges: 0, checks: 0, violations: 0, warnings: 0, passed: true };
      byOp.set(c.operation, s);
    }
    s.exchanges++;
    s.checks += c.checks.length;
    for (const r of c.checks) {
      for (const v of r.violations) {
        if (v.severity === 'error') s.violations++;
        else s.warnings++;
      }
    }
    s.passed = s.violations === 0;
  }
  const operations = [...byOp.values()].sort((a, b) => a.operation.localeCompare(b.operation));
  return { sources, checked, skipped, operations, violations, warnings, conform: violations.length === 0 };
}
