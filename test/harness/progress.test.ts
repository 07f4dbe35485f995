import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import { entryToExchange } from '../../src/harness/har';
import { runContract } from '../../src/harness/run';
import { estimateListRequests } from '../../src/harness/run/estimate';
import { createProgress, PlanTotal } from '../../src/harness/run/progress';
import { CATALOG_TOKEN, CATALOG_WORKSPACE, startCatalogTarget } from './drift-target';
import { NOTES_TOKEN, startNotesTarget } from './notes-target';
import { readJson, silentProgress, tempDir, testContracts } from './helpers';

describe('the progress total', () => {
  it('is the estimates of running parts, never less than what they announced, and exact once done', () => {
    const seen: number[] = [];
    const total = new PlanTotal((n) => seen.push(n));
    const a = total.part(10);
    const b = total.part(3);
    expect(total.total).toBe(13);
    a.announce(4);
    expect(total.total).toBe(13);
    // A part that sends more than estimated raises the total at once, honestly.
    b.announce(5);
    expect(total.total).toBe(15);
    a.done();
    expect(total.total).toBe(9);
    b.done();
    expect(total.total).toBe(9);
    expect(seen).toEqual([10, 13, 13, 15, 9, 9]);
  });

  /** A stream standing for standard error, with what was written to it. */
  function captured(isTTY: boolean) {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
    (stream as { isTTY?: boolean }).isTTY = isTTY;
    const out = { stream, text: '' };
    stream.on('data', (d: Buffer) => (out.text += d.toString()));
    return out;
  }

  it('prints plain lines when CI is set, even on a terminal', () => {
    const c = captured(true);
    const p = createProgress(c.stream, { CI: 'true' });
    p.part(2);
    p.tick('GET http://x/a → 200');
    p.tick('GET http://x/b → 404');
    p.stop();
    expect(c.text).toBe('[1/2] GET http://x/a → 200\n[2/2] GET http://x/b → 404\n');
  });

  it('plain lines never show a count above the total', () => {
    const c = captured(false);
    const p = createProgress(c.stream, {});
    p.part(1);
    p.tick('a');
    p.tick('b');
    expect(c.text).toBe('[1/1] a\n[2/2] b\n');
  });
});

describe('the estimate of an operation\'s requests', () => {
  const env = { CONTRACT_MOCK_CATALOG_TOKEN: CATALOG_TOKEN, CONTRACT_MOCK_NOTES_TOKEN: NOTES_TOKEN, CONTRACT_MOCK_CATALOG_WORKSPACE_ID: CATALOG_WORKSPACE };

  it.each([
    ['catalog', 'listItems', startCatalogTarget],
    ['notes', 'listNotes', startNotesTarget],
  ] as const)('%s.%s: at least what the run sends; once the first page is in, within the bounds of filter values', async (api, operationId, start) => {
    const target = await start();
    try {
      for (const maxPages of [1, 3, 10]) {
        const contracts = testContracts();
        const op = contracts.api(api).operation(operationId)!;
        const out = path.join(tempDir(), 'e.har');
        await runContract({ targets: { [api]: target.url }, out, contracts, env, progress: silentProgress, maxPages });
        const entries = readJson(out).log.entries.filter((e: any) => e.request.method === 'GET');
        const pathParams: Record<string, string> = api === 'catalog' ? { workspace_id: CATALOG_WORKSPACE } : {};
        const estimate = await estimateListRequests(api, op, { maxPages, pathParams: () => pathParams, document: (name) => contracts.api(name).document, hasCredentials: () => true });
        expect(estimate.requests).toBeGreaterThanOrEqual(entries.length);
        const refined = estimate.afterFirstPage({ seq: 0, entry: entries[0], exchange: entryToExchange(entries[0], 'first') });
        expect(refined).toBeGreaterThanOrEqual(entries.length);
        expect(refined).toBeLessThanOrEqual(estimate.requests);
        // What is left is the room given to filter values the target's items decide.
        expect(refined - entries.length).toBeLessThanOrEqual(op.filters.length + 2);
      }
    } finally {
      await target.close();
    }
  });
});
