import type { ApiContract, Operation } from '../contracts';
import { prismResponse } from './prism-bridge';
import type { ErrorDetail, ErrorKind } from './errors';
import type { MockResponse, VendorModule } from './types';

/**
 * Responses taken from the contract itself rather than from state: `Prefer: code=NNN` and
 * `Prefer: example=NAME`. The page's own example is preferred (when it passes the contract's schema);
 * otherwise Prism generates a body from the schema.
 */

export type ContractResponseResult = { ok: true; response: MockResponse } | { ok: false; message: string };

/** Statuses the operation documents with a concrete code (ranges such as `4XX` and `default` excluded). */
export function documentedStatuses(op: Operation): number[] {
  return op.responses.map((r) => Number(r.status)).filter((n) => Number.isInteger(n));
}

export async function contractResponse(
  api: ApiContract,
  op: Operation,
  status: number | undefined,
  exampleName: string | undefined,
  request: { method: string; path: string; query: Record<string, string | string[]>; headers: Record<string, string> },
  dynamic = false,
): Promise<ContractResponseResult> {
  // Without `code=`, `example=NAME` picks the response that has that example (a success one first).
  const withExample = exampleName === undefined ? [] : op.responses.filter((r) => exampleName in r.examples).sort((a, b) => Number(!/^2/.test(a.status)) - Number(!/^2/.test(b.status)));
  const code = status ?? withExample[0]?.status ?? op.responses.find((r) => /^2\d\d$/.test(r.status))?.status;
  const numeric = Number(code);
  const spec = code !== undefined ? op.response(numeric) : undefined;
  if (!spec || !Number.isInteger(numeric)) {
    return { ok: false, message: `Prefer: ${op.operationId} documents no response ${status ?? ''} (documented: ${documentedList(op)})`.replace('  ', ' ') };
  }
  const headers = requiredHeaders(spec.headers);
  if (exampleName !== undefined) {
    if (!(exampleName in spec.examples)) {
      const names = Object.keys(spec.examples);
      return { ok: false, message: `Prefer: response ${numeric} of ${op.operationId} has no example "${exampleName}" (examples: ${names.length ? names.join(', ') : 'none'}; documented statuses: ${documentedList(op)})` };
    }
    return { ok: true, response: { status: numeric, body: spec.examples[exampleName], headers, contentType: spec.contentType } };
  }
  if (!spec.schema && Object.keys(spec.examples).length === 0) return { ok: true, response: { status: numeric, headers } };
  if (!dynamic) {
    for (const example of Object.values(spec.examples)) {
      if (op.validateResponse(numeric, example).length === 0) return { ok: true, response: { status: numeric, body: example, headers, contentType: spec.contentType } };
    }
  }
  // No example that passes the schema: let Prism generate one (statically first, then seeded random).
  for (const dyn of dynamic ? [true] : [false, true]) {
    try {
      const generated = await prismResponse(api, op, request, { code: numeric, dynamic: dyn, seed: 'contract-mock' });
      if (generated.status === numeric && op.validateResponse(numeric, generated.body).length === 0) {
        return { ok: true, response: { status: numeric, body: generated.body, headers, contentType: spec.contentType } };
      }
    } catch {
      /* fall through to the page's example */
    }
  }
  const first = Object.values(spec.examples)[0];
  return { ok: true, response: { status: numeric, body: first, headers, contentType: spec.contentType } };
}

function documentedList(op: Operation): string {
  return op.responses.map((r) => r.status).join(', ');
}

/** The error kind whose vendor body answers `Prefer: code=NNN`, and the detail that picks its wording. */
const PREFERRED_ERRORS: Record<number, { kind: ErrorKind; detail: ErrorDetail }> = {
  401: { kind: 'unauthorized', detail: { reason: 'missing' } },
  403: { kind: 'forbidden', detail: { reason: 'scope' } },
  404: { kind: 'not-found', detail: {} },
  405: { kind: 'method-not-allowed', detail: {} },
  409: { kind: 'conflict', detail: {} },
  429: { kind: 'rate-limited', detail: { retryAfterSeconds: 60 } },
  500: { kind: 'internal', detail: {} },
};

/**
 * `Prefer: code=NNN` for an error status the vendor module itself produces: the same status, body and
 * headers as the stateful path (one wording per vendor error), provided the contract accepts that body.
 * Undefined when the vendor has no such error or its body does not fit this operation's contract.
 */
export function vendorErrorResponse(vendor: VendorModule, op: Operation, status: number, retryAfterHeader = 'Retry-After'): MockResponse | undefined {
  const preferred = PREFERRED_ERRORS[status];
  const spec = op.response(status);
  if (!preferred || !spec) return undefined;
  const e = vendor.errors(preferred.kind, preferred.detail, op);
  if (e.status !== status || op.validateResponse(status, e.body).length > 0) return undefined;
  const headers: Record<string, string> = { ...requiredHeaders(spec.headers), ...e.headers };
  if (preferred.detail.retryAfterSeconds !== undefined) headers[retryAfterHeader] = String(preferred.detail.retryAfterSeconds);
  return { status, body: e.body, headers: Object.keys(headers).length ? headers : undefined, contentType: e.contentType ?? spec.contentType };
}

/** Values for headers a response declares as required (a generated id, or a plain sample). */
function requiredHeaders(headers: Record<string, { required: boolean; schema?: Record<string, unknown> }>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, h] of Object.entries(headers)) {
    if (!h.required || name === 'x-request-id') continue;
    const s = h.schema ?? {};
    out[name] = s.type === 'integer' || s.type === 'number' ? String(s.minimum ?? 1) : String(s.example ?? s.default ?? 'mock');
  }
  return Object.keys(out).length ? out : undefined;
}
