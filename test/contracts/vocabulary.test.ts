/**
 * The `x-` vocabulary's schema: a typo in a declaration is an error naming the file and the JSON pointer;
 * every committed contract and everything the inference step writes conforms.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContracts, loadContractSet, vocabularyProblems } from '../../src/contracts';
import { inferDeclarations } from '../../src/infer';
import { CONTRACTS_DIR } from '../../src/util/paths';
import { tempDir } from '../harness/helpers';

const TASKS = path.join(__dirname, '..', 'infer', 'documents', 'tasks.openapi.json');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

describe('the x- vocabulary', () => {
  it('holds for every committed contract and for what inference writes', () => {
    for (const api of ['deepset', 'openwebui', 'scriptix', 'dataarts-fabric']) {
      const doc = read(path.join(CONTRACTS_DIR, `${api}.openapi.json`));
      expect([api, vocabularyProblems(doc)]).toEqual([api, []]);
      inferDeclarations(doc);
      expect([api, vocabularyProblems(doc)]).toEqual([api, []]);
    }
    const tasks = read(TASKS);
    inferDeclarations(tasks);
    expect(vocabularyProblems(tasks)).toEqual([]);
  });

  it.each([
    ['x-filters', [{ param: 'status', kind: 'equal', field: '/status' }], '/paths/~1projects~1{project_id}~1tasks/get/x-filters/0/kind must be one of "equals", "contains", "array-contains", "odata", "scope"'],
    ['x-pagination', { styles: ['pages'], items: '/tasks' }, '/paths/~1projects~1{project_id}~1tasks/get/x-pagination/styles/0 must be one of "page", "offset", "cursor", "token"'],
    ['x-sorting', { fields: { a: 'created' } }, '/paths/~1projects~1{project_id}~1tasks/get/x-sorting/fields/a must match pattern "^(/([^/~]|~[01])*)+$"'],
    ['x-filters', [{ param: 'status', kind: 'equals', field: '/status', fields: ['/state'] }], '/paths/~1projects~1{project_id}~1tasks/get/x-filters/0 gives both "field" and "fields": a filter reads one of them'],
    ['x-resource', { collection: '/x', action: 'list', idField: '/id', scope: [], extra: 1 }, '/paths/~1projects~1{project_id}~1tasks/get/x-resource has unknown property "extra"'],
  ])('a wrong %s is one line naming the file and the pointer, when loaded and when read', async (key, value, message) => {
    const dir = tempDir();
    const doc = read(TASKS);
    doc.paths['/projects/{project_id}/tasks'].get[key] = value;
    const file = path.join(dir, 'tasks.openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(() => loadContracts(dir, { fresh: true })).toThrow(`${file}: ${message}`);
    await expect(loadContractSet(file)).rejects.toThrow(`${file}: ${message}`);
  });

  it('null is a declaration: "none", which inference leaves alone', () => {
    const doc = read(TASKS);
    doc.paths['/projects/{project_id}/tasks'].get['x-sorting'] = null;
    expect(vocabularyProblems(doc)).toEqual([]);
  });
});
