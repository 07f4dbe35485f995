import { escapePointerToken, getByPointer, isJsonMediaType, type SchemaViolation } from '../../contracts';
import { jsonType, responseJson, show } from '../exchange';
import type { CheckResult, Exchange } from '../types';
import type { CheckContext } from './context';

/**
 * Why an exchange is a cache revalidation, or undefined: a `304 Not Modified` answer to a conditional
 * request (`If-None-Match`, `If-Modified-Since`, as browsers send for what they have cached). HTTP
 * allows it for any GET whatever the contract documents, and it has no body of its own (the client
 * shows its cached copy), so it is noted as skipped, not checked as an undocumented status.
 */
export function revalidation(exchange: Exchange): string | undefined {
  if (exchange.status !== 304) return undefined;
  const header = ['if-none-match', 'if-modified-since'].find((h) => exchange.requestHeaders[h] !== undefined);
  return header ? `revalidation: 304 Not Modified to a conditional request (${header}); the client's cached body is not in the recording` : undefined;
}

/** Does an operation document any error answer (a 4xx or 5xx code or range, or `default` beside a success)? */
function documentsErrors(statuses: string[]): boolean {
  return statuses.some((s) => /^[45]/.test(s) || (s === 'default' && statuses.some((t) => /^2/i.test(t))));
}

/** Checks of one exchange on its own: status, content type, body schema, headers. */
export function checkExchange(ctx: CheckContext): CheckResult[] {
  const { exchange, op } = ctx;
  if (exchange.status === 0) {
    return [ctx.result('response-received').fail('', 'an HTTP response', exchange.meta?.error ?? 'no response').result];
  }
  const results: CheckResult[] = [];
  const spec = op.response(exchange.status);

  const status = ctx.result('status-documented');
  if (!spec && exchange.status >= 400 && exchange.status < 500 && !documentsErrors(op.responses.map((r) => r.status))) {
    // A page that documents no error at all cannot be contradicted by one: a 404 for a deleted item is
    // what any server answers. Said, so that the gap in the contract is seen, but not a violation.
    status.fail('', `a documented status (${op.responses.map((r) => r.status).join(', ')})`, `${exchange.status} (the contract documents no error response for this operation)`, 'warning');
  } else if (!spec) status.fail('', `a documented status (${op.responses.map((r) => r.status).join(', ')})`, String(exchange.status));
  else if (spec.undocumented) {
    status.fail('', 'a status the documentation lists', `${exchange.status} (x-undocumented: the real server sends it, the page does not document it)`, 'warning');
  }
  results.push(status.result);

  const expectStatus = exchange.meta?.expectStatus;
  if (expectStatus && expectStatus.length > 0) {
    const expected = ctx.result('status-expected');
    if (!expectStatus.includes(exchange.status)) {
      expected.fail('', `status ${expectStatus.join(' or ')} (${exchange.meta?.step ?? 'plan'})`, String(exchange.status));
    }
    results.push(expected.result);
  }
  if (!spec) return results;

  const hasBody = exchange.responseText !== undefined && exchange.responseText !== '';
  if (spec.contentType && isJsonMediaType(spec.contentType) && spec.contentType !== '*/*' && hasBody) {
    const ct = ctx.result('content-type');
    const actual = exchange.responseHeaders['content-type'];
    if (!actual || !isJsonMediaType(actual.split(',')[0].trim())) ct.fail('', `Content-Type ${spec.contentType}`, actual ?? '(no Content-Type)');
    results.push(ct.result);
  }

  if (spec.schemaPointer && exchange.responseText !== undefined) {
    const schema = ctx.result('body-schema');
    const parsed = responseJson(exchange);
    if (!parsed.ok) schema.fail('', 'a JSON body valid against the documented schema', parsed.error);
    else {
      for (const v of describeSchemaViolations(op.validateResponse(exchange.status, parsed.value), parsed.value)) {
        schema.fail(v.pointer, v.expected, v.actual);
      }
    }
    results.push(schema.result);
  }

  // Only headers the contract marks `required` must be there (OpenAPI's default is optional: the
  // petstore's `x-next` is absent on a last page); a documented header that is present is still checked.
  const headerNames = Object.keys(spec.headers);
  if (headerNames.length > 0) {
    const headers = ctx.result('headers');
    for (const name of headerNames) {
      if (spec.headers[name].required && exchange.responseHeaders[name] === undefined) headers.fail('', `response header ${name}`, 'absent');
    }
    results.push(headers.result);
  }
  return results;
}

/**
 * Turns Ajv's errors into what a reader needs: the pointer of the failing value (for a missing property,
 * the property itself), what the schema wanted and what was there. Errors that only repeat another one
 * (`if` next to its failing `then`, the branch errors under an `anyOf`) are folded in.
 */
export function describeSchemaViolations(violations: SchemaViolation[], body: unknown): Array<{ pointer: string; expected: string; actual: string }> {
  const combinators = violations.filter((v) => v.keyword === 'anyOf' || v.keyword === 'oneOf');
  const out: Array<{ pointer: string; expected: string; actual: string }> = [];
  const seen = new Set<string>();
  for (const v of violations) {
    if (v.keyword === 'if') continue;
    const underCombinator = combinators.some((c) => c !== v && v.schemaPath.startsWith(c.schemaPath + '/'));
    if (underCombinator) continue;
    let pointer = v.pointer;
    let expected: string;
    let actual: string;
    const value = getByPointer(body, v.pointer);
    switch (v.keyword) {
      case 'required':
        pointer = `${v.pointer}/${escapePointerToken(String(v.params.missingProperty))}`;
        expected = `required property "${v.params.missingProperty}"`;
        actual = 'absent';
        break;
      case 'additionalProperties':
        pointer = `${v.pointer}/${escapePointerToken(String(v.params.additionalProperty))}`;
        expected = 'no property outside the schema';
        actual = show(getByPointer(body, pointer));
        break;
      case 'type':
        expected = `type ${v.params.type}`;
        actual = `${jsonType(value)} ${show(value)}`;
        break;
      case 'enum':
        expected = `one of ${show(v.params.allowedValues)}`;
        actual = show(value);
        break;
      case 'anyOf':
      case 'oneOf': {
        const branches = violations
          .filter((b) => b !== v && b.pointer === v.pointer && b.schemaPath.startsWith(v.schemaPath + '/'))
          .map((b) => b.message);
        expected = branches.length > 0 ? `one of: ${[...new Set(branches)].join(' | ')}` : v.message;
        actual = `${jsonType(value)} ${show(value)}`;
        break;
      }
      case 'false schema':
        expected = 'no such property here';
        actual = show(value);
        break;
      default:
        expected = v.message;
        actual = show(value);
    }
    // Status-dependent fields (Scriptix) are `if`/`then` schemas: say that the rule is conditional.
    if (/\/(then|else)\//.test(v.schemaPath)) expected += ' (conditional: the schema\'s if/then for this value)';
    const key = `${pointer}|${expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, expected, actual });
  }
  return out;
}
