/**
 * `contracts/apis.json`: which pages make up which API document. Adding a page to an API is an edit
 * of this file, not of code.
 */
import { readFileSync } from 'node:fs';

export interface ApiEntry {
  /** `x-api` of the document: `deepset`, `openwebui`, ... */
  name: string;
  title: string;
  version?: string;
  description?: string;
  /** Page files, relative to the sources directory, in the order their operations appear. */
  pages: string[];
  /** Output file, relative to the output directory. */
  output: string;
  /** Overlay file, relative to the manifest's directory. */
  overlay?: string;
}

export interface Manifest {
  apis: ApiEntry[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export function loadManifest(file: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ManifestError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : `not valid JSON (${(err as Error).message})`}`);
  }
  const m = value as Manifest;
  if (!m || !Array.isArray(m.apis)) throw new ManifestError(`${file}: "apis" must be an array`);
  const names = new Set<string>();
  m.apis.forEach((a, i) => {
    if (!a || typeof a.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(a.name)) throw new ManifestError(`${file}: apis[${i}].name must be a lowercase name`);
    if (names.has(a.name)) throw new ManifestError(`${file}: API ${a.name} is listed twice`);
    names.add(a.name);
    if (typeof a.title !== 'string') throw new ManifestError(`${file}: apis[${i}] (${a.name}) has no title`);
    if (!Array.isArray(a.pages) || !a.pages.length || !a.pages.every((p) => typeof p === 'string')) throw new ManifestError(`${file}: apis[${i}] (${a.name}) needs a non-empty list of pages`);
    if (typeof a.output !== 'string' || !a.output.endsWith('.json')) throw new ManifestError(`${file}: apis[${i}] (${a.name}) needs an output .json file`);
  });
  return m;
}
