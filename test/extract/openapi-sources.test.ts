/**
 * `contracts/sources/` may hold OpenAPI files beside pages: such an API goes through the same overlay,
 * vocabulary check and inference as one built from pages, and `extract` lists what was inferred.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runExtract } from '../../src/cli/commands/extract';
import { tempDir } from '../harness/helpers';

const ROOT = path.join(__dirname, '..', '..');
const BOOKSHELF = path.join(ROOT, 'test', 'contracts', 'documents', 'bookshelf.yaml');

function project(overlay?: unknown) {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'sources'));
  mkdirSync(path.join(dir, 'overlays'));
  copyFileSync(BOOKSHELF, path.join(dir, 'sources', 'bookshelf.yaml'));
  copyFileSync(path.join(ROOT, 'contracts', 'sources', 'scriptix-list-custom-models.md'), path.join(dir, 'sources', 'scriptix.md'));
  const apis = [
    { name: 'books', title: 'Bookshelf', version: '1.0.0', pages: ['bookshelf.yaml'], output: 'books.openapi.json', ...(overlay ? { overlay: 'overlays/books.overlay.json' } : {}) },
    { name: 'scriptix', title: 'Scriptix', version: '3.0.0', pages: ['scriptix.md'], output: 'scriptix.openapi.json' },
  ];
  writeFileSync(path.join(dir, 'apis.json'), JSON.stringify({ apis }));
  if (overlay) writeFileSync(path.join(dir, 'overlays', 'books.overlay.json'), JSON.stringify(overlay));
  return dir;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('OpenAPI files among the sources', () => {
  it('become contracts beside the pages: upgraded to 3.1, named by the manifest, declarations inferred and listed', async () => {
    const dir = project();
    const c = capture();
    await runExtract({ out: dir, sources: path.join(dir, 'sources') }, c.output);
    const doc = JSON.parse(readFileSync(path.join(dir, 'books.openapi.json'), 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc['x-api']).toBe('books');
    expect(doc.paths['/books'].get['x-pagination']).toMatchObject({ styles: ['page'], limit: { param: 'per_page', default: 20, max: 50 }, items: '/books', 'x-inferred': true });
    expect(c.out.join('')).toContain('inferred: books GET listBooks x-pagination: page, size per_page (default 20, max 50), items /books, total /total');
    // And `--check` holds on what was written.
    await runExtract({ out: dir, sources: path.join(dir, 'sources'), check: true }, capture().output);
  });

  it('an overlay overrides what inference would declare', async () => {
    const dir = project({
      overlay: '1.0.0',
      info: { title: 'books', version: '1' },
      actions: [{ target: "$.paths['/books'].get", update: { 'x-pagination': { styles: ['page'], page: { param: 'page' }, limit: { param: 'per_page', default: 5, max: 50 }, items: '/books' } } }],
    });
    await runExtract({ out: dir, sources: path.join(dir, 'sources') }, capture().output);
    const doc = JSON.parse(readFileSync(path.join(dir, 'books.openapi.json'), 'utf8'));
    expect(doc.paths['/books'].get['x-pagination']).toEqual({ styles: ['page'], page: { param: 'page' }, limit: { param: 'per_page', default: 5, max: 50 }, items: '/books' });
  });

  it('a typo in an overlay declaration is one line naming the overlay and the pointer', async () => {
    const dir = project({
      overlay: '1.0.0',
      info: { title: 'books', version: '1' },
      actions: [{ target: "$.paths['/books'].get", update: { 'x-filters': [{ param: 'title', kind: 'equal', field: '/title' }] } }],
    });
    await expect(runExtract({ out: dir, sources: path.join(dir, 'sources') }, capture().output)).rejects.toThrow(/books\.overlay\.json: \/paths\/~1books\/get\/x-filters\/0\/kind must be one of/);
  });

  it('extract --stdout reads an OpenAPI file as serve does: upgraded, declarations inferred and listed', async () => {
    const c = capture();
    expect(await runExtract({ stdout: BOOKSHELF }, c.output)).toBe(0);
    const doc = JSON.parse(c.out.join(''));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/books'].get['x-pagination']).toMatchObject({ styles: ['page'], 'x-inferred': true });
    expect(c.err.join('')).toContain('upgraded: OpenAPI 3.0.3 → 3.1');
    expect(c.err.join('')).toContain('inferred: GET listBooks x-pagination: page, size per_page (default 20, max 50), items /books, total /total');
  });

  it('counts operations, not the keys of a path item (path-level parameters are no operation)', async () => {
    const dir = project();
    const file = path.join(dir, 'sources', 'bookshelf.yaml');
    // The item parameter moved to the path item, as many documents write it.
    const text = readFileSync(file, 'utf8').replace('  /books/{book_id}:\n    get:', '  /books/{book_id}:\n    parameters:\n      - { name: book_id, in: path, required: true, schema: { type: integer } }\n    get:');
    expect(text).toContain('    parameters:\n      - { name: book_id');
    writeFileSync(file, text);
    const c = capture();
    await runExtract({ out: dir, sources: path.join(dir, 'sources') }, c.output);
    const operations = (text.match(/operationId:/g) ?? []).length;
    expect(c.out.join('')).toContain(`books: ${operations} operation(s)`);
  });
});
