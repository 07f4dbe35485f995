/**
 * Extraction: documentation pages → OpenAPI 3.1 documents, overlays applied, findings reported.
 *
 * Everything is computed in memory first; the caller writes the files only when nothing failed, so
 * a broken page leaves the committed contracts untouched.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { buildDocument, serialize, type OpenApiDocument, type SourcePage } from './builder';
import { findFindings, type Finding } from './findings';
import { loadManifest, type ApiEntry } from './manifest';
import { PageError, type PageContext, type PageModel } from './model';
import { applyOverlay, parseOverlay, type OverlayDocument } from './overlay';
import { detectReader, READERS } from './readers';
import { renderFindings, type DecidedFinding } from './report';
import { REF_PREFIX } from './constraints';
import { findLeftovers, renderLeftovers, type PageLeftovers } from './leftovers';
import { isContractFile, readOpenApiDocument } from '../contracts/sources';
import { assertVocabulary } from '../contracts/vocabulary';
import { inferDeclarations, type InferredDeclaration } from '../infer';

export { PageError } from './model';
export { OverlayError } from './overlay';
export { ManifestError } from './manifest';
export type { Finding } from './findings';
export type { Leftover, PageLeftovers } from './leftovers';

/** The sibling report of FINDINGS.md that lists every page's leftovers. */
export const LEFTOVERS_FILE = 'LEFTOVERS.md';

export interface ExtractOptions {
  /** Directory of the documentation pages (`contracts/sources`). */
  sourcesDir: string;
  /** Directory the documents and FINDINGS.md are written to (`contracts`). */
  outDir: string;
  /** Manifest file; default `<outDir>/apis.json`. */
  manifest?: string;
  /**
   * OpenAPI files among the sources (absolute path → document, upgraded to 3.1), read beforehand with
   * `readOpenApiSources` (reading upgrades 3.0, which is asynchronous). An API built from one goes
   * through the same overlay, inference and checks as one built from pages.
   */
  documents?: Map<string, Record<string, unknown>>;
}

/** Reads every OpenAPI file among the sources (the pages are read by `extractAll`). */
export async function readOpenApiSources(sourcesDir: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const dir = path.resolve(sourcesDir);
  for (const f of readdirSync(dir).filter((n) => !n.startsWith('.')).sort()) {
    const file = path.join(dir, f);
    if (statSync(file).isFile() && (await isContractFile(file))) out.set(file, (await readOpenApiDocument(file)).document);
  }
  return out;
}

export interface ApiResult {
  api: ApiEntry;
  document: OpenApiDocument;
}

export interface ExtractResult {
  /** Absolute path → exact file content. */
  files: Map<string, string>;
  apis: ApiResult[];
  findings: DecidedFinding[];
  /** One line per finding no overlay action decides (or decides without effect), and per stale resolution. */
  unresolved: string[];
  /** What each page states that its reader did not take, by `x-source.page` (undefined: the reader does not say). */
  leftovers: Map<string, PageLeftovers | undefined>;
  /** The declarations the inference step added, per API (each also marked `x-inferred: true` in its document). */
  inferred: Map<string, InferredDeclaration[]>;
}

/** Reads and understands one page; throws `PageError` whose message names the file. */
export function readPage(file: string): PageModel {
  return readPageText(file).model;
}

/** The page's leftovers: what looks like an API fact among the lines its reader did not consume. */
function leftoversOf(text: string, model: PageModel): PageLeftovers | undefined {
  return model.consumedLines ? findLeftovers(text, model.consumedLines, model.unreadFacts) : undefined;
}

function readPageText(file: string): { text: string; model: PageModel } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PageError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const reader = detectReader(text);
  if (!reader) {
    throw new PageError(`${file}: not a page in any known documentation style (${READERS.map((r) => r.style).join(', ')})`);
  }
  try {
    const model = reader.read(text, siblingsOf(file));
    if (!model.operations.length) throw new PageError('no operation found');
    const missing = danglingRefs(model);
    if (missing.length) throw new PageError(`it defines no table or schema for the type${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`);
    return { text, model };
  } catch (err) {
    if (err instanceof PageError) throw new PageError(`${file}: ${reader.style} page, but ${err.message}`);
    throw err;
  }
}

/** Files next to a page, read on demand (a reader asks only for the ones its page names). */
function siblingsOf(file: string): PageContext {
  const dir = path.dirname(path.resolve(file));
  return {
    sibling(relative) {
      const target = path.resolve(dir, relative);
      try {
        return statSync(target).isFile() ? readFileSync(target, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Component names a page refers to (`Array of X objects`, `X object`) without defining them. */
function danglingRefs(model: PageModel): string[] {
  const missing = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(REF_PREFIX) && !model.components[v.slice(REF_PREFIX.length)]) missing.add(v.slice(REF_PREFIX.length));
      else if (k !== 'examples' && k !== 'example' && k !== 'value') walk(v);
    }
  };
  walk(model.operations);
  walk(model.components);
  return [...missing].sort();
}

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `x-source.page`: the page's path relative to the directory that holds the output directory. */
function pageRef(file: string, outDir: string): string {
  return posix(path.relative(path.dirname(path.resolve(outDir)), path.resolve(file)));
}

/** Extracts one page on its own (for `extract --stdout`): no manifest, no overlay. */
export function extractPage(file: string, outDir: string): { document: OpenApiDocument; findings: Finding[]; leftovers?: PageLeftovers; inferred: InferredDeclaration[] } {
  const { text, model } = readPageText(file);
  const name = path.basename(file).replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const document = buildDocument({ name, title: model.title }, [{ page: pageRef(file, outDir), model }]);
  const findings = findFindings(name, document);
  // The page's contract as `serve` would read it: with the declarations inference adds, listed.
  const inferred = inferDeclarations(document);
  return { document, findings, leftovers: leftoversOf(text, model), inferred };
}

export function extractAll(options: ExtractOptions): ExtractResult {
  const outDir = path.resolve(options.outDir);
  const sourcesDir = path.resolve(options.sourcesDir);
  const manifestFile = path.resolve(options.manifest ?? path.join(outDir, 'apis.json'));
  const manifest = loadManifest(manifestFile);

  // Every page in the sources directory must be understood and belong to an API.
  const listed = new Map<string, string>();
  for (const api of manifest.apis) for (const p of api.pages) listed.set(path.resolve(sourcesDir, p), api.name);
  const onDisk = readdirSync(sourcesDir).filter((f) => !f.startsWith('.') && statSync(path.join(sourcesDir, f)).isFile()).sort();
  const models = new Map<string, PageModel>();
  const leftovers = new Map<string, PageLeftovers | undefined>();
  const documents = options.documents ?? new Map<string, Record<string, unknown>>();
  for (const f of onDisk) {
    const file = path.join(sourcesDir, f);
    if (documents.has(file)) {
      if (!listed.has(file)) throw new PageError(`${file}: belongs to no API in ${manifestFile} (add it to an API's "pages")`);
      continue;
    }
    const { text, model } = readPageText(file);
    models.set(file, model);
    leftovers.set(pageRef(file, outDir), leftoversOf(text, model));
    if (!listed.has(file)) throw new PageError(`${file}: belongs to no API in ${manifestFile} (add it to an API's "pages")`);
  }
  for (const file of listed.keys()) if (!models.has(file) && !documents.has(file)) throw new PageError(`${file}: listed in ${manifestFile} but not found`);

  const files = new Map<string, string>();
  const apis: ApiResult[] = [];
  const decided: DecidedFinding[] = [];
  const unresolved: string[] = [];
  const inferred = new Map<string, InferredDeclaration[]>();
  for (const api of manifest.apis) {
    const extracted = openApiSource(api, sourcesDir, documents) ?? buildDocument(api, api.pages.map((p) => {
      const file = path.resolve(sourcesDir, p);
      return { page: pageRef(file, outDir), model: models.get(file)! } satisfies SourcePage;
    }));
    const findings = findFindings(api.name, extracted);

    let overlay: OverlayDocument | undefined;
    let overlayFile: string | undefined;
    if (api.overlay) {
      overlayFile = path.resolve(path.dirname(manifestFile), api.overlay);
      if (!existsSync(overlayFile)) throw new PageError(`${overlayFile}: overlay of API ${api.name} not found`);
      overlay = parseOverlay(readFileSync(overlayFile, 'utf8'), overlayFile);
    }
    const document = overlay ? applyOverlay(extracted, overlay, overlayFile!) : extracted;

    // A finding is resolved when an overlay action names it and, after the overlay, it is gone.
    const remaining = new Set(findFindings(api.name, document).map((f) => f.id));
    const overlayRef = overlayFile ? posix(path.relative(path.dirname(outDir), overlayFile)) : undefined;
    for (const f of findings) {
      const actionIndex = overlay?.actions.findIndex((a) => (a['x-resolves'] ?? []).includes(f.id)) ?? -1;
      const action = actionIndex >= 0 ? overlay!.actions[actionIndex] : undefined;
      const stillThere = remaining.has(f.id);
      decided.push({ ...f, resolution: action ? { overlay: overlayRef!, index: actionIndex, target: action.target, description: action.description ?? '' } : undefined, resolved: !!action && !stillThere });
      if (!action) unresolved.push(`${f.id}: ${f.conflict} (no overlay action has it in "x-resolves")`);
      else if (stillThere) unresolved.push(`${f.id}: still present after overlay action ${actionIndex} of ${overlayRef}`);
    }
    const known = new Set(findings.map((f) => f.id));
    for (const id of remaining) if (!known.has(id)) unresolved.push(`${id}: introduced by the overlay ${overlayRef}`);
    overlay?.actions.forEach((a, i) => {
      for (const id of a['x-resolves'] ?? []) if (!known.has(id)) unresolved.push(`${overlayRef} action ${i} resolves "${id}", which is not a finding (stale resolution)`);
    });

    // The declarations (readers', overlay's) are checked before inference adds what they leave out.
    assertVocabulary(document, overlayFile ?? path.join(outDir, api.output));
    inferred.set(api.name, inferDeclarations(document));
    apis.push({ api, document });
    files.set(path.join(outDir, api.output), serialize(document));
  }
  files.set(path.join(outDir, 'FINDINGS.md'), renderFindings(decided, manifest.apis.map((a) => a.name), overlaysOf(manifest.apis, manifestFile, outDir)));
  files.set(path.join(outDir, LEFTOVERS_FILE), renderLeftovers([...leftovers].map(([page, l]) => ({ page, leftovers: l }))));
  return { files, apis, findings: decided, unresolved, leftovers, inferred };
}

/**
 * The document of an API built from one OpenAPI file among the sources (named after the API); undefined
 * for an API built from pages. Pages and an OpenAPI file are not mixed in one API.
 */
function openApiSource(api: ApiEntry, sourcesDir: string, documents: Map<string, Record<string, unknown>>): OpenApiDocument | undefined {
  const files = api.pages.map((p) => path.resolve(sourcesDir, p));
  const openapi = files.filter((f) => documents.has(f));
  if (!openapi.length) return undefined;
  if (files.length > 1) throw new PageError(`API ${api.name}: ${openapi[0]} is an OpenAPI file; an API is built from one OpenAPI file or from pages, not both`);
  const document = structuredClone(documents.get(openapi[0])!) as OpenApiDocument;
  (document as Record<string, unknown>)['x-api'] = api.name;
  return document;
}

/** Curated actions per API, for the report's list of overlay decisions. */
function overlaysOf(apis: ApiEntry[], manifestFile: string, outDir: string): Map<string, { file: string; overlay: OverlayDocument }> {
  const out = new Map<string, { file: string; overlay: OverlayDocument }>();
  for (const api of apis) {
    if (!api.overlay) continue;
    const file = path.resolve(path.dirname(manifestFile), api.overlay);
    out.set(api.name, { file: posix(path.relative(path.dirname(outDir), file)), overlay: parseOverlay(readFileSync(file, 'utf8'), file) });
  }
  return out;
}
