import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { escapePointerToken } from '../../src/contracts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;

export const ROOT = path.join(__dirname, '..', '..');
export const CONTRACTS = path.join(ROOT, 'contracts');
export const PAGES = path.join(__dirname, 'pages');

/** A temporary copy of `contracts/` (sources, overlays, manifest, documents): `<tmp>/contracts`. */
export function copyContracts(): { dir: string; contracts: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'contract-mock-extract-'));
  const contracts = path.join(dir, 'contracts');
  cpSync(CONTRACTS, contracts, { recursive: true });
  return { dir, contracts, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a directory with its content, to prove that nothing was written. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Validates OpenAPI documents with @seriousme/openapi-schema-validator. The package is ESM-only, which
 * Jest's CommonJS runtime cannot load, so it runs in a child Node process.
 */
export function validateOpenApi(documents: object[]): Array<{ valid: boolean; errors: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    const docs = JSON.parse(await new Promise((r) => { let s = ''; process.stdin.on('data', (c) => (s += c)); process.stdin.on('end', () => r(s)); }));
    const out = [];
    for (const d of docs) { const v = new Validator(); const r = await v.validate(d); out.push({ valid: r.valid, version: v.version, errors: r.errors ?? null }); }
    process.stdout.write(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, input: JSON.stringify(documents), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`validator process failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** JSON pointers of every schema in a document (components, parameters, bodies, responses, headers). */
export function schemaPointers(document: Doc): string[] {
  const pointers: string[] = [];
  for (const name of Object.keys(document.components?.schemas ?? {})) pointers.push(`/components/schemas/${escapePointerToken(name)}`);
  for (const [p, item] of Object.entries<Doc>(document.paths)) {
    for (const [method, op] of Object.entries<Doc>(item)) {
      const base = `/paths/${escapePointerToken(p)}/${method}`;
      (op.parameters ?? []).forEach((_: unknown, i: number) => pointers.push(`${base}/parameters/${i}/schema`));
      for (const ct of Object.keys(op.requestBody?.content ?? {})) pointers.push(`${base}/requestBody/content/${escapePointerToken(ct)}/schema`);
      for (const [status, r] of Object.entries<Doc>(op.responses)) {
        for (const [ct, media] of Object.entries<Doc>(r.content ?? {})) if (media.schema) pointers.push(`${base}/responses/${status}/content/${escapePointerToken(ct)}/schema`);
        for (const h of Object.keys(r.headers ?? {})) pointers.push(`${base}/responses/${status}/headers/${escapePointerToken(h)}/schema`);
      }
    }
  }
  return pointers;
}
