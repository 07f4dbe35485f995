import type { Operation } from '../../contracts';
import { schemaLimits, type RequestProblem, type VendorErrors } from '../errors';
import { listHandler } from '../handlers';
import type { VendorModule } from '../types';

/**
 * Scriptix. What is Scriptix's own:
 * - errors exactly as the page words them: 401 `{"error":"Unauthorized","message":"Invalid or missing
 *   API key"}`, 400 `{"error":"Bad Request","message":"Invalid query parameters","details":{param: msg}}`
 *   with the page's per-parameter messages ("Maximum value is 100", "Must be between 1 and 5");
 * - 403 and 429 (not on the page) in the same `{error, message}` shape.
 * Filters (status, language, base_model), pages and counts are the generic list engine; the scope check
 * is generic (`x-required-scopes`), the rate limits come from `x-rate-limits`.
 */

/** Every error text of the module, in one place: the stateful path and `Prefer: code=` both use these. */
const MESSAGES = {
  invalidQuery: 'Invalid query parameters',
  invalidRequest: 'Invalid request',
  unauthorized: 'Invalid or missing API key',
  missingScope: (scopes: string) => `API key lacks the required scope: ${scopes}`,
  notFound: 'Resource not found',
  rateLimited: 'Rate limit exceeded (100 requests/minute)',
  tooManyConcurrent: 'Concurrent request limit exceeded (10 concurrent requests)',
  methodNotAllowed: 'Method not allowed',
  internal: 'An unexpected error occurred',
};

function bounds(p: RequestProblem, op: Operation | undefined): { min?: number; max?: number } {
  const limits = schemaLimits(p.schema);
  const limit = op?.pagination?.limit;
  if (limit && limit.param === p.name) return { min: limits.minimum ?? limit.min, max: limits.maximum ?? limit.max };
  return { min: limits.minimum, max: limits.maximum };
}

/** The page's wording for one invalid parameter. */
function message(p: RequestProblem, op: Operation | undefined): string {
  const { min, max } = bounds(p, op);
  const isPageSize = op?.pagination?.limit?.param === p.name;
  switch (p.keyword) {
    case 'minimum':
    case 'maximum':
      // A page size has a documented maximum ("Maximum value is 100"); a bounded code such as
      // `status` reads as a range ("Must be between 1 and 5").
      if (!isPageSize && min !== undefined && max !== undefined) return `Must be between ${min} and ${max}`;
      return p.keyword === 'maximum' ? `Maximum value is ${max ?? p.params.limit}` : `Minimum value is ${min ?? p.params.limit}`;
    case 'type':
      if (String(p.params.type).includes('integer')) return min !== undefined && max !== undefined && !isPageSize ? `Must be between ${min} and ${max}` : 'Must be an integer';
      if (String(p.params.type).includes('number')) return 'Must be a number';
      return 'Must be a string';
    case 'enum':
      return `Must be one of: ${((p.params.allowedValues as unknown[]) ?? []).join(', ')}`;
    case 'minLength':
      return `Minimum length is ${p.params.limit}`;
    case 'maxLength':
      return `Maximum length is ${p.params.limit}`;
    case 'pattern':
      return 'Invalid format';
    case 'repeated':
      return 'Must be given only once';
    case 'unknown':
      return 'Unknown parameter';
    case 'required':
      return 'Is required';
    default:
      return p.message.charAt(0).toUpperCase() + p.message.slice(1);
  }
}

const errors: VendorErrors = (kind, detail, op) => {
  switch (kind) {
    case 'validation': {
      const details: Record<string, string> = {};
      for (const p of detail.problems ?? []) {
        if (p.keyword === 'anyOf' || details[p.name || 'body'] !== undefined) continue;
        details[p.name || 'body'] = message(p, op);
      }
      // The page's message names query parameters; a Prefer the contract cannot honour is a header problem.
      const summary = (detail.problems ?? []).every((p) => p.in === 'query') ? MESSAGES.invalidQuery : MESSAGES.invalidRequest;
      return { status: 400, body: { error: 'Bad Request', message: summary, details } };
    }
    case 'unauthorized':
      return { status: 401, body: { error: 'Unauthorized', message: MESSAGES.unauthorized } };
    case 'forbidden':
      return { status: 403, body: { error: 'Forbidden', message: MESSAGES.missingScope((op?.scopes ?? []).join(', ') || 'custom_models:read') } };
    case 'not-found':
      return { status: 404, body: { error: 'Not Found', message: MESSAGES.notFound } };
    case 'rate-limited':
      return {
        status: 429,
        body: { error: 'Too Many Requests', message: detail.message === 'Too many concurrent requests' ? MESSAGES.tooManyConcurrent : MESSAGES.rateLimited },
      };
    case 'method-not-allowed':
      return { status: 405, body: { error: 'Method Not Allowed', message: MESSAGES.methodNotAllowed } };
    default:
      return { status: 500, body: { error: 'Internal Server Error', message: MESSAGES.internal } };
  }
};

export const scriptix: VendorModule = {
  api: 'scriptix',
  errors,
  // The page does not say; like most web frameworks the server ignores parameters it does not know.
  // A parameter given twice is ambiguous and answered with the documented 400 (`details` names it).
  unknownQueryParameters: 'ignore',
  repeatedParameters: 'reject',
  // The page validates typed parameters and says nothing of empty values: an empty value is validated as given (`?status=` → 400).
  emptyQueryValues: 'value',
  handlers: {
    listCustomModels: listHandler(() => scriptix),
  },
};
