/**
 * Prefer (Prism-compatible): `code=` / `example=` answer that documented response before authentication
 * and validation, so a frontend can show any state without credentials. A Prefer the contract cannot
 * honour is a bad request in the vendor's validation format (problem details where none applies).
 */
import { contractResponse, vendorErrorResponse } from '../contract-response';
import { dynamicResponse } from '../dynamic';
import { problemJsonErrors } from '../errors';
import type { MockResponse } from '../types';
import { singleHeaders, vendorError, type Step } from './exchange';

/** Answers a request that asks for a response (`code=`, `example=`, `dynamic=true`); synchronous when it does not. */
export const prefer: Step = (x) => (x.prefer.code === undefined && x.prefer.example === undefined && !x.prefer.dynamic ? undefined : preferred(x));

const preferred = async (x: Parameters<Step>[0]): Promise<MockResponse | undefined> => {
  const { code, example, dynamic } = x.prefer;
  // `dynamic=true` on a list or a get: realistic generated data through the list engine (src/mock/dynamic.ts).
  if (dynamic && example === undefined && (code === undefined || (code >= 200 && code < 300))) {
    const generated = dynamicResponse(x);
    if (generated) return generated;
  }
  if (code === undefined && example === undefined) return undefined;
  const rt = x.rt!;
  const op = x.op!;
  const own = code !== undefined && example === undefined ? vendorErrorResponse(rt.vendor, op, code, rt.contract.rateLimits?.retryAfterHeader) : undefined;
  if (own) return own;
  const result = await contractResponse(rt.contract, op, code, example, { method: x.req.method ?? 'GET', path: x.pathname, query: x.validated!.query as Record<string, string | string[]>, headers: singleHeaders(x) }, dynamic);
  if (result.ok) return result.response;
  if (rt.vendor.errors === problemJsonErrors) {
    return { status: 400, contentType: 'application/problem+json', body: { type: 'https://contract-mock.dev/errors/prefer', title: 'Cannot honour the Prefer header', status: 400, detail: result.message } };
  }
  return vendorError(x, 'validation', { problems: [{ in: 'header', name: 'Prefer', keyword: 'prefer', message: result.message, params: {}, value: x.req.headers.prefer }] });
};
