import * as path from 'node:path';

/**
 * The project root: where `contracts/` and `fixtures/` live. Compiled code runs from `dist/`, tests run
 * from `src/` through ts-jest; both are one level below the root.
 */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const CONTRACTS_DIR = path.join(PROJECT_ROOT, 'contracts');
export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');
