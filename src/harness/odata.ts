import { defaultParser } from '@odata/parser';
import { getByPointer } from '../contracts';

/**
 * Evaluates an OData `$filter` expression against one list item. Parsing uses @odata/parser, the same
 * library the mock parses filters with, so the harness and the mock read an expression the same way;
 * evaluation is ours because the library only parses. Field names map to item pointers through the
 * contract's `x-filters` declaration (`{ name: "/name" }`).
 */

interface Node {
  type: string;
  value: unknown;
  raw: string;
}

export type ODataPredicate = (item: unknown) => boolean;

export class ODataError extends Error {}

/** Compiles an expression into a predicate; throws ODataError for syntax the parser rejects or we do not support. */
export function compileODataFilter(expression: string, fields: Record<string, string>): ODataPredicate {
  let ast: Node;
  try {
    ast = defaultParser.filter(expression) as unknown as Node;
  } catch (err) {
    throw new ODataError(`cannot parse OData filter ${JSON.stringify(expression)}: ${(err as Error).message}`);
  }
  return (item) => truthy(evaluate(ast, item, fields));
}

function truthy(v: unknown): boolean {
  return v === true;
}

function evaluate(node: Node, item: unknown, fields: Record<string, string>): unknown {
  const binary = () => {
    const { left, right } = node.value as { left: Node; right: Node };
    return [evaluate(left, item, fields), evaluate(right, item, fields)] as const;
  };
  switch (node.type) {
    case 'AndExpression': {
      const [l, r] = binary();
      return truthy(l) && truthy(r);
    }
    case 'OrExpression': {
      const [l, r] = binary();
      return truthy(l) || truthy(r);
    }
    case 'NotExpression':
      return !truthy(evaluate(node.value as Node, item, fields));
    case 'BoolParenExpression':
    case 'ParenExpression':
    case 'CommonExpression':
      return evaluate(node.value as Node, item, fields);
    case 'EqualsExpression': {
      const [l, r] = binary();
      return compare(l, r) === 0;
    }
    case 'NotEqualsExpression': {
      const [l, r] = binary();
      return compare(l, r) !== 0;
    }
    case 'LesserThanExpression': {
      const [l, r] = binary();
      return ordered(l, r, (c) => c < 0);
    }
    case 'LesserOrEqualsExpression': {
      const [l, r] = binary();
      return ordered(l, r, (c) => c <= 0);
    }
    case 'GreaterThanExpression': {
      const [l, r] = binary();
      return ordered(l, r, (c) => c > 0);
    }
    case 'GreaterOrEqualsExpression': {
      const [l, r] = binary();
      return ordered(l, r, (c) => c >= 0);
    }
    case 'FirstMemberExpression':
    case 'MemberExpression':
    case 'PropertyPathExpression': {
      const name = node.raw.trim();
      const pointer = fields[name];
      if (pointer === undefined) throw new ODataError(`field "${name}" is not filterable`);
      return getByPointer(item, pointer);
    }
    case 'Literal':
      return literal(node);
    case 'MethodCallExpression': {
      const { method, parameters } = node.value as { method: string; parameters: Node[] };
      const args = parameters.map((p) => evaluate(p, item, fields));
      const [a, b] = args.map((x) => (typeof x === 'string' ? x : x === null || x === undefined ? '' : String(x)));
      switch (method) {
        case 'contains':
          return a.includes(b);
        case 'startswith':
          return a.startsWith(b);
        case 'endswith':
          return a.endsWith(b);
        case 'tolower':
          return a.toLowerCase();
        case 'toupper':
          return a.toUpperCase();
        default:
          throw new ODataError(`function ${method}() is not supported`);
      }
    }
    default:
      throw new ODataError(`OData ${node.type} is not supported`);
  }
}

function literal(node: Node): unknown {
  const raw = node.raw;
  const edm = String(node.value);
  if (edm === 'null') return null;
  if (edm === 'Edm.String') return raw.slice(1, -1).replace(/''/g, "'");
  if (edm === 'Edm.Boolean') return raw.toLowerCase() === 'true';
  if (/^Edm\.(Byte|SByte|Int16|Int32|Int64|Decimal|Double|Single)$/.test(edm)) return Number(raw);
  // Dates, times, GUIDs: compared as text or as instants (see compare()).
  return raw;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** -1/0/1, or NaN when the two values cannot be ordered (different kinds, nulls). */
export function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) return a === b || (a == null && b == null) ? 0 : NaN;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (DATE_LIKE.test(a) && DATE_LIKE.test(b)) {
      const ta = Date.parse(a);
      const tb = Date.parse(b);
      if (!Number.isNaN(ta) && !Number.isNaN(tb)) return Math.sign(ta - tb);
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return String(a) === String(b) ? 0 : NaN;
}

function compare(a: unknown, b: unknown): number {
  return compareValues(a, b);
}

function ordered(a: unknown, b: unknown, test: (c: number) => boolean): boolean {
  const c = compareValues(a, b);
  return !Number.isNaN(c) && test(c);
}
