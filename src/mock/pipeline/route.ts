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

interface Candidate {
  rt: ApiRuntime;
  op: Operation;
}

/**
 * The operations a request path can belong to, by its first segment, so that a request is tested against
 * the few paths that can match instead of every path of every API served before its own (each test a
 * regular expression). A literal first segment (`/projects/...`) lists, in serving order, the operations
 * whose path or an alias starts with it or with a parameter; any other first segment gets only the
 * latter. Serving order is kept, so the first match and the methods a 405 allows stay what a scan of
 * every operation finds: the index only leaves out paths that cannot match.
 */
class RouteIndex {
  private readonly byFirstSegment = new Map<string, Candidate[]>();
  private readonly anyFirstSegment: Candidate[];

  constructor(runtimes: readonly ApiRuntime[]) {
    const all: Array<Candidate & { firsts: Array<string | undefined> }> = [];
    for (const rt of runtimes) for (const op of rt.contract.operations) all.push({ rt, op, firsts: [op.path, ...op.aliases].map(literalFirstSegment) });
    const literals = new Set(all.flatMap((c) => c.firsts).filter((f): f is string => f !== undefined));
    const strip = ({ rt, op }: Candidate): Candidate => ({ rt, op });
    for (const literal of literals) this.byFirstSegment.set(literal, all.filter((c) => c.firsts.some((f) => f === undefined || f === literal)).map(strip));
    this.anyFirstSegment = all.filter((c) => c.firsts.includes(undefined)).map(strip);
  }

  candidates(pathname: string): readonly Candidate[] {
    if (pathname.charCodeAt(0) !== 0x2f /* / */) return this.anyFirstSegment;
    const slash = pathname.indexOf('/', 1);
    return this.byFirstSegment.get(slash < 0 ? pathname.slice(1) : pathname.slice(1, slash)) ?? this.anyFirstSegment;
  }
}

/**
 * The first segment of a path template when it is literal text (which a request's first segment must then
 * equal: the template's regular expression matches literal text as it is); undefined when it holds a
 * parameter, or the template does not start with `/`, so that it may match any first segment.
 */
function literalFirstSegment(template: string): string | undefined {
  if (!template.startsWith('/')) return undefined;
  const slash = template.indexOf('/', 1);
  const first = slash < 0 ? template.slice(1) : template.slice(1, slash);
  return first.includes('{') ? undefined : first;
}

/** One index per list of runtimes (a controller's, which never changes; a reload builds a new controller). */
const indexes = new WeakMap<readonly ApiRuntime[], RouteIndex>();

export function matchRequest(runtimes: readonly ApiRuntime[], method: string, pathname: string): Matched {
  let index = indexes.get(runtimes);
  if (!index) indexes.set(runtimes, (index = new RouteIndex(runtimes)));
  const m = method === 'HEAD' ? 'get' : method.toLowerCase();
  const allow: string[] = [];
  let allowRt: ApiRuntime | undefined;
  for (const { rt, op } of index.candidates(pathname)) {
    const pathParams = op.matchPath(pathname);
    if (!pathParams) continue;
    if (op.method === m) return { rt, op, pathParams };
    allow.push(op.method.toUpperCase());
    allowRt = allowRt ?? rt;
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
