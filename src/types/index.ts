/**
 * `contract-mock types`: TypeScript types for frontends, one `<api>.d.ts` per API, generated from the same
 * contracts the mock serves and the harness checks.
 */
import * as path from 'node:path';
import type { ApiContract } from '../contracts';
import { writeFileAtomic } from '../util/atomic-write';
import { generateApiTypes, type ApiTypes } from './generate';

export { generateApiTypes, type ApiTypes } from './generate';

/** Generates the types of each API and writes them into `dir`; returns the written files in API order. */
export async function writeApiTypes(apis: readonly ApiContract[], dir: string): Promise<Array<ApiTypes & { file: string }>> {
  const written: Array<ApiTypes & { file: string }> = [];
  for (const api of apis) {
    const types = await generateApiTypes(api);
    const file = path.join(dir, types.fileName);
    await writeFileAtomic(file, types.source);
    written.push({ ...types, file });
  }
  return written;
}
