/**
 * The plan's part for every operation no other part covers: a singleton (`GET /me`,
 * `GET /projects/{projectId}/config`), a sub-resource (`GET /projects/{projectId}/stats`), a GET by id
 * of a collection no list gives ids of (`GET /reports/{reportId}/download`), an action
 * (`POST /shelves/{shelfId}/archive`). Each gets at least one request, or the reason it has none in the
 * run's report:
 *
 * - a GET: its default request (required query parameters from their documented example, default or
 *   enum value), every enumerable query parameter's values, and its documented error cases (values out
 *   of range or outside an enum, no credentials). Where every path value was given or learned from a
 *   list's answer, it expects a documented success; where one is the document's own example, default
 *   or enum value, the documented not-found too (such a value may well not exist on the target);
 * - any other method changes data the run did not create: it is sent only with `--allow-writes`, and
 *   then only as the request without credentials (expecting the documented 401, which any server
 *   answers before it acts);
 * - a path parameter nothing gives a value for (see path-params.ts), a required query parameter without
 *   a documented value or a required header leave the operation out, saying which and how to give it.
 */
import type { Operation } from '../../contracts';
import type { PlannedRequest } from './http';
import { documentedParameterValue, type Resolution } from './path-params';
import { successStatuses, type Planner } from './plan';

/** Methods that change nothing (what a run may send to any operation). */
export const SAFE_METHODS = new Set(['get', 'head', 'options']);

function secured(op: Operation): boolean {
  return op.security.length > 0 && op.security.every((alt) => alt.length > 0);
}

/** Header parameters the security schemes set themselves (an API key header) are not the plan's to send. */
function credentialHeaders(op: Operation): Set<string> {
  return new Set(op.security.flat().filter((s) => s.in === 'header' && s.parameterName).map((s) => s.parameterName!.toLowerCase()));
}

export type OperationPlan = { requests: PlannedRequest[]; skip?: undefined } | { requests?: undefined; skip: string };

/**
 * The requests of an operation's part (path values from the planner's host), or why it has none. Built
 * from the contract alone: the same call counts the part for the progress total.
 */
export function operationPlan(planner: Planner, api: string, op: Operation, options: { allowWrites: boolean; document: Record<string, unknown>; fromSchema?: boolean }): OperationPlan {
  const method = op.method.toUpperCase();
  if (!SAFE_METHODS.has(op.method)) {
    if (!options.allowWrites) return { skip: `a ${method} changes data: sent only with --allow-writes` };
    if (!secured(op) || !op.response(401)) {
      return { skip: `a ${method} outside the write round trip changes data the run did not create, and ${secured(op) ? 'no 401 is documented' : 'the operation is not secured'} for a request without credentials` };
    }
    return { requests: [planner.req(api, op, [], 'error: no credentials (a write outside the round trip: its only request)', { withCredentials: false, expectStatus: [401] })] };
  }
  // Required parameters: each from its documentation, else the operation cannot be sent as documented.
  const base: Array<[string, string]> = [];
  const fromDocs: string[] = [];
  const skipHeaders = credentialHeaders(op);
  for (const spec of op.parameters.filter((p) => p.required && p.in !== 'path')) {
    if (spec.in === 'header' && skipHeaders.has(spec.name.toLowerCase())) continue;
    if (spec.in !== 'query') return { skip: `required ${spec.in} parameter ${spec.name}: the plan sends query and path parameters only` };
    const documented = documentedParameterValue(options.document, op, spec);
    if (!documented) return { skip: `required query parameter ${spec.name} has no documented value (no example, default or enum)` };
    base.push([spec.name, documented.value]);
    fromDocs.push(`${spec.name}=${documented.value} (${documented.from})`);
  }
  const anonymous = secured(op) && !planner.host.hasCredentials(op);
  const success = successStatuses(op);
  const notFound = [404, 410].filter((s) => op.response(s) && !/^2/.test(op.response(s)!.status));
  const expectStatus = anonymous ? (op.response(401) ? [401] : undefined) : success.length === 0 ? undefined : options.fromSchema ? [...success, ...notFound] : success;
  const step = `default request${fromDocs.length ? ` with ${fromDocs.join(', ')}` : ''}`;
  const used = new Set(base.map(([k]) => k));
  return {
    requests: [
      planner.req(api, op, base, step, expectStatus ? { expectStatus } : {}),
      ...planner.parameterValues(api, op, used, base, expectStatus ? { expectStatus } : {}),
      ...planner.errorCases(api, op, [], base),
    ],
  };
}

/** Sends an operation's part (its path values resolved as `resolution` says), or reports why it has none. */
export async function runOperation(planner: Planner, api: string, op: Operation, resolution: Resolution, options: { allowWrites: boolean; document: Record<string, unknown> }): Promise<void> {
  const fromSchema = Object.values(resolution.sources).some((s) => s.source === 'schema');
  const plan = operationPlan(planner, api, op, { ...options, fromSchema });
  if (plan.skip !== undefined) {
    skip(planner, op, `not planned: ${plan.skip}`);
    return;
  }
  if (resolution.missing.length > 0) {
    skip(planner, op, `not planned: needs path parameter ${resolution.missing.map((m) => m.why).join(', ')}`);
    return;
  }
  const learned = Object.entries(resolution.sources).filter(([, s]) => s.source !== 'given');
  if (learned.length > 0) planner.host.note?.(`note: ${api} ${op.operationId}: ${learned.map(([name, s]) => `${name}=${s.value} from ${s.from}`).join(', ')}`);
  await planner.sendAll(plan.requests);
}

function skip(planner: Planner, op: Operation, reason: string): void {
  planner.host.note?.(`note: ${op.api} ${op.operationId} (${op.method.toUpperCase()} ${op.path}): ${reason}`);
  planner.host.skipped?.(op, reason);
}
