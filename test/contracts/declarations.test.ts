import { contractsFromDocuments, defaultOrderApplies, requestedOrder, type FilterDecl, type Sorting } from '../../src/contracts';
import { withoutEnums } from '../../src/contracts/parameters';

/** The typed readers of the `x-` declarations that the mock, the checks and the plan share. */
describe('x-sorting: requestedOrder and defaultOrderApplies', () => {
  const base: Sorting = {
    fieldParam: 'order_by',
    orderParam: 'direction',
    fields: { name: '/name', created_at: '/created_at' },
    orderValues: { asc: 'asc', desc: 'desc' },
    default: { field: 'created_at', order: 'desc' },
  };
  const filters: FilterDecl[] = [{ param: 'tag', kind: 'equals', field: '/tag' }];
  const unfiltered: Sorting = { ...base, defaultWhen: 'unfiltered' };

  it('applies the default to every request without a sort field unless defaultWhen says "unfiltered"', () => {
    expect(requestedOrder(base, filters, {})).toEqual({ field: 'created_at', direction: 'desc' });
    expect(requestedOrder(base, filters, { tag: 'a' })).toEqual({ field: 'created_at', direction: 'desc' });
    expect(requestedOrder(base, filters, { direction: 'asc' })).toEqual({ field: 'created_at', direction: 'asc' });
    expect(defaultOrderApplies(base, filters, { tag: 'a' })).toBe(true);

    expect(requestedOrder(unfiltered, filters, {})).toEqual({ field: 'created_at', direction: 'desc' });
    expect(requestedOrder(unfiltered, filters, { tag: 'a' })).toBeUndefined();
    expect(requestedOrder(unfiltered, filters, { direction: 'asc' })).toBeUndefined();
    expect(requestedOrder(unfiltered, filters, { tag: 'a', order_by: 'name' })).toEqual({ field: 'name', direction: 'desc' });
    expect(defaultOrderApplies(unfiltered, filters, { tag: 'a' })).toBe(false);
    // Empty values are not given (`if tag:`).
    expect(defaultOrderApplies(unfiltered, filters, { tag: '', order_by: '', direction: '' })).toBe(true);
  });

  it('promises no order for a sort field it does not list, and the default direction for a direction it does not list', () => {
    expect(requestedOrder(base, filters, { order_by: 'popularity' })).toBeUndefined();
    expect(requestedOrder(base, filters, { order_by: 'name', direction: 'up' })).toEqual({ field: 'name', direction: 'desc' });
    // Compared exactly as the server does (`direction == "asc"`).
    expect(requestedOrder(base, filters, { order_by: 'name', direction: 'ASC' })).toEqual({ field: 'name', direction: 'desc' });
  });

  it('without a stated default: no order promised until a sort field is named, which is then ascending', () => {
    const { default: _none, ...noDefault } = base;
    expect(requestedOrder(noDefault, filters, {})).toBeUndefined();
    expect(requestedOrder(noDefault, filters, { direction: 'desc' })).toBeUndefined();
    expect(requestedOrder(noDefault, filters, { order_by: 'name' })).toEqual({ field: 'name', direction: 'asc' });
    expect(requestedOrder(noDefault, filters, { order_by: 'name', direction: 'desc' })).toEqual({ field: 'name', direction: 'desc' });
    expect(requestedOrder({ ...noDefault, defaultWhen: 'unfiltered' }, filters, { tag: 'a' })).toBeUndefined();
  });

  it('a direction alone orders by the only field of a declaration without a sort-field parameter', () => {
    const directionOnly: Sorting = { orderParam: 'order', fields: { id: '/id' }, orderValues: { asc: 'ascending', desc: 'descending' } };
    expect(requestedOrder(directionOnly, [], {})).toBeUndefined();
    expect(requestedOrder(directionOnly, [], { order: 'descending' })).toEqual({ field: 'id', direction: 'desc' });
    expect(requestedOrder(directionOnly, [], { order: 'ascending' })).toEqual({ field: 'id', direction: 'asc' });
    // With several fields and no parameter naming one, a direction says nothing of what is ordered.
    expect(requestedOrder({ ...directionOnly, fields: { id: '/id', name: '/name' } }, [], { order: 'descending' })).toBeUndefined();
  });
});

describe('x-enum-enforced on a parameter', () => {
  const doc = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    'x-api': 'enums',
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [
            { name: 'view', in: 'query', schema: { $ref: '#/components/schemas/View' }, 'x-enum-enforced': false },
            { name: 'mode', in: 'query', schema: { anyOf: [{ type: 'string', enum: ['a', 'b'], maxLength: 3 }, { type: 'null' }] }, 'x-enum-enforced': false },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: ['x', 'y'] } },
          ],
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: { schemas: { View: { type: 'string', enum: ['created', 'shared'], minLength: 1 } } },
  };
  const op = contractsFromDocuments([doc]).api('enums').operations[0];
  const errors = (query: Record<string, string>) => op.validateParameters({ query }).errors.map((e) => `${e.name}:${e.keyword}`);

  it('is read as ParameterSpec.enumEnforced (default true)', () => {
    expect(op.parameters.map((p) => [p.name, p.enumEnforced])).toEqual([
      ['view', false],
      ['mode', false],
      ['kind', true],
    ]);
  });

  it('accepts values outside a documented-only enum (also through $ref and anyOf), keeping every other keyword', () => {
    expect(errors({ view: 'everything', mode: 'zzz', kind: 'x' })).toEqual([]);
    expect(errors({ view: '' })).toEqual(['view:minLength']);
    expect(errors({ mode: 'zzzz' })).toContain('mode:maxLength');
    expect(errors({ kind: 'z' })).toEqual(['kind:enum']);
  });

  it('withoutEnums drops the keyword, not a property that happens to be called enum', () => {
    const schema = { type: 'object', properties: { enum: { type: 'string', enum: ['a'] } }, enum: [{}] };
    expect(withoutEnums(schema, () => ({}))).toEqual({ type: 'object', properties: { enum: { type: 'string' } } });
  });
});
