import { loadContracts } from '../../src/contracts';
import { checkExchanges } from '../../src/harness/checks';
import { exchange } from './helpers';

/** The checks on the project's own contracts, where their `x-` declarations carry vendor specifics. */
describe('checks on the real contracts', () => {
  const contracts = loadContracts();
  const scriptixItem = (over: Record<string, unknown>) => ({
    id: 1,
    model_key: 'custom_model_1',
    name: 'Medical EN',
    description: 'd',
    language: 'en',
    base_model: 'medical',
    training_status: 4,
    status_message: 'done',
    training_progress: 100,
    created_at: '2025-01-15T10:00:00Z',
    updated_at: '2025-01-16T15:30:00Z',
    started_training_at: '2025-01-16T08:00:00Z',
    finished_training_at: '2025-01-16T15:30:00Z',
    training_metrics: { word_error_rate: 12.5, accuracy_improvement: 18.7 },
    ...over,
  });

  it('Scriptix status-dependent fields point at the item and say the rule is conditional', () => {
    const queued = scriptixItem({ training_status: 1, training_progress: 5 }) as Record<string, unknown>;
    delete queued.started_training_at;
    delete queued.finished_training_at;
    delete queued.training_metrics;
    const body = { count: 2, total_results: 2, result: [scriptixItem({}), queued] };
    const report = checkExchanges(contracts, [exchange({ url: 'https://api.scriptix.io/api/v3/custom_models', body })]);
    const schema = report.violations.filter((v) => v.rule === 'body-schema');
    expect(schema.map((v) => [v.pointer, v.expected])).toEqual([
      ['/result/1/training_progress', "no such property here (conditional: the schema's if/then for this value)"],
    ]);
  });

  it('Scriptix: count, total_results and the status filter from x-pagination / x-filters', () => {
    const body = { count: 3, total_results: 1, result: [scriptixItem({}), scriptixItem({ id: 2, training_status: 3, finished_training_at: undefined, training_metrics: undefined })] };
    const clean = JSON.parse(JSON.stringify(body));
    const report = checkExchanges(contracts, [exchange({ url: 'https://api.scriptix.io/api/v3/custom_models?status=4', body: clean })]);
    expect(report.violations.map((v) => [v.rule, v.pointer]).sort()).toEqual([
      ['count', '/count'],
      ['filter', '/result/1/training_status'],
      ['total', '/total_results'],
    ]);
  });

  describe('Open WebUI: the default order only without filters, documented values it does not enforce', () => {
    const OW = 'http://localhost:8080/api/models/list';
    const model = (i: number, over: Record<string, unknown> = {}) => ({ id: `m${i}`, name: `Model ${i}`, created_at: 1700000000 + i, updated_at: 1700000000 + i, meta: { tags: [{ name: i % 2 ? 'odd' : 'even' }] }, ...over });
    // Oldest first: not the default created_at desc.
    const oldestFirst = { items: [model(1), model(3), model(5)], total: 3 };
    const check = (query: string, body: unknown = oldestFirst) => checkExchanges(contracts, [exchange({ url: `${OW}${query}`, body })]);
    const rules = (query: string, body?: unknown) => check(query, body).violations.map((v) => `${v.rule} ${v.pointer}`);

    it('holds an unfiltered list to created_at desc, but not a filtered one without order_by (search_models applies no ORDER BY then)', () => {
      expect(rules('')).toEqual(['sort-order /items/1/created_at']);
      expect(rules('?tag=odd')).toEqual([]);
      expect(rules('?query=model')).toEqual([]);
      expect(rules('?view_option=created')).toEqual([]);
      // A filtered list with order_by is still checked; so is an empty filter (not given).
      expect(rules('?tag=odd&order_by=created_at')).toEqual(['sort-order /items/1/created_at']);
      expect(rules('?tag=')).toEqual(['sort-order /items/1/created_at']);
    });

    it('accepts view_option, order_by and direction outside their documented values (x-enum-enforced: false)', () => {
      const byName = { items: [model(1), model(3), model(5)], total: 3 };
      for (const query of ['?view_option=everything', '?order_by=popularity', '?direction=sideways']) {
        const r = check(query, byName);
        expect(r.violations).toEqual([]);
        expect(r.warnings).toEqual([]);
      }
      // An empty value is not given: valid, and the default order applies.
      expect(rules('?view_option=', { items: [model(5), model(3), model(1)], total: 3 })).toEqual([]);
      expect(rules('?view_option=')).toEqual(['sort-order /items/1/created_at']);
      // Another direction sorts descending, as Open WebUI's `else` branch does: ascending names are out of order.
      expect(rules('?order_by=name&direction=sideways', byName)).toEqual(['sort-order /items/1/name']);
      expect(rules('?order_by=name&direction=asc', byName)).toEqual([]);
    });
  });

  it('Open WebUI is matched at its documented path and its /api/v1 alias', () => {
    const a = checkExchanges(contracts, [exchange({ url: 'http://localhost:8080/api/models/list', status: 401, body: { detail: 'Not authenticated' } })]);
    const b = checkExchanges(contracts, [exchange({ url: 'http://localhost:8080/api/v1/models/list', status: 401, body: { detail: 'Not authenticated' } })]);
    expect(a.checked.map((c) => c.operation)).toEqual(['openwebui.listModels']);
    expect(b.checked.map((c) => c.operation)).toEqual(['openwebui.listModels']);
  });
});
