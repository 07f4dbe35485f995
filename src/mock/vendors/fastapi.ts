import { schemaLimits, type RequestProblem } from '../errors';

/**
 * FastAPI (pydantic v2) validation errors: `{"detail": [{"type", "loc", "msg", "input", "ctx"?}]}` with the
 * messages pydantic writes. Shared by the APIs whose servers are FastAPI applications (deepset, Open
 * WebUI); this is a framework's wording, not a vendor's.
 */

export interface FastApiErrorItem {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

function quoteList(values: unknown[]): string {
  const q = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** Where pydantic would say the first invalid UUID character is (or that the length is wrong). */
function uuidMessage(value: unknown): string {
  const s = String(value);
  const bad = /[^0-9a-fA-F-]/.exec(s);
  if (bad) return `Input should be a valid UUID, invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${bad[0]}\` at ${bad.index + 1}`;
  const hex = s.replace(/-/g, '').length;
  if (hex !== 32) return `Input should be a valid UUID, invalid group count: expected 5, found ${s.split('-').length}`.replace(/found 5$/, `found ${hex}`);
  return 'Input should be a valid UUID, invalid group length';
}

function item(p: RequestProblem): FastApiErrorItem {
  const loc: Array<string | number> = p.in === 'body' ? ['body', ...(p.path ?? [])] : [p.in, p.name];
  const input = p.value;
  const limits = schemaLimits(p.schema);
  const params = p.params ?? {};
  switch (p.keyword) {
    case 'required':
      if (p.in === 'body' && params.missingProperty) loc.push(String(params.missingProperty));
      return { type: 'missing', loc, msg: 'Field required', input: p.in === 'body' ? undefined : null };
    case 'type': {
      const t = String(params.type ?? limits.type ?? '');
      const fromString = typeof input === 'string' && p.in !== 'body';
      if (t.includes('integer')) return fromString ? { type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input } : { type: 'int_type', loc, msg: 'Input should be a valid integer', input };
      if (t.includes('number')) return fromString ? { type: 'float_parsing', loc, msg: 'Input should be a valid number, unable to parse string as a number', input } : { type: 'float_type', loc, msg: 'Input should be a valid number', input };
      if (t.includes('boolean')) return { type: 'bool_parsing', loc, msg: 'Input should be a valid boolean, unable to interpret input', input };
      if (t.includes('object')) return p.path?.length ? { type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input } : { type: 'model_attributes_type', loc, msg: 'Input should be a valid dictionary or object to extract fields from', input };
      if (t.includes('array')) return { type: 'list_type', loc, msg: 'Input should be a valid list', input };
      return { type: 'string_type', loc, msg: 'Input should be a valid string', input };
    }
    case 'minimum':
      return { type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${params.limit}`, input, ctx: { ge: params.limit } };
    case 'maximum':
      return { type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${params.limit}`, input, ctx: { le: params.limit } };
    case 'exclusiveMinimum':
      return { type: 'greater_than', loc, msg: `Input should be greater than ${params.limit}`, input, ctx: { gt: params.limit } };
    case 'exclusiveMaximum':
      return { type: 'less_than', loc, msg: `Input should be less than ${params.limit}`, input, ctx: { lt: params.limit } };
    case 'minLength':
      return { type: 'string_too_short', loc, msg: `String should have at least ${params.limit} character${params.limit === 1 ? '' : 's'}`, input, ctx: { min_length: params.limit } };
    case 'maxLength':
      return { type: 'string_too_long', loc, msg: `String should have at most ${params.limit} character${params.limit === 1 ? '' : 's'}`, input, ctx: { max_length: params.limit } };
    case 'pattern':
      return { type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${params.pattern}'`, input, ctx: { pattern: params.pattern } };
    case 'enum': {
      const expected = quoteList((params.allowedValues as unknown[]) ?? limits.enum ?? []);
      return { type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } };
    }
    case 'format':
      if (params.format === 'uuid') return { type: 'uuid_parsing', loc, msg: uuidMessage(input), input, ctx: { error: uuidMessage(input).replace('Input should be a valid UUID, ', '') } };
      if (params.format === 'date-time') return { type: 'datetime_from_date_parsing', loc, msg: 'Input should be a valid datetime or date, invalid character in year', input, ctx: { error: 'invalid character in year' } };
      return { type: 'value_error', loc, msg: `Value error, must be a valid ${params.format}`, input, ctx: { error: `must be a valid ${params.format}` } };
    case 'additionalProperties':
      return { type: 'extra_forbidden', loc: [...loc, String(params.additionalProperty)], msg: 'Extra inputs are not permitted', input };
    case 'json':
      return { type: 'json_invalid', loc, msg: 'JSON decode error', input: {}, ctx: { error: String(params.error ?? 'Expecting value').replace(/^Unexpected.*$/, 'Expecting value') } };
    case 'depth':
      // The body is refused before it is parsed (pydantic would fail on it with a RecursionError).
      return { type: 'json_invalid', loc, msg: `JSON decode error, nesting deeper than ${params.limit} levels`, input: {}, ctx: { error: `nesting deeper than ${params.limit} levels` } };
    case 'content-type':
      return { type: 'model_attributes_type', loc, msg: 'Input should be a valid dictionary or object to extract fields from', input };
    case 'too-large':
      return { type: 'value_error', loc, msg: `Value error, request body exceeds ${params.limit} bytes`, input: null, ctx: { error: `request body exceeds ${params.limit} bytes` } };
    default:
      return { type: 'value_error', loc, msg: `Value error, ${p.message}`, input, ctx: { error: p.message } };
  }
}

/**
 * Ajv reports one error per failed `anyOf` branch plus the `anyOf` itself; pydantic reports the branch
 * that matters (`Optional[int]` given "abc" is one `int_parsing`). Keep per location the first error
 * that is neither the `anyOf` summary nor a "should be null" branch.
 */
export function fastApiDetail(problems: RequestProblem[]): FastApiErrorItem[] {
  const byLocation = new Map<string, RequestProblem[]>();
  for (const p of problems) {
    const key = `${p.in}:${p.name}:${(p.path ?? []).join('/')}`;
    const list = byLocation.get(key) ?? [];
    list.push(p);
    byLocation.set(key, list);
  }
  const out: FastApiErrorItem[] = [];
  for (const list of byLocation.values()) {
    const meaningful = list.filter((p) => p.keyword !== 'anyOf' && p.keyword !== 'oneOf' && !(p.keyword === 'type' && p.params?.type === 'null'));
    out.push(item(meaningful[0] ?? list[0]));
  }
  return out;
}
