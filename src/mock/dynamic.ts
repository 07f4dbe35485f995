/**
 * `Prefer: dynamic=true` on a list or a get: a fresh data set from the API's fixture generator (the
 * hand-written one, else the schema's) with a random seed, served by the same list engine, so counts,
 * totals, pages and sorting stay consistent and values stay realistic. (Prism's dynamic bodies are random
 * strings and negative counts; it still answers operations that fit no shape.)
 */
import { randomInt } from 'node:crypto';
import { resourceOf } from '../contracts';
import type { FixtureFile } from '../fixtures/types';
import { listCollection } from './list';
import type { Exchange } from './pipeline/exchange';
import { ApiStore, NO_WORKSPACE } from './store';
import type { MockResponse } from './types';

type Generate = (api: string, o: { seed?: number; contract?: unknown }) => FixtureFile;

export function dynamicResponse(x: Exchange): MockResponse | undefined {
  const op = x.op!;
  const rt = x.rt!;
  const resource = resourceOf(op);
  if (!resource || (resource.action !== 'list' && resource.action !== 'get')) return undefined;
  // Invalid parameters are answered as they would be without the Prefer.
  if (x.validated!.problems.length) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateFixtures } = require('../fixtures') as { generateFixtures: Generate };
  const file = generateFixtures(rt.name, { seed: randomInt(0, 0xffffffff), contract: rt.contract });
  const store = new ApiStore(file, resource.idField, resource.collection);
  // The generated parents are not the requested one: serve the first scope that holds records.
  const scopes = [NO_WORKSPACE, ...file.workspaces.map((w) => w.id)];
  const collection = scopes.map((s) => store.collection(s, resource.collection)).find((c) => c && c.size > 0);
  if (!collection) return undefined;
  if (resource.action === 'get') {
    const record = collection.all()[0];
    const id = x.pathParams?.[resource.idParam ?? ''];
    const field = resource.idField.slice(1);
    const data = { ...record.data };
    if (id !== undefined && field && !field.includes('/')) data[field] = typeof data[field] === 'number' && /^\d+$/.test(id) ? Number(id) : id;
    return { status: resource.status ?? 200, body: data };
  }
  const result = listCollection(op, collection, x.validated!.values.query);
  return result.ok ? result.response : undefined;
}
