/**
 * Contracts as users have them: one file or a directory, OpenAPI 3.0 or 3.1, JSON or YAML; 3.0 upgraded
 * by openapi-format; names from `x-api` or the file name; declarations inferred; bad files refused in
 * one line naming the file.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { apiNameOf, loadContractSet, readContractFile } from '../../src/contracts';
import { tempDir } from '../harness/helpers';

const BOOKSHELF = path.join(__dirname, 'documents', 'bookshelf.yaml');
const TASKS = path.join(__dirname, '..', 'infer', 'documents', 'tasks.openapi.json');

describe('contract files', () => {
  it('reads an OpenAPI 3.0 YAML file as 3.1, named after the file, with declarations inferred', async () => {
    const c = await readContractFile(BOOKSHELF);
    expect(c.name).toBe('bookshelf');
    expect(c.upgradedFrom).toBe('3.0.3');
    expect(c.document.openapi).toBe('3.1.0');
    const book = (c.document.components as any).schemas.Book.properties;
    expect(book.subtitle.type).toEqual(['string', 'null']);
    expect(book.rating.exclusiveMinimum).toBe(0);
    expect(book.title.examples).toEqual(['The Left Hand of Darkness']);
    expect(c.inferred.map((d) => `${d.operationId} ${d.key}`)).toEqual(['listBooks x-resource', 'listBooks x-pagination', 'getBook x-resource']);
  });

  it('loads one file or a directory; other data files without "openapi" are not contracts', async () => {
    const dir = tempDir();
    copyFileSync(BOOKSHELF, path.join(dir, 'bookshelf.yaml'));
    copyFileSync(TASKS, path.join(dir, 'tasks.openapi.json'));
    writeFileSync(path.join(dir, 'apis.json'), '{"apis": []}');
    const set = await loadContractSet(dir);
    expect(set.apis.map((a) => a.name)).toEqual(['bookshelf', 'tasks']);
    const single = await loadContractSet(path.join(dir, 'tasks.openapi.json'));
    expect(single.apis.map((a) => a.name)).toEqual(['tasks']);
    // The upgraded document validates like any 3.1 contract: nullable subtitle, exclusive minimum.
    const get = set.operation('getBook', 'bookshelf')!;
    expect(get.validateResponse(200, { id: 1, title: 'x', rating: 4, subtitle: null })).toEqual([]);
    expect(get.validateResponse(200, { id: 1, title: 'x', rating: 0 }).map((v) => v.keyword)).toContain('exclusiveMinimum');
  });

  it.each([
    ['x.yaml', 'openapi: [', /x\.yaml is not valid YAML: /],
    ['x.openapi.json', '{', /x\.openapi\.json is not valid JSON: /],
    ['x.yaml', 'swagger: "2.0"\npaths: {}\n', /x\.yaml is not an OpenAPI 3 document: Swagger 2\.0 is not read/],
    ['x.yaml', 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: "./pets.yaml#/Pets"}\n', /x\.yaml is not an OpenAPI 3 document: it refers to another file \(\$ref "\.\/pets\.yaml#\/Pets"\); bundle it/],
  ])('%s with %j is a one-line error naming the file', async (name, text, message) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, name), text);
    const error = await loadContractSet(dir).catch((e: Error) => e);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('two files of one API name are refused', async () => {
    const dir = tempDir();
    copyFileSync(TASKS, path.join(dir, 'tasks.openapi.json'));
    copyFileSync(TASKS, path.join(dir, 'tasks.json'));
    await expect(loadContractSet(dir)).rejects.toThrow(/are both API "tasks"/);
  });

  it('names an API by x-api, else by its file name', () => {
    expect(apiNameOf({ 'x-api': 'shop' }, '/a/b.openapi.json')).toBe('shop');
    expect(apiNameOf({}, '/a/petstore.openapi.yml')).toBe('petstore');
    expect(apiNameOf({}, '/a/petstore.json')).toBe('petstore');
    expect(apiNameOf({}, '/a/My API.yaml')).toBe('My API');
  });
});
