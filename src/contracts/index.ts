/**
 * The contracts module: loads the OpenAPI documents under `contracts/`, resolves references and gives
 * the rest of the program operations with compiled validators. It is the only place that compiles
 * schemas; the mock, the harness, the fixtures and the extractor's example check all ask it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONTRACTS_DIR } from '../util/paths';
import { X, type RateLimits } from './extensions';
import { Operation } from './operation';
import { SchemaCompiler } from './schema-compiler';
import { inferDeclarations } from '../infer';
import { normalizeNullable } from './openapi-schemas';
import { apiNameOf, danglingRefProblem, documentProblem, readContractPath, type ContractFile } from './sources';
import { assertVocabulary } from './vocabulary';

export * from './extensions';
export * from './json-pointer';
export { Operation, isHttpBasic, isJsonMediaType } from './operation';
export type { ParameterSpec, ResponseSpec, SecuritySchemeSpec, ParameterError, ParameterInput, ParameterResult, ParameterLocation } from './operation';
export { SchemaCompiler, toViolations } from './schema-compiler';
export { normalizeNullable, danglingRef, directionalView, writeOnlyStripper, type Direction } from './openapi-schemas';
export type { SchemaViolation } from './schema-compiler';
export { coerceParameter, admittedTypes } from './parameters';
export { encodeForm, isFormMediaType, mediaTypeOf, FORM_URLENCODED, MULTIPART_FORM } from './form-body';
export { apiNameOf, documentProblem, readContractFile, readContractPath, type ContractFile } from './sources';
export { resourceOf, scopeKey, X_RESOURCE, type Resource, type ResourceAction } from './resource';
export { assertVocabulary, vocabularyProblems, type VocabularyProblem } from './vocabulary';
export { defaultOrderApplies, requestedOrder } from './sorting';
export type { RequestedOrder } from './sorting';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface OperationMatch {
  api: ApiContract;
  operation: Operation;
  pathParams: Record<string, string>;
}

/** One API's document and its operations. */
export class ApiContract {
  readonly name: string;
  readonly operations: Operation[];

  constructor(
    readonly document: Record<string, unknown>,
    readonly file: string | undefined,
    compiler: SchemaCompiler,
  ) {
    this.name = apiNameOf(document, file);
    const documentId = `urn:contract-mock:${encodeURIComponent(this.name)}`;
    // A schema Ajv would refuse is a one-line error naming the file and the pointer when the contract is
    // loaded, never a 500 at the first request that needs it.
    const problem = compiler.problem(document);
    if (problem) throw new Error(`${file ?? `contract ${this.name}`}: the schema at ${problem.pointer} cannot be used: ${problem.message}`);
    compiler.addDocument(documentId, document);
    const paths = (document.paths as Record<string, Record<string, unknown>>) ?? {};
    this.operations = [];
    for (const p of Object.keys(paths)) {
      const pathItem = paths[p];
      for (const method of HTTP_METHODS) {
        const raw = pathItem[method];
        if (raw && typeof raw === 'object') {
          this.operations.push(new Operation(this.name, method, p, raw as Record<string, unknown>, pathItem, document, documentId, compiler));
        }
      }
    }
  }

  get title(): string {
    return ((this.document.info as Record<string, unknown> | undefined)?.title as string) ?? this.name;
  }

  get servers(): string[] {
    return ((this.document.servers as Array<{ url: string }>) ?? []).map((s) => s.url);
  }

  get rateLimits(): RateLimits | undefined {
    return this.document[X.rateLimits] as RateLimits | undefined;
  }

  operation(operationId: string): Operation | undefined {
    return this.operations.find((o) => o.operationId === operationId);
  }

  match(method: string, pathname: string): OperationMatch | undefined {
    const m = method.toLowerCase();
    for (const operation of this.operations) {
      if (operation.method !== m) continue;
      const pathParams = operation.matchPath(pathname);
      if (pathParams) return { api: this, operation, pathParams };
    }
    return undefined;
  }
}

/** All APIs of a contracts directory. */
export class ContractSet {
  constructor(readonly apis: ApiContract[]) {}

  api(name: string): ApiContract {
    const found = this.apis.find((a) => a.name === name);
    if (!found) throw new Error(`no contract for API "${name}" (known: ${this.apis.map((a) => a.name).join(', ')})`);
    return found;
  }

  operation(operationId: string, apiName?: string): Operation | undefined {
    for (const api of this.apis) {
      if (apiName && api.name !== apiName) continue;
      const op = api.operation(operationId);
      if (op) return op;
    }
    return undefined;
  }

  /** The operation a request is for, by method and path (templated paths and `x-path-aliases`). */
  match(method: string, pathname: string): OperationMatch | undefined {
    for (const api of this.apis) {
      const found = api.match(method, pathname);
      if (found) return found;
    }
    return undefined;
  }

  /** Every operation answering `pathname` with any method (to tell 405 from 404). */
  operationsAt(pathname: string): Operation[] {
    return this.apis.flatMap((a) => a.operations.filter((o) => o.matchPath(pathname)));
  }
}

/** Builds a contract set from documents already in memory (tests, `extract --stdout` checks). */
export function contractsFromDocuments(documents: Array<Record<string, unknown>>): ContractSet {
  const compiler = new SchemaCompiler();
  // Inferred on a copy: the caller's documents are not changed.
  return new ContractSet(
    documents.map((d) => {
      const where = `contract ${apiNameOf(d, undefined)}`;
      assertVocabulary(d, where);
      return new ApiContract(withInferred(prepared(structuredClone(d), where)), undefined, compiler);
    }),
  );
}

/**
 * A document ready for inference and compilation (in place): `nullable` as JSON Schema says it, and no
 * `$ref` that names nothing (a one-line error naming `where` and the ref's pointer). `readContractFile`
 * does the same for files.
 */
function prepared(document: Record<string, unknown>, where: string): Record<string, unknown> {
  const dangling = danglingRefProblem(document);
  if (dangling) throw new Error(`${where}: ${dangling}`);
  normalizeNullable(document);
  return document;
}

/** The document with the inference step's declarations added (in place; src/infer). */
function withInferred(document: Record<string, unknown>): Record<string, unknown> {
  inferDeclarations(document);
  return document;
}

/**
 * Loads the contracts of a path as users give them (`--contracts PATH`): one file or a directory,
 * OpenAPI 3.0 or 3.1, JSON or YAML, with the inference step's declarations (src/contracts/sources.ts).
 * The commands load contracts with this; `loadContracts` reads the project's own 3.1 JSON directory.
 */
export async function loadContractSet(target: string): Promise<ContractSet & { files: ContractFile[] }> {
  const files = await readContractPath(target);
  const compiler = new SchemaCompiler();
  const set = new ContractSet(files.map((f) => new ApiContract(f.document, f.file, compiler)));
  return Object.assign(set, { files });
}

const cache = new Map<string, ContractSet>();

/**
 * Loads every `*.openapi.json` of a directory (default: the project's `contracts/`). Loaded sets are
 * cached per directory: documents are read and validators compiled once per process.
 */
export function loadContracts(dir: string = CONTRACTS_DIR, options: { fresh?: boolean } = {}): ContractSet {
  const key = path.resolve(dir);
  const cached = cache.get(key);
  if (cached && !options.fresh) return cached;
  const files = readdirSync(key)
    .filter((f) => f.endsWith('.openapi.json'))
    .sort();
  const compiler = new SchemaCompiler();
  const apis = files.map((f) => {
    const file = path.join(key, f);
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`cannot read contract ${file}: ${(err as Error).message}`);
    }
    const problem = documentProblem(document);
    if (problem) throw new Error(`${file} is not an OpenAPI 3 document: ${problem}`);
    assertVocabulary(document, file);
    return new ApiContract(withInferred(prepared(document, file)), file, compiler);
  });
  const set = new ContractSet(apis);
  cache.set(key, set);
  return set;
}
