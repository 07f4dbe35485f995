/**
 * Authorize (the vendor's scope check: workspace existence and membership) and handle: the operation's
 * handler (by shape, or the vendor's own), or Prism for an operation that fits no shape.
 */
import { randomUUID } from 'node:crypto';
import { prismResponse } from '../prism-bridge';
import type { RequestContext } from '../types';
import { singleHeaders, type Step } from './exchange';

export const authorize: Step = (x) => {
  const check = x.rt!.vendor.authorize;
  if (!check) return undefined;
  const ctx = { operation: x.op!, api: x.rt!, principal: x.principal, pathParams: x.pathParams!, resolved: undefined as RequestContext['resolved'] };
  const refused = check(ctx);
  // The collection authorization resolved: the handler's context starts with it.
  x.resolved = ctx.resolved;
  return refused;
};

export const handle: Step = (x, env) => {
  const rt = x.rt!;
  const op = x.op!;
  const handler = rt.vendor.handlers[op.operationId];
  if (!handler) return prismResponse(rt.contract, op, { method: x.req.method ?? 'GET', path: x.pathname, query: x.validated!.query as Record<string, string | string[]>, headers: singleHeaders(x), body: x.body });
  const ctx: RequestContext = {
    operation: op,
    api: rt,
    principal: x.principal,
    params: x.validated!.values,
    body: x.body,
    headers: x.req.headers,
    requestId: requestIdOf(x, env),
    prefer: x.prefer,
    now: env.now,
    resolved: x.resolved,
  };
  return handler(ctx);
};

/**
 * A random id only where a client sees it (the vendor's request-id header); the journal's own ids are a
 * per-app random prefix and a counter, equally unique and much cheaper per request.
 */
export function requestIdOf(x: Parameters<Step>[0], env: Parameters<Step>[1]): string {
  return (x.requestId ??= x.rt?.vendor.requestIdHeader ? randomUUID().replace(/-/g, '') : env.nextJournalId());
}
