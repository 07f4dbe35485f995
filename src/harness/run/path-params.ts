/**
 * Values of path parameters for a contract run, for any operation of any API, taken in this order:
 *
 * 1. what the user gave: `--path-param [API.]NAME=VALUE`, `--workspace` (for the parameters that scope a
 *    collection) or `CONTRACT_MOCK_<API>_<PARAM>` (`projectId` as `_PROJECT_ID`, or `_PROJECTID`);
 * 2. an id the run learned from a list's answer: the first item of the collection whose ids the
 *    parameter names. Either the parameter follows the list's own path (`/projects/{projectId}/stats`
 *    and the list `/projects`; `/orgs/{org}/repos/{repo}/issues` and `/orgs/{org}/repos`), the list's
 *    scope values then going with it, or its name names the collection (`projectId`, `project_id` for
 *    `/projects`, whose items' id field is read from its `x-resource`);
 * 3. for operations no other part of the plan covers only: the parameter's own example, default or first
 *    enum value (schema or parameter level). A list's scope is not taken from an example: a run against
 *    a workspace made up from the documentation would pass on a plan of 404s.
 *
 * What none of these gives is named with the ways to give it, so the plan can say why it left an
 * operation out (or refuse the run before the first request, for the lists and item operations).
 */
import { getByPointer, resourceOf, type Operation, type ParameterSpec } from '../../contracts';
import { nameWords, singular } from '../../util/words';
import { pathParamVariable } from './credentials';

export interface PathParamOptions {
  /** `name=value` or `api.name=value` from `--path-param`. */
  pathParams?: Record<string, string>;
  /** `--workspace`: every parameter that scopes a collection. */
  workspace?: string;
  env: NodeJS.ProcessEnv;
}

/** Where one value came from: `given` (flag or variable), `learned` (a list's answer), `schema` (the document). */
export type ValueSource = 'given' | 'learned' | 'schema';

export interface ResolvedValue {
  value: string;
  source: ValueSource;
  /** How, in words: `CONTRACT_MOCK_X_PROJECT_ID`, `the first item GET /projects listed`, `its schema's example`. */
  from: string;
}

export interface Resolution {
  values: Record<string, string>;
  sources: Record<string, ResolvedValue>;
  /** Parameters without a value, each with why and how to give one. */
  missing: Array<{ name: string; why: string }>;
}

/** The list whose answers give a parameter's values, and how the list's own path maps onto the operation's. */
interface Source {
  list: Operation;
  /** Item pointer of the ids (`x-resource.idField` of the list). */
  pointer: string;
  /** The operation's parameters that take the list's scope values: operation name → list name. */
  scope: Array<[string, string]>;
}

const template = /^\{([^}]+)\}$/;

function segments(path: string): string[] {
  return path.replace(/\/+$/, '').split('/').filter(Boolean);
}

/** `/projects/{}/members` for `/projects/{projectId}/members`: paths with parameter names left out. */
function shape(parts: string[]): string {
  return parts.map((s) => (template.test(s) ? '{}' : s)).join('/');
}

/** The first value a schema (or its first alternative) documents: `example`/`examples`, `default`, `enum`. */
function documentedValue(schema: Record<string, unknown> | undefined): { value: unknown; from: string } | undefined {
  if (!schema) return undefined;
  if (schema.example !== undefined) return { value: schema.example, from: 'example' };
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return { value: schema.examples[0], from: 'example' };
  if (schema.default !== undefined) return { value: schema.default, from: 'default' };
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return { value: schema.enum.find((v) => v !== null) ?? schema.enum[0], from: 'first enum value' };
  for (const alt of [...((schema.anyOf as Array<Record<string, unknown>>) ?? []), ...((schema.oneOf as Array<Record<string, unknown>>) ?? [])]) {
    const v = documentedValue(alt);
    if (v) return v;
  }
  return undefined;
}

/**
 * The value a parameter's documentation gives it (its `example`/`examples`, else its schema's example,
 * default or first enum value), as sent, with where it came from; undefined when there is none or the
 * contract itself refuses it.
 */
export function documentedParameterValue(document: Record<string, unknown>, op: Operation, spec: ParameterSpec): { value: string; from: string } | undefined {
  const raw = getByPointer(document, spec.schemaPointer.replace(/\/schema$/, '')) as Record<string, unknown> | undefined;
  let found: { value: unknown; from: string } | undefined;
  if (raw?.example !== undefined) found = { value: raw.example, from: 'its example' };
  else if (raw?.examples && typeof raw.examples === 'object') {
    const first = Object.values(raw.examples as Record<string, { value?: unknown }>)[0];
    if (first && typeof first === 'object' && first.value !== undefined) found = { value: first.value, from: 'its example' };
  }
  if (!found) {
    const inSchema = documentedValue(spec.schema);
    if (inSchema) found = { value: inSchema.value, from: `its schema's ${inSchema.from}` };
  }
  if (!found || found.value === null || typeof found.value === 'object') return undefined;
  const value = String(found.value);
  const location = ({ path: 'path', query: 'query', header: 'headers' } as const)[spec.in as 'path' | 'query' | 'header'];
  if (!location) return undefined;
  // A documented value the contract itself refuses is no use.
  if (op.validateParameters({ [location]: { [spec.name]: value } }).errors.some((e) => e.in === spec.in && e.name === spec.name)) return undefined;
  return { value, from: found.from };
}

export class PathParams {
  /** Items each list has answered so far (first page first), by list. */
  private readonly learned = new Map<Operation, unknown[]>();
  private readonly sources = new Map<string, Source | null>();

  /** Names of the parameters that scope a collection somewhere in the API (what `--workspace` gives). */
  private readonly scopes: Set<string>;

  constructor(
    private readonly api: string,
    operations: Operation[],
    /** The lists the plan sends (paged GETs), in document order. */
    private readonly lists: Operation[],
    private readonly options: PathParamOptions,
    private readonly document: () => Record<string, unknown>,
  ) {
    this.scopes = new Set(operations.flatMap((op) => resourceOf(op)?.scope ?? []));
    this.operations = operations;
  }

  private readonly operations: Operation[];
  private readonly fits = new Map<string, boolean>();

  /**
   * Whether `--workspace` gives `name`: a scope parameter whose schema, in every operation that has it,
   * accepts the value (Twilio's `--workspace KS…` is the `{ServiceSid}`, not the `{SessionSid}` that must
   * match `^KC…`, which is then learned from the sessions list as any other).
   */
  private workspaceFits(name: string, value: string): boolean {
    if (!this.fits.has(name)) {
      const refused = this.operations.some((op) => op.parameters.some((p) => p.in === 'path' && p.name === name) && op.validateParameters({ path: { [name]: value } }).errors.some((e) => e.in === 'path' && e.name === name));
      this.fits.set(name, !refused);
    }
    return this.fits.get(name)!;
  }

  /** The variable names that give a parameter: `CONTRACT_MOCK_X_PROJECT_ID`, and the older `..._PROJECTID` where it differs. */
  variables(name: string): string[] {
    const words = pathParamVariable(this.api, nameWords(name).join('_'));
    return [...new Set([words, pathParamVariable(this.api, name)])];
  }

  /** How a user gives a parameter, for messages: `--path-param projectId=VALUE, --workspace or CONTRACT_MOCK_X_PROJECT_ID`. */
  hint(name: string): string {
    const scope = this.scopes.has(name);
    return `--path-param ${name}=VALUE${scope ? ', --workspace' : ''} or ${this.variables(name)[0]}`;
  }

  /** A value the user gave: a flag, `--workspace` for a scope, an environment variable. */
  given(name: string): ResolvedValue | undefined {
    const { pathParams, workspace, env } = this.options;
    const flag = pathParams?.[`${this.api}.${name}`] ?? pathParams?.[name];
    if (flag !== undefined && flag !== '') return { value: flag, source: 'given', from: `--path-param ${name}` };
    if (workspace && this.scopes.has(name) && this.workspaceFits(name, workspace)) return { value: workspace, source: 'given', from: '--workspace' };
    for (const variable of this.variables(name)) {
      const value = env[variable];
      if (value !== undefined && value !== '') return { value, source: 'given', from: variable };
    }
    return undefined;
  }

  /** The list whose items give `name`'s values in `op`, if any (see the module comment). */
  sourceOf(op: Operation, name: string): Source | undefined {
    const key = `${op.method} ${op.path} ${name}`;
    if (!this.sources.has(key)) this.sources.set(key, this.findSource(op, name) ?? null);
    return this.sources.get(key) ?? undefined;
  }

  private findSource(op: Operation, name: string): Source | undefined {
    const parts = segments(op.path);
    const at = parts.indexOf(`{${name}}`);
    if (at < 0) return undefined;
    // The parameter right after a list's own path: `/projects/{projectId}/...` and `/projects`.
    const prefix = shape(parts.slice(0, at));
    for (const list of this.lists) {
      if (list === op) continue;
      const r = resourceOf(list);
      const listParts = segments(list.path);
      if (!r || shape(listParts) !== prefix) continue;
      const opParams = parts.slice(0, at).map((s) => template.exec(s)?.[1]);
      const scope: Array<[string, string]> = [];
      listParts.forEach((s, i) => {
        const listParam = template.exec(s)?.[1];
        if (listParam && opParams[i]) scope.push([opParams[i]!, listParam]);
      });
      return { list, pointer: r.idField, scope };
    }
    // By name: `projectId` / `project_id` / `project` for the items of `/projects` (a list with a
    // shorter path, so that no two lists wait on each other), whose id field is the list's.
    const words = nameWords(name);
    const noun = (words[words.length - 1] === 'id' ? words.slice(0, -1) : words).join('_');
    if (!noun) return undefined;
    for (const list of this.lists) {
      const r = resourceOf(list);
      const listParts = segments(list.path);
      if (!r || list === op || listParts.length >= parts.length) continue;
      const last = [...listParts].reverse().find((s) => !template.test(s)) ?? '';
      if (singular(nameWords(last).join('_')) !== noun) continue;
      // Its own scope must be the operation's too (same names), or it has none.
      const scope = r.scope.filter((p) => op.parameters.some((q) => q.in === 'path' && q.name === p)).map((p): [string, string] => [p, p]);
      if (scope.length !== r.scope.length) continue;
      return { list, pointer: r.idField, scope };
    }
    return undefined;
  }

  /** Records the items a list answered (the first page first); its ids become values for the parameters it is the source of. */
  learn(list: Operation, items: unknown[]): void {
    this.learned.set(list, items);
  }

  /** Whether a list has been run (so that what it did not list is known to be missing). */
  ran(list: Operation): boolean {
    return this.learned.has(list);
  }

  /** The value a list's answer gives `name` in `op` (and the list's scope values that go with it). */
  private fromList(op: Operation, name: string, listValues: (list: Operation) => Record<string, string>): { value?: ResolvedValue; scope?: Record<string, string>; why?: string } {
    const source = this.sourceOf(op, name);
    if (!source) return {};
    const listed = this.learned.get(source.list);
    const what = `${source.list.method.toUpperCase()} ${source.list.path}`;
    if (!listed) return { why: `its value comes from the items ${what} lists, which the run has not listed` };
    const id = listed.map((item) => getByPointer(item, source.pointer)).find((v) => v !== undefined && v !== null && typeof v !== 'object');
    if (id === undefined) return { why: `its value comes from the items ${what} lists, and it listed none` };
    const values = listValues(source.list);
    const scope = Object.fromEntries(source.scope.filter(([, l]) => values[l] !== undefined).map(([o, l]) => [o, values[l]]));
    return { value: { value: String(id), source: 'learned', from: `${source.pointer.slice(1)} of the first item ${what} listed` }, scope };
  }

  /** The parameter's own documented value (parameter-level `example`/`examples`, or its schema's). */
  private documented(op: Operation, name: string): ResolvedValue | undefined {
    const spec = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const found = spec && documentedParameterValue(this.document(), op, spec);
    return found && { value: found.value, source: 'schema', from: found.from };
  }

  /**
   * The values of `op`'s path parameters (less `skip`, the ones the run fills itself: an item's id), in
   * the order of the module comment; `schema`: whether the document's own values may be used.
   */
  resolve(op: Operation, options: { skip?: Iterable<string>; schema?: boolean } = {}): Resolution {
    const skip = new Set(options.skip ?? []);
    const out: Resolution = { values: {}, sources: {}, missing: [] };
    const names = op.parameters.filter((p) => p.in === 'path' && !skip.has(p.name)).map((p) => p.name);
    const scoped: Record<string, ResolvedValue> = {};
    const listValues = (list: Operation) => this.resolve(list).values;
    for (const name of names) {
      const given = this.given(name);
      if (given) {
        out.sources[name] = given;
        continue;
      }
      const learned = this.fromList(op, name, listValues);
      if (learned.value) {
        out.sources[name] = learned.value;
        for (const [o, v] of Object.entries(learned.scope ?? {})) scoped[o] ??= { value: v, source: 'learned', from: `the scope that ${learned.value.from.replace(/^.* of the first item /, '')} in` };
        continue;
      }
      const documented = options.schema ? this.documented(op, name) : undefined;
      if (documented) {
        out.sources[name] = documented;
        continue;
      }
      const sourceWhy = learned.why ? `; ${learned.why}` : '';
      const schemaWhy = options.schema ? '; no list gives its values and its schema has no example, default or enum' : '';
      const { workspace } = this.options;
      const refused = workspace && this.scopes.has(name) && !this.workspaceFits(name, workspace) ? `; --workspace ${workspace} does not match its schema` : '';
      out.missing.push({ name, why: `${name} (${this.hint(name)}${refused}${learned.why ? sourceWhy : schemaWhy})` });
    }
    // A learned id goes with the scope it was listed in (the scope the user gave wins where it differs).
    for (const [name, v] of Object.entries(scoped)) if (names.includes(name) && out.sources[name]?.source !== 'given') out.sources[name] = v;
    for (const [name, v] of Object.entries(out.sources)) out.values[name] = v.value;
    out.missing = out.missing.filter((m) => out.values[m.name] === undefined);
    return out;
  }

  /**
   * Whether every parameter of `op` (less `skip`) is given, or comes from a list the plan sends: what
   * is checked before the first request. Answers the parameters that are neither, with their hints.
   */
  unresolvable(op: Operation, skip: Iterable<string> = []): string[] {
    const s = new Set(skip);
    return op.parameters
      .filter((p) => p.in === 'path' && !s.has(p.name) && !this.given(p.name) && !this.sourceOf(op, p.name))
      .map((p) => `${p.name} (${this.hint(p.name)})`);
  }

  /**
   * Whether every path parameter of `op` can get a value (given, from a list the plan sends, or
   * documented): an operation no other part covers that cannot is left out before the first request.
   */
  plannable(op: Operation): boolean {
    return op.parameters.filter((p) => p.in === 'path').every((p) => this.given(p.name) || this.sourceOf(op, p.name) || this.documented(op, p.name));
  }

  /** The lists `op`'s parameters (less `skip`) wait for: those whose answers give their values. */
  waitsFor(op: Operation, skip: Iterable<string> = []): Operation[] {
    const s = new Set(skip);
    const out = new Set<Operation>();
    for (const p of op.parameters.filter((x) => x.in === 'path' && !s.has(x.name))) {
      if (this.given(p.name)) continue;
      const source = this.sourceOf(op, p.name);
      if (source) out.add(source.list);
    }
    return [...out];
  }
}
