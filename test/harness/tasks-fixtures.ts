import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FixtureFile } from '../../src/fixtures/types';

/**
 * The token-paginated Tasks API of test/infer/documents (CRUD under `/projects/{project_id}`, a
 * Google-style error envelope, no vendor module) and fixtures for the mock that serves it, as
 * the mock tests and the harness tests share: 23 tasks in one project, one in another.
 */
export const TASKS_FILE = path.join(__dirname, '..', 'infer', 'documents', 'tasks.openapi.json');
export const TASKS_KEY = 'key-tasks-0001';
/** A principal who is a member of the other project only. */
export const OTHER_KEY = 'key-tasks-0002';
export const [TASKS_PROJECT, OTHER_PROJECT] = ['prj_aaaa1111', 'prj_bbbb2222'];
const COLLECTION = '/projects/{project_id}/tasks';

export function tasksDocument(): Record<string, unknown> {
  return JSON.parse(readFileSync(TASKS_FILE, 'utf8'));
}

export function tasksFixtures(): FixtureFile {
  const records = [];
  for (let i = 0; i < 23; i++) {
    const t = new Date(Date.UTC(2025, 0, 1 + i)).toISOString();
    records.push({ workspace: TASKS_PROJECT, resource: COLLECTION, data: { id: `tsk_${String(i).padStart(12, '0')}`, title: `Task ${i}`, status: ['TODO', 'IN_PROGRESS', 'DONE'][i % 3], priority: 1 + (i % 5), createTime: t, updateTime: t } });
  }
  records.push({ workspace: OTHER_PROJECT, resource: COLLECTION, data: { id: 'tsk_zzzzzzzzzzzz', title: 'Elsewhere', status: 'TODO', priority: 3, createTime: '2025-02-01T00:00:00.000Z', updateTime: '2025-02-01T00:00:00.000Z' } });
  return {
    api: 'tasks',
    generator: { seed: 0, count: 0, version: 0 },
    principals: [
      { id: 'u1', name: 'Ada', token: TASKS_KEY },
      { id: 'u2', name: 'Bob', token: OTHER_KEY, workspaces: [OTHER_PROJECT] },
    ],
    workspaces: [
      { id: TASKS_PROJECT, name: 'Apollo' },
      { id: OTHER_PROJECT, name: 'Gemini' },
    ],
    records: records as FixtureFile['records'],
  };
}
