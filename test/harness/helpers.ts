import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadContracts } from '../../src/contracts';
import type { Exchange } from '../../src/harness/types';
import { runCli } from '../helpers/cli';

export const TEST_CONTRACTS = path.join(__dirname, 'contracts');

export function testContracts() {
  return loadContracts(TEST_CONTRACTS);
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cm-harness-'));
}

export { silentProgress } from '../../src/harness/run/progress';

/** A hand-made exchange for check tests. */
export function exchange(partial: Partial<Exchange> & { url: string; body?: unknown }): Exchange {
  const { body, ...rest } = partial;
  return {
    ref: 'test#0',
    method: 'GET',
    requestHeaders: {},
    status: 200,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' },
    responseText: body === undefined ? undefined : JSON.stringify(body),
    ...rest,
  };
}

/** Runs the CLI in-process; returns exit code and what it printed. */
export const cli = runCli;

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}
