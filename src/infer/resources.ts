/**
 * `x-resource` of each operation: which collection it works on and how. `/things` and `/things/{id}` are
 * one collection; path parameters before the collection's own segment scope it (a project, a workspace,
 * an organisation: whatever it is called); the item id is the field the item parameter names, else the
 * id-like field (`id`, else the one named for the collection). GET on the collection lists, POST creates;
 * GET on an item reads, PATCH merges, PUT replaces (merges when its body requires no field), POST on an
 * item updates, DELETE removes. A GET on `<collection>/<literal>` whose items are the collection's own
 * lists that collection (petstore's `/pet/findByStatus`). Server fields: readOnly ones, the id and the
 * times the body does not carry, the parent's id the path names.
 */
import { pointerOf } from '../contracts/json-pointer';
import { canonicalName, nameWords } from '../util/words';
import { documentedStatuses, parametersOf, propertiesOf, rawSuccessSchema, readOnlyProperties, requestSchema, sameSchema, schemaType, successResponse, type Json, type RawOperation } from './document';
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

/** `worker` for `/workforces/{id}/workers`: the singular of a collection path's last literal segment. */
function singularOfCollection(collectionPath: string): string {
  const last = collectionPath.split('/').filter((s) => s && !template.test(s)).pop() ?? '';
  return canonicalName(last).replace(/ies$/, 'y').replace(/s$/, '');
}

/**
 * The item field a path parameter names: `{thing_id}` → `thing_id` (any case style) or `id` for
 * `{id}`/`{thingId}`. Without a parameter (a list alone), the id-like field: `id`, else the one named
 * for the collection (`worker_id` for `workers`), else the only one; a field that names a scoping path
 * parameter (`workforce_id` under `{workforce_id}`) is the parent's id, never the item's.
 */
export function idFieldFor(param: string | undefined, itemFields: string[], collectionPath: string, scopeParams: string[] = []): string | undefined {
  const singular = singularOfCollection(collectionPath);
  if (param) {
    const exact = itemFields.find((f) => canonicalName(f) === canonicalName(param));
    if (exact) return exact;
    const words = nameWords(param);
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
  const parents = new Set(scopeParams.map(canonicalName));
  const idLike = itemFields.filter((f) => (f === 'id' || /(^|_)id$|Id$|(^|_)uuid$/.test(f)) && !parents.has(canonicalName(f)));
  if (idLike.includes('id')) return 'id';
  const named = idLike.filter((f) => canonicalName(f) === `${singular}_id` || canonicalName(f) === `${singular}_uuid`);
  if (named.length === 1) return named[0];
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

/** Verbs that name an action on an item or a collection rather than a collection of things. */
const ACTION_VERBS = new Set(['archive', 'unarchive', 'recover', 'restore', 'rotate', 'cancel', 'start', 'stop', 'restart', 'resume', 'pause', 'publish', 'unpublish', 'approve', 'reject', 'retry', 'resend', 'send', 'refresh', 'enable', 'disable', 'activate', 'deactivate', 'verify', 'validate', 'test', 'run', 'execute', 'trigger', 'reset', 'sync', 'import', 'export', 'clone', 'copy', 'move', 'merge', 'lock', 'unlock', 'close', 'reopen', 'submit', 'confirm', 'revoke', 'renew', 'replay', 'transfer', 'invite', 'login', 'logout', 'search', 'count', 'batch', 'bulk', 'upload', 'download', 'preview', 'estimate', 'calculate']);

/**
 * A POST-only path that is an action, not a collection (`POST /things/{id}/archive`, `POST
 * /endpoints/{id}/recover`, `POST /secret/rotate`, Google's `POST /things/{id}:cancel`): nothing lists or
 * reads what it "creates", and it hangs off an item under a singular word or its first word is a verb. Served by the document
 * (Prism), not as a store.
 */
function isAction(g: Group): boolean {
  if (g.list || g.ops.some((o) => o.action !== 'create')) return false;
  const path = g.collection ?? g.ops[0].collectionPath;
  const segments = path.replace(/\/+$/, '').split('/');
  const last = segments[segments.length - 1] ?? '';
  if (last.includes(':')) return true;
  // Off an item, a singular word is an action (`/{id}/archive`); a plural one a sub-collection (`/{id}/members`).
  if (template.test(segments[segments.length - 2] ?? '') && !/s$/i.test(last)) return true;
  const words = nameWords(last);
  return words.length > 0 && ACTION_VERBS.has(words[0]);
}

/** The names of a path template's parameters, outermost first. */
function templateParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

export function inferResources(document: Json, operations: RawOperation[]): InferredResources {
  const groups = new Map<string, Group>();
  const group = (key: string): Group => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ops: [] }));
    return g;
  };
  const listShapes = new Map<string, ListShape>();
  // Item paths: a parameter last, with a GET, PATCH, PUT or DELETE. A POST there changes that item
  // (petstore's `POST /pet/{petId}`, Twilio's `POST /Services/{Sid}`): an update, never a create in a
  // collection scoped by the item's own id.
  const itemPaths = new Set(operations.filter((op) => ITEM_ACTIONS[op.method] && template.test(lastSegment(op.path))).map((op) => shapeOf(op.path)));
  // Lists at `<collection>/<literal>` (petstore's `/pet/findByStatus`), decided once every collection is known.
  const views: Array<{ op: RawOperation; parent: string }> = [];
  for (const op of operations) {
    const segments = op.path.replace(/\/+$/, '').split('/');
    const last = segments[segments.length - 1] ?? '';
    const itemParam = template.exec(last)?.[1];
    const postOnItem = op.method === 'post' && itemParam !== undefined && itemPaths.has(shapeOf(op.path));
    if (itemParam && (ITEM_ACTIONS[op.method] || postOnItem)) {
      const collectionPath = segments.slice(0, -1).join('/') || '/';
      group(shapeOf(collectionPath)).ops.push({ op, action: postOnItem ? 'update' : itemAction(document, op), itemParam, collectionPath });
      continue;
    }
    const action = COLLECTION_ACTIONS[op.method];
    if (!action) continue;
    // A POST whose body is an array creates many at once (petstore's `/user/createWithList`): not one item's create.
    if (action === 'create' && schemaType(requestSchema(document, op)) === 'array') continue;
    if (action === 'list') {
      const shape = listShape(document, successResponse(document, op)?.schema);
      if (!shape) continue;
      listShapes.set(op.operationId, shape);
      const parent = segments.slice(0, -1).join('/');
      if (segments.length > 2 && !itemParam && !template.test(segments[segments.length - 2])) {
        views.push({ op, parent });
        continue;
      }
    }
    const g = group(shapeOf(op.path));
    g.collection = op.path;
    if (action === 'list') g.list = op;
    g.ops.push({ op, action, collectionPath: op.path });
  }
  // A GET on `<collection>/<literal>` whose items are the collection's own (the same schema its item
  // operations answer) lists that collection: `/pet/findByStatus` lists the pets `/pet/{petId}` reads,
  // from one store. Otherwise it is a collection of its own, as before.
  for (const { op, parent } of views) {
    const owner = groups.get(shapeOf(parent));
    const shape = listShapes.get(op.operationId)!;
    if (owner && owner.ops.length && sameItems(document, owner, shape, listShapes)) {
      owner.ops.push({ op, action: 'list', collectionPath: owner.collection ?? owner.ops[0].collectionPath });
      continue;
    }
    const g = group(shapeOf(op.path));
    g.collection = op.path;
    g.list = op;
    g.ops.push({ op, action: 'list', collectionPath: op.path });
  }

  const byOperation = new Map<string, ResourceDecl>();
  for (const g of groups.values()) {
    if (isAction(g)) continue;
    // A lone item path without a list or create is still a collection (its records come from the schema).
    const itemSchema = itemSchemaOf(document, g, listShapes);
    if (!itemSchema) continue;
    const itemFields = Object.keys(propertiesOf(document, itemSchema));
    const itemParam = g.ops.find((o) => o.itemParam)?.itemParam;
    const collectionPath = g.collection ?? g.ops[0].collectionPath;
    const scopeParams = templateParams(collectionPath);
    const id = idFieldFor(itemParam, itemFields, collectionPath, scopeParams);
    if (!id) continue;
    const idField = pointerOf([id]);
    const readOnly = new Set(readOnlyProperties(document, itemSchema));
    const itemRequired = new Set(Array.isArray(itemSchema.required) ? (itemSchema.required as string[]) : []);
    for (const { op, action, itemParam: param, collectionPath: own } of g.ops) {
      const scope = parametersOf(document, op)
        .filter((p) => p.in === 'path' && own.includes(`{${p.name}}`))
        .map((p) => p.name);
      const decl: ResourceDecl = { collection: collectionPath, action, idField, scope };
      if (param) decl.idParam = param;
      const success = successResponse(document, op);
      if (success?.status !== undefined) decl.status = success.status;
      if (action === 'create' || action === 'update' || action === 'replace') {
        const body = requestSchema(document, op);
        // Request fields in any case style (Twilio's form field `UniqueName` is the item's `unique_name`).
        const carried = new Set(Object.keys(propertiesOf(document, body)).map(canonicalName));
        const required = new Set((Array.isArray(body?.required) ? (body.required as string[]) : []).map(canonicalName));
        const parents = new Set(scope.map(canonicalName));
        const serverFields = itemFields
          .filter((f) => {
            const name = canonicalName(f);
            // readOnly (any name); the id and creation/update times the body does not carry (an item's
            // id is its path's on an update or replace, whatever the body says: petstore's PUT
            // /user/{username} takes a whole User); the parent's id the path names (`project_id` under
            // `{project_id}`), unless the body must give it.
            if (f === id && action !== 'create') return true;
            // A field the item requires and the request body cannot carry at all is the server's to set
            // (svix's `orgId`, `region`) on a create, and to keep on a replace.
            const unwritable = itemRequired.has(f) && !carried.has(name) && action !== 'update' && body !== undefined;
            return readOnly.has(f) || unwritable || ((f === id || SERVER_SET.test(name)) && !carried.has(name)) || (parents.has(name) && !required.has(name));
          })
          .map((f) => pointerOf([f]));
        if (serverFields.length) decl.serverFields = serverFields;
        if (documentedStatuses(op).includes(409)) {
          const unique = ['name', 'slug', 'email', 'username', 'title', 'key'].find((f) => itemFields.includes(f) && carried.has(canonicalName(f)));
          if (unique) decl.unique = [pointerOf([unique])];
        }
      }
      byOperation.set(op.operationId, decl);
    }
  }
  return { byOperation, listShapes };
}

function lastSegment(path: string): string {
  const segments = path.replace(/\/+$/, '').split('/');
  return segments[segments.length - 1] ?? '';
}

/**
 * Are a list's items the collection's own: the same schema (the same `$ref`, or equal) as its list's
 * items, else what its GET by id, create, replace or update answers?
 */
function sameItems(document: Json, owner: Group, shape: ListShape, listShapes: Map<string, ListShape>): boolean {
  if (owner.list) return sameSchema(document, shape.rawItem, listShapes.get(owner.list.operationId)?.rawItem);
  for (const action of ['get', 'create', 'replace', 'update'] as const) {
    const entry = owner.ops.find((o) => o.action === action);
    if (entry) return sameSchema(document, shape.rawItem, rawSuccessSchema(document, entry.op));
  }
  return false;
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
