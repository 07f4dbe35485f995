/**
 * Route: the operation a request is for, by method and path (documented paths and aliases; HEAD as GET).
 * No path: a 404 in problem details (no API is known yet); the path with another method: the vendor's
 * 405 with `Allow`. The parameters are validated here (remembered per URL) and answered later, after
 * authentication, as the real servers do.
 */
import { CONTROL_PREFIX } from '../control';
import type { ApiRuntime } from '../types';
import { vendorError, type Step } from './exchange';
import type { Operation } from '../../contracts';

type Matched = { rt: ApiRuntime; op: Operation; pathParams: Record<string, string> } | { allow: string[]; rt: ApiRuntime } | undefined;

export function matchRequest(runtimes: ApiRuntime[], method: string, pathname: string): Matched {
  const m = method === 'HEAD' ? 'get' : method.toLowerCase();
  const allow: string[] = [];
  let allowRt: ApiRuntime | undefined;
  for (const rt of runtimes) {
    for (const op of rt.contract.operations) {
      const pathParams = op.matchPath(pathname);
      if (!pathParams) continue;
      if (op.method === m) return { rt, op, pathParams };
      allow.push(op.method.toUpperCase());
      allowRt = allowRt ?? rt;
    }
  }
  return allowRt ? { allow, rt: allowRt } : undefined;
}

export const route: Step = (x, env) => {
  const match = matchRequest(env.controller.runtimes, x.req.method ?? 'GET', x.pathname);
  if (!match) {
    return {
      status: 404,
      contentType: 'application/problem+json',
      body: { type: 'https://contract-mock.dev/errors/no-route', title: 'Route not resolved, no path matched', status: 404, detail: `The route ${x.pathname} hasn't been found in the served contracts (see GET ${CONTROL_PREFIX}/health)` },
    };
  }
  x.rt = match.rt;
  if (!('op' in match)) {
    const e = vendorError(x, 'method-not-allowed', { message: `method ${x.req.method} is not allowed here` });
    return { ...e, headers: { ...e.headers, Allow: [...new Set(match.allow)].join(', ') } };
  }
  x.op = match.op;
  x.pathParams = match.pathParams;
  x.validated = env.parameterMemo.validate(match.op, match.rt.vendor, x.pathname, x.rawQuery, match.pathParams, x.req.headers);
  return undefined;
};
