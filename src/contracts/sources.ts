/**
 * Contract files as users have them: OpenAPI 3.1 or 3.0, JSON or YAML, one file or a directory. Everything
 * that reads a user's contracts (serve, run, verify, the Jest matcher, extract's `contracts/sources/`)
 * comes through here, so that every command reads the same files the same way:
 *
 * - a directory holds `*.openapi.json|yaml|yml` files, and any other `*.json|yaml|yml` file whose top level
 *   says `openapi:` (a manifest or a findings file beside them is not a contract and is left alone);
 * - OpenAPI 3.0 is upgraded to 3.1 by `openapi-format` (nullable, exclusive bounds, `example`, ...), a
 *   well-kept converter, never by hand; Swagger 2.0 is refused with a one-line reason;
 * - the API's name is the document's `x-api`, else the file name without `.openapi.(json|yaml|yml)` or
 *   `.(json|yaml|yml)`;
 * - the inference step (src/infer) fills the `x-` declarations the document does not give.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { inferDeclarations, type InferredDeclaration } from '../infer';
import { X } from './extensions';
import { danglingRef, normalizeNullable } from './openapi-schemas';
import { assertVocabulary } from './vocabulary';

export type Json = Record<string, unknown>;

export interface ContractFile {
  file: string;
  name: string;
  document: Json;
  /** The version the file was written in, when it was upgraded (`3.0.3`). */
  upgradedFrom?: string;
  /** What the inference step added. */
  inferred: InferredDeclaration[];
}

const CONTRACT_NAME = /\.openapi\.(json|ya?ml)$/i;
const DATA_FILE = /\.(json|ya?ml)$/i;

/** The API's name: `x-api`, else the file name without its contract or data extension. */
export function apiNameOf(document: Json, file: string | undefined): string {
  const declared = document[X.api];
  if (typeof declared === 'string' && declared !== '') return declared;
  if (!file) return 'api';
  return path.basename(file).replace(CONTRACT_NAME, '').replace(DATA_FILE, '');
}

/** Why a parsed file cannot be a contract (`{}`, a JSON array, a Swagger 2.0 file), or undefined. */
export function documentProblem(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return 'expected a JSON object';
  const d = document as Json;
  if (typeof d.openapi !== 'string') return d.swagger !== undefined ? `Swagger ${String(d.swagger)} is not read; convert it to OpenAPI 3` : 'no "openapi" version field';
  if (!/^3\.[01](\.|$)/.test(d.openapi)) return `"openapi": "${d.openapi}" is not 3.0 or 3.1`;
  if (d.paths !== undefined && (typeof d.paths !== 'object' || d.paths === null || Array.isArray(d.paths))) return '"paths" must be an object';
  const external = externalRef(d);
  if (external) return `it refers to another file ($ref "${external}"); bundle it into one document first (for example \`npx @redocly/cli bundle FILE -o bundled.yaml\`)`;
  return undefined;
}

/** The first `$ref` that points outside the document (another file or a URL), found without recursion. */
function externalRef(document: Json): string | undefined {
  const stack: unknown[] = [document];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    const ref = (v as Json).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) return ref;
    for (const [k, child] of Object.entries(v as Json)) if (k !== 'examples' && k !== 'example' && child && typeof child === 'object') stack.push(child);
  }
  return undefined;
}

/** Parses JSON or YAML by the file's extension (YAML is a superset: `.yaml`/`.yml`, and text that is not JSON). */
async function parse(file: string, text: string): Promise<unknown> {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`${file} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const YAML = await import('yaml');
  try {
    // `maxAliasCount` guards against alias bombs (a small file that expands to gigabytes).
    return YAML.parse(text, { maxAliasCount: 1000, uniqueKeys: false });
  } catch (err) {
    throw new Error(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * OpenAPI 3.0 → 3.1 with openapi-format; 3.1 as it is. `nullable` is rewritten first, by OpenAPI's rule
 * (src/contracts/openapi-schemas.ts): openapi-format drops it next to a `$ref` and leaves an `enum`
 * that refuses the `null` it allows. A 3.1 file may still carry it (converted by another tool, as svix's
 * is): the same rule applies.
 */
async function upgraded(document: Json): Promise<{ document: Json; from?: string }> {
  const version = String(document.openapi);
  normalizeNullable(document);
  if (!version.startsWith('3.0')) return { document };
  const { openapiConvertVersion } = (await import('openapi-format')) as unknown as { openapiConvertVersion: (doc: Json, options: Json) => Promise<{ data: Json }> };
  const result = await openapiConvertVersion(document, { convertTo: '3.1' });
  return { document: result.data, from: version };
}

/** A local `$ref` that names nothing, as a one-line reason (the ref and the pointer where it is), or undefined. */
export function danglingRefProblem(document: Json): string | undefined {
  const dangling = danglingRef(document);
  return dangling && `$ref "${dangling.ref}" at ${dangling.pointer} names nothing in the document`;
}

/** Reads one OpenAPI file: parsed, checked (also its `x-` declarations), upgraded to 3.1; nothing inferred. */
export async function readOpenApiDocument(file: string): Promise<{ document: Json; upgradedFrom?: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`cannot read contract ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? (err as Error).message)}`);
  }
  const value = await parse(file, text);
  const problem = documentProblem(value);
  if (problem) throw new Error(`${file} is not an OpenAPI 3 document: ${problem}`);
  // The declarations a user wrote are checked before inference adds its own.
  assertVocabulary(value as Json, file);
  const dangling = danglingRefProblem(value as Json);
  if (dangling) throw new Error(`${file}: ${dangling}`);
  const { document, from } = await upgraded(value as Json);
  return { document, upgradedFrom: from };
}

/** Reads one contract file: parsed, checked, upgraded to 3.1, named, declarations inferred. */
export async function readContractFile(file: string): Promise<ContractFile> {
  const { document, upgradedFrom } = await readOpenApiDocument(file);
  const inferred = inferDeclarations(document);
  return { file, name: apiNameOf(document, file), document, upgradedFrom, inferred };
}

/** Is this file in a directory a contract? Contract-named files always; other data files when they say `openapi`. */
export async function isContractFile(file: string): Promise<boolean> {
  if (CONTRACT_NAME.test(file)) return true;
  if (!DATA_FILE.test(file)) return false;
  const head = (await fs.readFile(file, 'utf8')).slice(0, 4096);
  return /(^|[{,\n])\s*["']?openapi["']?\s*:/.test(head) || /(^|[{,\n])\s*["']?swagger["']?\s*:/.test(head);
}

/**
 * Every contract of a path: the file itself, or each contract file of a directory (sorted by name).
 * Errors are one line naming the path.
 */
export async function readContractPath(target: string): Promise<ContractFile[]> {
  let stat;
  try {
    stat = await fs.stat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${target}: ${code === 'ENOENT' ? 'no such file or directory' : (code ?? (err as Error).message)}`);
  }
  if (!stat.isDirectory()) return [await readContractFile(target)];
  const names = (await fs.readdir(target)).filter((n) => !n.startsWith('.')).sort();
  const files: string[] = [];
  for (const n of names) {
    const file = path.join(target, n);
    if ((await fs.stat(file)).isFile() && (await isContractFile(file))) files.push(file);
  }
  if (!files.length) throw new Error(`${target}: no OpenAPI contracts in the directory (*.openapi.json, *.yaml, *.yml or *.json with "openapi")`);
  const contracts = await Promise.all(files.map(readContractFile));
  const seen = new Map<string, string>();
  for (const c of contracts) {
    const other = seen.get(c.name);
    if (other) throw new Error(`${c.file} and ${other} are both API "${c.name}": give one of them another x-api`);
    seen.set(c.name, c.file);
  }
  return contracts;
}
