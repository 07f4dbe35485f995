import { accessor } from './pointer';

/**
 * OData `$filter` expressions (deepset's `filter` parameter) compiled into item predicates.
 * Parsing is done by @odata/parser (an OData V4 ABNF parser); this module only walks its syntax tree.
 * Supported: `eq`, `ne`, `gt`, `ge`, `lt`, `le`, `and`, `or`, parentheses, string literals with `''`
 * escapes, numbers, `true`/`false`, `null`, dates and date-times (quoted or not). Anything else is
 * rejected with a message naming it, never silently ignored.
 */

export class ODataFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ODataFilterError';
  }
}

export type ItemPredicate = (item: Record<string, unknown>) => boolean;

/** Longer expressions are refused before parsing: the parser is recursive. */
export const MAX_FILTER_LENGTH = 2048;

const COMPARISONS: Record<string, string> = {
  EqualsExpression: 'eq',
  NotEqualsExpression: 'ne',
  LesserThanExpression: 'lt',
  LesserOrEqualsExpression: 'le',
  GreaterThanExpression: 'gt',
  GreaterOrEqualsExpression: 'ge',
};

const NUMERIC_TYPES = new Set(['Edm.SByte', 'Edm.Byte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double', 'Edm.Single']);

interface Token {
  type: string;
  value: unknown;
  raw: string;
}

type ODataParser = { filter(expression: string): unknown };
let loaded: ODataParser | undefined;

/** The parser is loaded on the first filter, not at startup (it takes tens of milliseconds to load). */
function parser(): ODataParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= (require('@odata/parser') as typeof import('@odata/parser')).defaultParser as unknown as ODataParser;
  return loaded;
}

type Operand = { kind: 'field'; pointer: string; name: string } | { kind: 'literal'; value: unknown; isDate: boolean };

/**
 * Compiles `expression` over `fields` (filter field name → item pointer). `operators` limits what is
 * accepted (default: all supported ones).
 */
export function compileODataFilter(
  expression: string,
  fields: Record<string, string>,
  operators: string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or'],
): ItemPredicate {
  if (expression.length > MAX_FILTER_LENGTH) throw new ODataFilterError(`filter is longer than ${MAX_FILTER_LENGTH} characters`);
  if (expression.trim() === '') throw new ODataFilterError('filter is empty');
  let ast: Token;
  try {
    ast = parser().filter(expression) as unknown as Token;
  } catch (err) {
    // The parser reports where its last complete term ended (`name eq ` fails "at 4"); the scan below
    // finds where the expression actually goes wrong (the missing operand at 8), when it can tell.
    const at = syntaxErrorPosition(expression) ?? /at (\d+)/.exec((err as Error).message)?.[1];
    throw new ODataFilterError(at !== undefined ? `syntax error at position ${at}` : 'syntax error');
  }
  if (!ast || typeof ast !== 'object') throw new ODataFilterError('syntax error');
  const allowed = new Set(operators.map((o) => o.toLowerCase()));
  return compileNode(ast, fields, allowed);
}

const COMPARISON_WORDS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'has', 'in']);
const LOGICAL_WORDS = new Set(['and', 'or']);

/**
 * Where an expression breaks the shape `operand op operand (and|or ...)` with balanced parentheses: the
 * offset of the first token that cannot follow the one before it, or the expression's length when it ends
 * too early (a missing operand, an unclosed parenthesis or string). Undefined when the shape is fine (the
 * problem is something this scan does not model, such as a function call or a malformed literal).
 */
export function syntaxErrorPosition(expression: string): number | undefined {
  let expectOperand = true;
  let depth = 0;
  let i = 0;
  const n = expression.length;
  while (i < n) {
    const c = expression[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '(') {
      // A call such as `contains(name,'x')` or `in (...)`: not modelled here.
      if (!expectOperand) return undefined;
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (expectOperand || depth === 0) return start;
      depth--;
      i++;
      continue;
    }
    if (c === "'") {
      if (!expectOperand) return start;
      i++;
      for (;;) {
        if (i >= n) return start;
        if (expression[i] === "'") {
          if (expression[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      i++;
      expectOperand = false;
      continue;
    }
    while (i < n && !/[\s()']/.test(expression[i])) i++;
    const word = expression.slice(start, i);
    const lower = word.toLowerCase();
    if (COMPARISON_WORDS.has(lower) || LOGICAL_WORDS.has(lower)) {
      if (expectOperand) return start;
      expectOperand = true;
    } else if (lower === 'not') {
      if (!expectOperand) return start;
    } else {
      if (!expectOperand) return start;
      // A name directly followed by `(` is a function call: not modelled here.
      if (expression[i] === '(') return undefined;
      expectOperand = false;
    }
  }
  return expectOperand || depth > 0 ? n : undefined;
}

function compileNode(node: Token, fields: Record<string, string>, allowed: Set<string>): ItemPredicate {
  switch (node.type) {
    case 'BoolParenExpression':
    case 'ParenExpression':
      return compileNode(node.value as Token, fields, allowed);
    case 'AndExpression':
    case 'OrExpression': {
      const op = node.type === 'AndExpression' ? 'and' : 'or';
      if (!allowed.has(op)) throw new ODataFilterError(`operator "${op}" is not supported`);
      const { left, right } = node.value as { left: Token; right: Token };
      const l = compileNode(left, fields, allowed);
      const r = compileNode(right, fields, allowed);
      return op === 'and' ? (item) => l(item) && r(item) : (item) => l(item) || r(item);
    }
    default: {
      const op = COMPARISONS[node.type];
      if (!op) throw new ODataFilterError(`unsupported expression "${node.raw}"`);
      if (!allowed.has(op)) throw new ODataFilterError(`operator "${op}" is not supported`);
      const { left, right } = node.value as { left: Token; right: Token };
      return compileComparison(op, operand(left, fields), operand(right, fields));
    }
  }
}

function operand(node: Token, fields: Record<string, string>): Operand {
  if (node.type === 'Literal') return literal(node);
  let n: Token = node;
  while (n && n.type !== 'ODataIdentifier' && n.value && typeof n.value === 'object' && 'type' in (n.value as object)) {
    if (!['FirstMemberExpression', 'MemberExpression', 'PropertyPathExpression'].includes(n.type)) break;
    n = n.value as Token;
  }
  if (n?.type === 'ODataIdentifier') {
    const name = (n.value as { name: string }).name;
    const pointer = fields[name];
    if (!pointer) throw new ODataFilterError(`unknown field "${name}" (filterable: ${Object.keys(fields).join(', ')})`);
    return { kind: 'field', pointer, name };
  }
  throw new ODataFilterError(`unsupported operand "${node.raw}"`);
}

function literal(node: Token): Operand {
  const type = node.value as string;
  const raw = node.raw;
  if (type === 'Edm.String') {
    const text = raw.slice(1, -1).replace(/''/g, "'");
    return { kind: 'literal', value: text, isDate: false };
  }
  if (type === 'null') return { kind: 'literal', value: null, isDate: false };
  if (type === 'Edm.Boolean') return { kind: 'literal', value: raw.toLowerCase() === 'true', isDate: false };
  if (NUMERIC_TYPES.has(type)) return { kind: 'literal', value: Number(raw), isDate: false };
  if (type === 'Edm.DateTimeOffset' || type === 'Edm.Date') {
    const t = Date.parse(raw);
    if (Number.isNaN(t)) throw new ODataFilterError(`invalid date "${raw}"`);
    return { kind: 'literal', value: t, isDate: true };
  }
  if (type === 'Edm.Guid') return { kind: 'literal', value: raw, isDate: false };
  throw new ODataFilterError(`unsupported literal ${raw}`);
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Comparable form of an item value against a literal: dates compare as instants. */
function comparable(value: unknown, againstDate: boolean): unknown {
  if (againstDate && typeof value === 'string' && DATE_LIKE.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? value : t;
  }
  return value;
}

function compileComparison(op: string, a: Operand, b: Operand): ItemPredicate {
  // Normalise to "field OP literal" (flipping the operator when the literal is on the left).
  if (a.kind === 'literal' && b.kind === 'field') return compileComparison(flip(op), b, a);
  if (a.kind !== 'field' || b.kind !== 'literal') throw new ODataFilterError('a comparison needs one field and one literal');
  const read = accessor(a.pointer);
  let lit = b.value;
  let isDate = b.isDate;
  // A quoted date (`created_at ge '2025-01-01'`, as the deepset page writes it) compares as a date too.
  if (typeof lit === 'string' && DATE_LIKE.test(lit) && !Number.isNaN(Date.parse(lit))) {
    const asDate = Date.parse(lit);
    const stringLit = lit;
    return (item) => {
      const v = read(item);
      if (typeof v === 'string' && DATE_LIKE.test(v)) return test(op, comparable(v, true), asDate);
      return test(op, v, stringLit);
    };
  }
  if (lit === null) {
    if (op !== 'eq' && op !== 'ne') throw new ODataFilterError(`"${op}" cannot compare with null`);
    return op === 'eq' ? (item) => read(item) == null : (item) => read(item) != null;
  }
  return (item) => test(op, comparable(read(item), isDate), lit);
}

function flip(op: string): string {
  return ({ lt: 'gt', gt: 'lt', le: 'ge', ge: 'le' } as Record<string, string>)[op] ?? op;
}

function test(op: string, v: unknown, lit: unknown): boolean {
  if (op === 'eq') return v === lit;
  if (op === 'ne') return v !== lit;
  // Ordering comparisons with null or mismatched types are false, as in SQL.
  if (v === null || v === undefined || typeof v !== typeof lit) return false;
  const x = v as number | string;
  const y = lit as number | string;
  switch (op) {
    case 'lt':
      return x < y;
    case 'le':
      return x <= y;
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
  }
  return false;
}
