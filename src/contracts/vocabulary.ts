/**
 * The `x-` vocabulary as a JSON Schema, checked on every contract when it is extracted and when it is
 * loaded: a typo in an overlay (`"kind": "equal"`, `"styles": ["pages"]`) is an error naming the file and
 * the JSON pointer, not a declaration the mock and the harness silently ignore. The TypeScript types of
 * the same declarations are in `extensions.ts` and `resource.ts`; this file is what holds at run time.
 */
import Ajv2020 from 'ajv/dist/2020';
import { X } from './extensions';
import { escapePointerToken } from './json-pointer';
import { X_RESOURCE } from './resource';

type Json = Record<string, unknown>;

const pointer = { type: 'string', pattern: '^(/([^/~]|~[01])*)*$' };
const itemPointer = { type: 'string', pattern: '^(/([^/~]|~[01])*)+$' };
const name = { type: 'string', minLength: 1 };
const inferred = { 'x-inferred': { type: 'boolean' } };

const pagination = {
  type: 'object',
  required: ['styles', 'items'],
  additionalProperties: false,
  properties: {
    ...inferred,
    styles: { type: 'array', uniqueItems: true, items: { enum: ['page', 'offset', 'cursor', 'token'] } },
    page: { type: 'object', required: ['param'], additionalProperties: false, properties: { param: name, base: { type: 'integer', minimum: 0 } } },
    offset: { type: 'object', required: ['param'], additionalProperties: false, properties: { param: name } },
    limit: { type: 'object', required: ['param', 'default', 'max'], additionalProperties: false, properties: { param: name, default: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 1 }, min: { type: 'integer', minimum: 0 } } },
    fixedSize: { type: 'integer', minimum: 1 },
    cursor: { type: 'object', required: ['idField'], additionalProperties: false, properties: { before: name, after: name, idField: itemPointer } },
    token: { type: 'object', required: ['param', 'next'], additionalProperties: false, properties: { param: name, next: itemPointer } },
    exclusive: {
      type: 'array',
      items: { type: 'object', required: ['params', 'with', 'reason'], additionalProperties: false, properties: { params: { type: 'array', items: name }, with: { type: 'array', items: name }, reason: { type: 'string' } } },
    },
    items: pointer,
    total: itemPointer,
    count: itemPointer,
    hasMore: itemPointer,
  },
};

const sorting = {
  type: 'object',
  required: ['fields'],
  additionalProperties: false,
  properties: {
    ...inferred,
    fieldParam: name,
    orderParam: name,
    fields: { type: 'object', minProperties: 1, additionalProperties: itemPointer },
    orderValues: { type: 'object', required: ['asc', 'desc'], additionalProperties: false, properties: { asc: { type: 'string' }, desc: { type: 'string' } } },
    default: { type: 'object', required: ['field', 'order'], additionalProperties: false, properties: { field: { type: 'string' }, order: { enum: ['asc', 'desc'] } } },
    defaultWhen: { enum: ['always', 'unfiltered'] },
    tieBreak: itemPointer,
    collation: { enum: ['binary', 'case-insensitive'] },
  },
};

const filters = {
  type: 'array',
  items: {
    type: 'object',
    required: ['param', 'kind'],
    additionalProperties: false,
    // One filter reads `field` or `fields`: with both, which one the filter reads would be a guess.
    not: { required: ['field', 'fields'], description: 'gives both "field" and "fields": a filter reads one of them' },
    properties: {
      ...inferred,
      param: name,
      kind: { enum: ['equals', 'contains', 'array-contains', 'odata', 'scope'] },
      field: itemPointer,
      fields: { anyOf: [{ type: 'array', items: itemPointer }, { type: 'object', additionalProperties: itemPointer }] },
      caseInsensitive: { type: 'boolean' },
      operators: { type: 'array', items: { enum: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not'] } },
      constraints: { type: 'object', additionalProperties: { type: 'object' } },
      description: { type: 'string' },
    },
  },
};

const resource = {
  type: 'object',
  required: ['collection', 'action', 'idField', 'scope'],
  additionalProperties: false,
  properties: {
    ...inferred,
    collection: { type: 'string', pattern: '^/' },
    action: { enum: ['list', 'get', 'create', 'update', 'replace', 'delete'] },
    idField: itemPointer,
    idParam: name,
    scope: { type: 'array', items: name },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    serverFields: { type: 'array', items: itemPointer },
    unique: { type: 'array', items: itemPointer },
  },
};

const write = { type: 'object', required: ['reflectedBy', 'idField'], additionalProperties: false, properties: { reflectedBy: name, idField: itemPointer } };
const rateLimits = {
  type: 'object',
  additionalProperties: false,
  properties: { requestsPerMinute: { type: 'integer', minimum: 1 }, concurrent: { type: 'integer', minimum: 1 }, status: { type: 'integer', minimum: 400, maximum: 599 }, retryAfterHeader: name },
};

/** Operation-level declarations (`null` is allowed: it says "none", and keeps inference from adding one). */
const OPERATION: Record<string, unknown> = {
  [X.pagination]: pagination,
  [X.sorting]: sorting,
  [X.filters]: filters,
  [X_RESOURCE]: resource,
  [X.write]: write,
  [X.rateLimits]: rateLimits,
  [X.scopes]: { type: 'array', items: name },
  [X.pathAliases]: { type: 'array', items: { type: 'string', pattern: '^/' } },
};

// verbose: a `not` rule's error reads its schema's description (Ajv's own wording is "must NOT be valid").
const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const validators = new Map(Object.entries(OPERATION).map(([key, schema]) => [key, ajv.compile({ anyOf: [{ type: 'null' }, schema] })]));
const documentRateLimits = ajv.compile(rateLimits);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface VocabularyProblem {
  /** JSON pointer into the document. */
  pointer: string;
  message: string;
}

function problems(validate: ReturnType<typeof ajv.compile>, value: unknown, at: string): VocabularyProblem[] {
  if (validate(value)) return [];
  // The anyOf [null, schema] wrapper reports its own summary; the branch's errors say what is wrong.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params?.type === 'null' && e.instancePath === ''));
  return errors.map((e) => {
    const negated = e.keyword === 'not' ? (e.schema as { description?: string } | undefined)?.description : undefined;
    const detail = negated ? negated : e.keyword === 'enum' ? `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` : e.keyword === 'additionalProperties' ? `has unknown property "${e.params.additionalProperty}"` : (e.message ?? 'is invalid');
    return { pointer: `${at}${e.instancePath}`, message: detail };
  });
}

/** Every `x-` declaration of a document that breaks the vocabulary, with its JSON pointer. */
export function vocabularyProblems(document: Json): VocabularyProblem[] {
  const out: VocabularyProblem[] = [];
  if (document[X.rateLimits] !== undefined) out.push(...problems(documentRateLimits, document[X.rateLimits], `/${X.rateLimits}`));
  const paths = (document.paths && typeof document.paths === 'object' ? document.paths : {}) as Record<string, Json>;
  for (const [p, item] of Object.entries(paths)) {
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op = item[method] as Json | undefined;
      if (!op || typeof op !== 'object') continue;
      const at = `/paths/${escapePointerToken(p)}/${method}`;
      for (const [key, validate] of validators) if (op[key] !== undefined) out.push(...problems(validate, op[key], `${at}/${escapePointerToken(key)}`));
      const params = Array.isArray(op.parameters) ? (op.parameters as Json[]) : [];
      params.forEach((param, i) => {
        const v = param?.[X.enumEnforced];
        if (v !== undefined && typeof v !== 'boolean') out.push({ pointer: `${at}/parameters/${i}/${X.enumEnforced}`, message: 'must be boolean' });
      });
    }
  }
  return out;
}

/** Throws one line naming the file and the first problem's pointer (and how many more there are). */
export function assertVocabulary(document: Json, file: string): void {
  const found = vocabularyProblems(document);
  if (!found.length) return;
  const [first] = found;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  throw new Error(`${file}: ${first.pointer} ${first.message}${more}`);
}
