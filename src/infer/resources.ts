/**
 * `x-resource` of each operation: which collection it works on and how. `/things` and `/things/{id}` are
 * one collection; path parameters before the collection's own segment scope it (a project, a workspace,
 * an organisation: whatever it is called); the item id is the field the item parameter names, else the
 * only id-like field. GET on the collection lists, POST creates; GET on an item reads, PATCH merges,
 * PUT replaces (merges when its body requires no field), DELETE removes.
 */
import { pointerOf } from '../contracts/json-pointer';
import { canonicalName, nameWords } from '../util/words';
import { documentedStatuses, parametersOf, propertiesOf, requestSchema, schemaType, successResponse, type Json, type RawOperation } from './document';
import { listShape, type ListShape } from './list-response';

export type { Resource as ResourceDecl, ResourceAction } from '../contracts/resource';
import type { Resource as ResourceDecl, ResourceAction } from '../contracts/resource';

const ITEM_ACTIONS: Partial<Record<RawOperation['method'], ResourceAction>> = { get: 'get', patch: 'update', put: 'replace', delete: 'delete' };
const COLLECTION_ACTIONS: Partial<Record<RawOperation['method'], ResourceAction>> = { get: 'list', post: 'create' };
const SERVER_SET = /^(id|uuid|_id|created|created_at|create_time|creation_time|created_on|creation_date|date_created|updated|updated_at|update_time|modified|modified_at|last_modified|date_updated|updated_on)$/;

const template = /^\{([^}]+)\}$/;

/** `/a/{x}/b` with parameter names dropped, so that `/things/{id}` and `/things/{thing_id}` group. */
function shapeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');
}

interface Group {
  collection?: string;
  list?: RawOperation;
  ops: Array<{ op: RawOperation; action: ResourceAction; itemParam?: string; collectionPath: string }>;
}

/** The item field a path parameter names: `{thing_id}` → `thing_id` (any case style) or `id` for `{id}`/`{thingId}`. */
export function idFieldFor(param: string | undefined, itemFields: string[], collectionPath: string): string | undefined {
  if (param) {
    const exact = itemFields.find((f) => canonicalName(f) === canonicalName(param));
    if (exact) return exact;
    const words = nameWords(param);
    const last = collectionPath.split('/').filter((s) => s && !template.test(s)).pop() ?? '';
    const singular = canonicalName(last).replace(/ies$/, 'y').replace(/s$/, '');
    // `{id}`, `{thingId}`, `{thing_id}`, `{name}` for a `things` collection whose items carry `id` / `name`.
    if (words[words.length - 1] === 'id' && itemFields.includes('id') && (words.length === 1 || canonicalName(words.slice(0, -1).join('_')) === singular)) return 'id';
    if (words.length === 1 && itemFields.includes(words[0])) return words[0];
    // `{issue_number}` for items with a `number`, `{repo_name}` for a `name`: the last word names the field.
    const lastWord = words[words.length - 1];
    if (words.length > 1 && lastWord !== 'id' && canonicalName(words.slice(0, -1).join('_')) === singular && itemFields.includes(lastWord)) return lastWord;
    // `{repo}` for a `repos` collection whose items are known by name (GitHub's way): a name-like key.
    if (words.length === 1 && canonicalName(words[0]) === singular) {
      const key = ['name', 'slug', 'key', 'login', 'username', 'handle'].find((f) => itemFields.includes(f));
      if (key) return key;
    }
  }
  const idLike = itemFields.filter((f) => f === 'id' || /(^|_)id$|Id$|(^|_)uuid$/.test(f));
  if (idLike.includes('id')) return 'id';
  return idLike.length === 1 ? idLike[0] : undefined;
}

/**
 * What an operation on an item does. PUT replaces, unless its request body requires nothing while
 * giving fields: then the page documents a PUT that changes what it is sent (GitLab's and many
 * others' way), and a replace would refuse every request that leaves out a field the item has.
 */
function itemAction(document: Json, op: RawOperation): ResourceAction {
  const action = ITEM_ACTIONS[op.method]!;
  if (action !== 'replace') return action;
  const body = requestSchema(document, op);
  const fields = Object.keys(propertiesOf(document, body));
  const required = Array.isArray(body?.required) ? body.required : [];
  return fields.length > 0 && required.length === 0 ? 'update' : 'replace';
}

export interface InferredResources {
  /** Declaration per operation (by operationId). */
  byOperation: Map<string, ResourceDecl>;
  /** List shapes per list operation, for pagination and filters. */
  listShapes: Map<string, ListShape>;
}

export function inferResources(document: Json, operations: RawOperation[]): InferredResources {
  const groups = new Map<string, Group>();
  const group = (key: string): Group => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ops: [] }));
    return g;
  };
  const listShapes = new Map<string, ListShape>();
  for (const op of operations) {
    const segments = op.path.replace(/\/+$/, '').split('/');
    const last = segments[segments.length - 1] ?? '';
    const itemParam = template.exec(last)?.[1];
    if (itemParam && ITEM_ACTIONS[op.method]) {
      const collectionPath = segments.slice(0, -1).join('/') || '/';
      group(shapeOf(collectionPath)).ops.push({ op, action: itemAction(document, op), itemParam, collectionPath });
      continue;
    }
    const action = COLLECTION_ACTIONS[op.method];
    if (!action) continue;
    if (action === 'list') {
      const shape = listShape(document, successResponse(document, op)?.schema);
      if (!shape) continue;
      listShapes.set(op.operationId, shape);
    }
    const g = group(shapeOf(op.path));
    g.collection = op.path;
    if (action === 'list') g.list = op;
    g.ops.push({ op, action, collectionPath: op.path });
  }

  const byOperation = new Map<string, ResourceDecl>();
  for (const g of groups.values()) {
    // A lone item path without a list or create is still a collection (its records come from the schema).
    const itemSchema = itemSchemaOf(document, g, listShapes);
    if (!itemSchema) continue;
    const itemFields = Object.keys(propertiesOf(document, itemSchema));
    const itemParam = g.ops.find((o) => o.itemParam)?.itemParam;
    const collectionPath = g.collection ?? g.ops[0].collectionPath;
    const id = idFieldFor(itemParam, itemFields, collectionPath);
    if (!id) continue;
    const idField = pointerOf([id]);
    for (const { op, action, itemParam: param, collectionPath: own } of g.ops) {
      const scope = parametersOf(document, op)
        .filter((p) => p.in === 'path' && own.includes(`{${p.name}}`))
        .map((p) => p.name);
      const decl: ResourceDecl = { collection: collectionPath, action, idField, scope };
      if (param) decl.idParam = param;
      const success = successResponse(document, op);
      if (success?.status !== undefined) decl.status = success.status;
      if (action === 'create' || action === 'update' || action === 'replace') {
        const request = Object.keys(propertiesOf(document, requestSchema(document, op)));
        const serverFields = itemFields.filter((f) => SERVER_SET.test(canonicalName(f)) && !request.includes(f)).map((f) => pointerOf([f]));
        if (serverFields.length) decl.serverFields = serverFields;
        if (documentedStatuses(op).includes(409)) {
          const unique = ['name', 'slug', 'email', 'username', 'title', 'key'].find((f) => itemFields.includes(f) && request.includes(f));
          if (unique) decl.unique = [pointerOf([unique])];
        }
      }
      byOperation.set(op.operationId, decl);
    }
  }
  return { byOperation, listShapes };
}

/** The item schema: the list's items, else what a GET by id, a create or an update answers. */
function itemSchemaOf(document: Json, g: Group, listShapes: Map<string, ListShape>): Json | undefined {
  if (g.list) return listShapes.get(g.list.operationId)?.itemSchema;
  for (const action of ['get', 'create', 'replace', 'update'] as const) {
    const entry = g.ops.find((o) => o.action === action);
    const schema = entry ? successResponse(document, entry.op)?.schema : undefined;
    if (schema && schemaType(schema) === 'object' && Object.keys(schema.properties ?? {}).length) return schema;
  }
  return undefined;
}
