import { applyProse, defaultFromProse, enumFromProse, patternFromProse, proseKeywords, readProse, typeFromLabel, coerceValue } from '../../src/extract/constraints';
import { fromOpenApi30 } from '../../src/extract/schema-dialect';
import { inferSchema } from '../../src/extract/infer';

const str = { type: 'string' };
const int = { type: 'integer' };
const arr = { type: 'array', items: { type: 'string' } };

describe('ranges become keywords by the field type', () => {
  test.each([
    ['Range: [1, 100].', int, { minimum: 1, maximum: 100 }],
    ['Range: [0, 1000000000].', int, { minimum: 0, maximum: 1000000000 }],
    ['Range: [32, 36]. Only letters, digits, and hyphens (-) are allowed.', str, { minLength: 32, maxLength: 36 }],
    ['Constraints: [0,1000].', arr, { minItems: 0, maxItems: 1000 }],
    ['Filter by training_status (1-5)', int, { minimum: 1, maximum: 5 }],
    ['Items per page (max: 100)', int, { maximum: 100 }],
    ['Items per page (min: 2)', int, { minimum: 2 }],
    ['Queue priority, between 1 and 10', int, { minimum: 1, maximum: 10 }],
    ['Required range: 1 <= x <= 50', int, { minimum: 1, maximum: 50 }],
    ['Required range: x >= 1', int, { minimum: 1 }],
    ['Must be greater than 0', int, { exclusiveMinimum: 0 }],
    ['Must be greater than or equal to 5 and less than or equal to 9', int, { minimum: 5, maximum: 9 }],
    ['Page number (1-indexed)', int, { minimum: 1 }],
    ['Offset, zero-based', int, { minimum: 0 }],
    ['Maximum value is 100', int, { maximum: 100 }],
    ['Relevance score between 0 and 1', { type: 'number' }, { minimum: 0, maximum: 1 }],
    ['Range: 1 to 128 characters.', str, { minLength: 1, maxLength: 128 }],
    ['Range: Up to 65,534 characters.', str, { maxLength: 65534 }],
    ['Range: 0 to 4,096 characters.', str, { minLength: 0, maxLength: 4096 }],
    ['Range: 32 characters.', str, { minLength: 32, maxLength: 32 }],
    ['Title, at most 200 characters', str, { maxLength: 200 }],
    ['Password, at least 12 characters long', str, { minLength: 12 }],
    ['Exactly 6 characters', str, { minLength: 6, maxLength: 6 }],
    ['Constraints: Up to 20 items.', arr, { maxItems: 20 }],
    ['Between 2 and 5 items', arr, { minItems: 2, maxItems: 5 }],
  ])('%s', (prose, base, expected) => {
    expect(applyProse({ ...base }, prose)).toMatchObject(expected);
  });

  test('a length with a unit does not leak into a value range', () => {
    const s = applyProse({ type: 'integer' }, 'Range: 1 to 36 characters.');
    expect(s.minimum).toBeUndefined();
    expect(s.maximum).toBeUndefined();
  });

  test('dates and file names in prose are not ranges', () => {
    const s = applyProse({ type: 'string' }, "filter=published_date ge '2025-01-01', see [Obtaining an ID] (dataartsfabric_03_0024.xml)");
    expect(s).toEqual({ type: 'string' });
  });

  test('a page schema keeps its own keywords over prose', () => {
    expect(applyProse({ type: 'integer', maximum: 100 }, 'max 10 results are returned').maximum).toBe(100);
  });

  test('nullable anyOf keeps the null branch and constrains the other', () => {
    expect(applyProse({ anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'Range: [1, 9]')).toEqual({
      anyOf: [{ type: 'integer', minimum: 1, maximum: 9 }, { type: 'null' }],
    });
    expect(applyProse({ type: 'string' }, 'The label; can be null.')).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
  });
});

describe('patterns', () => {
  test.each([
    ['Only letters, digits, hyphens (-), and underscores (_) are allowed.', '^[A-Za-z0-9\\-_]*$'],
    ['Only letters, digits, and hyphens (-) are allowed.', '^[A-Za-z0-9\\-]*$'],
    ['Only letters, digits, hyphens (-), underscores (_), periods (.), and spaces are allowed.', '^[A-Za-z0-9\\-_. ]*$'],
    ['Only lowercase letters, digits and hyphens (-) are allowed.', '^[a-z0-9\\-]*$'],
    ['The name can contain only uppercase letters and digits.', '^[A-Z0-9]*$'],
    ['Only letters, Chinese characters, and colons (:) are allowed.', '^[A-Za-z\\u4e00-\\u9fa5:]*$'],
    ['Must start with a letter. Only uppercase letters, digits, and underscores (_) are allowed.', '^[A-Z][A-Z0-9_]*$'],
    ['Pattern: `^v\\d+$`', '^v\\d+$'],
  ])('%s', (prose, pattern) => {
    expect(patternFromProse(prose)).toBe(pattern);
    expect(() => new RegExp(pattern, 'u')).not.toThrow();
  });

  test('an unknown word gives no pattern rather than a wrong one', () => {
    expect(patternFromProse('Only valid OBS paths are allowed.')).toBeUndefined();
    expect(patternFromProse('Only local model file paths are allowed.')).toBeUndefined();
  });
});

describe('enums and defaults', () => {
  test('bullets with " - " (Mintlify) and the (default) marker', () => {
    const text = 'Sort direction:\n  • asc - Ascending order\n  • desc - Descending order (default)';
    expect(enumFromProse(text)).toEqual(['asc', 'desc']);
    expect(applyProse({ type: 'string' }, text)).toMatchObject({ enum: ['asc', 'desc'], default: 'desc' });
  });

  test('bullets with ":" and ";" (Huawei), a Default Value bullet that is a sentence, (default value)', () => {
    const text = 'Range:\n• PRIVATE: private, created by users.\n• PUBLIC: Query all public objects.\n• ALL: All.\n• Default Value: By default, this parameter is left blank.';
    expect(applyProse({ type: 'string' }, text)).toEqual({ type: 'string', enum: ['PRIVATE', 'PUBLIC', 'ALL'] });
    const sort = 'Range:\n• CREATE_TIME: creation time (default value);\n• UPDATE_TIME: update time;\n• NAME: service name.\nDefault Value: N/A.';
    expect(applyProse({ type: 'string' }, sort)).toMatchObject({ enum: ['CREATE_TIME', 'UPDATE_TIME', 'NAME'], default: 'CREATE_TIME' });
    expect(enumFromProse('Range:\n• PRIVATE;\n• PUBLIC.')).toEqual(['PRIVATE', 'PUBLIC']);
  });

  test('numbered and dash lists, inline option lists', () => {
    expect(enumFromProse('Mode:\n1. fast - quick\n2. thorough - slow')).toBeUndefined(); // numbers are not bullets unless dashes/dots
    expect(enumFromProse('Mode:\n- fast: quick\n- thorough: slow')).toEqual(['fast', 'thorough']);
    expect(enumFromProse('Output format. Available options: json, markdown')).toEqual(['json', 'markdown']);
    expect(enumFromProse('Job state. Possible values: queued, running, done, failed')).toEqual(['queued', 'running', 'done', 'failed']);
    expect(enumFromProse('One of: `a` | `b` | `c`')).toEqual(['a', 'b', 'c']);
    expect(enumFromProse('Range: LLM_MODEL (large language model).')).toEqual(['LLM_MODEL']);
    expect(enumFromProse('Range: N/A.')).toBeUndefined();
    expect(applyProse({ type: 'integer' }, 'Allowed values: 1, 2, 3').enum).toEqual([1, 2, 3]);
  });

  test.each([
    ['default:1', '1'],
    ['default: 25', '25'],
    ['Default Value: 10.', '10'],
    ['Default Value: DESC.', 'DESC'],
    ['Defaults to "en".', 'en'],
    ['Page size (default: 50)', '50'],
    ['The default is true.', 'true'],
  ])('default in %s', (prose, value) => {
    expect(defaultFromProse(prose)).toBe(value);
  });

  test.each(['Default Value: N/A.', 'Default Value: By default, this parameter is left blank.', 'default: none'])('no default in %s', (prose) => {
    expect(defaultFromProse(prose)).toBeUndefined();
  });

  test('defaults and examples are converted to the field type', () => {
    expect(applyProse({ type: 'integer' }, 'Default Value: 10.').default).toBe(10);
    expect(applyProse({ type: 'boolean' }, 'Default Value: false.').default).toBe(false);
    expect(applyProse({ type: 'string' }, 'Language code (e.g., "en")').examples).toEqual(['en']);
    expect(coerceValue('1,024', 'integer')).toBe(1024);
    expect(coerceValue('abc', 'integer')).toBe('abc');
  });

  test('formats from words', () => {
    expect(applyProse({ type: 'string' }, 'Project UUID').format).toBe('uuid');
    expect(applyProse({ type: 'string' }, 'Creation time (ISO 8601)').format).toBe('date-time');
    expect(applyProse({ type: 'string' }, "User's email address").format).toBe('email');
  });

  test('readProse reports facts without a type', () => {
    const facts = readProse('max 10 results are returned');
    expect(facts.range.max).toBe(10);
  });
});

describe('type labels', () => {
  test.each([
    ['String', { type: 'string' }],
    ['Integer', { type: 'integer' }],
    ['Long', { type: 'integer', format: 'int64' }],
    ['Boolean', { type: 'boolean' }],
    ['Float', { type: 'number' }],
    ['Object', { type: 'object' }],
    ['Array of ModelInfo objects', { type: 'array', items: { $ref: '#/components/schemas/ModelInfo' } }],
    ['Array of strings', { type: 'array', items: { type: 'string' } }],
    ['Array of integers', { type: 'array', items: { type: 'integer' } }],
    ['ModelVersionInfo object', { $ref: '#/components/schemas/ModelVersionInfo' }],
    ['JSON object', { type: 'object' }],
    ['string[]', { type: 'array', items: { type: 'string' } }],
    ['array<integer>', { type: 'array', items: { type: 'integer' } }],
    ['Map<String,String>', { type: 'object', additionalProperties: { type: 'string' } }],
    ['enum<string>', { type: 'string' }],
    ['integer | null', { anyOf: [{ type: 'integer' }, { type: 'null' }] }],
    ['string (uuid)', { type: 'string', format: 'uuid' }],
  ])('%s', (label, schema) => {
    expect(typeFromLabel(label)).toEqual(schema);
  });

  test('unknown labels are undefined', () => {
    expect(typeFromLabel('Frobnicator')).toBeUndefined();
    expect(typeFromLabel('Definition: Model ID.')).toBeUndefined();
  });
});

describe('schemas inferred from examples', () => {
  test('null in one example and a string in another → anyOf string/null; fields in every example are required', () => {
    const schema = inferSchema([
      { id: 1, description: 'x', created_at: '2025-01-15T10:00:00Z', done_at: '2025-01-16T10:00:00Z', score: 1 },
      { id: 2, description: null, created_at: '2025-01-17T09:00:00.123+02:00', score: 2.5 },
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer' },
        description: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        created_at: { type: 'string', format: 'date-time' },
        done_at: { type: 'string', format: 'date-time' },
        score: { type: 'number' },
      },
      required: ['id', 'description', 'created_at', 'score'],
    });
  });

  test('arrays merge their elements; empty arrays and objects stay open', () => {
    expect(inferSchema([[{ a: 1 }, { a: 2, b: 'x' }]])).toEqual({
      type: 'array',
      items: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, required: ['a'] },
    });
    expect(inferSchema([[]])).toEqual({ type: 'array' });
    expect(inferSchema([{}])).toEqual({ type: 'object' });
    expect(inferSchema(['not a date', '2025-01-01T00:00:00Z'])).toEqual({ type: 'string' });
    expect(inferSchema([1, 'a'])).toEqual({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
  });
});

describe('phrasings met on unseen pages', () => {
  test.each([
    ['Range: The value can be CPU_2U_8G, GPU_8U_64G_1T4, or GPU_32U_256G_4A10.', ['CPU_2U_8G', 'GPU_8U_64G_1T4', 'GPU_32U_256G_4A10']],
    ['Range: The value can be zh-cn or en-us.', ['zh-cn', 'en-us']],
    ['Must be one of `asc`, `desc`.', ['asc', 'desc']],
    ['Instance type, one of: `cpu-small`, `gpu-a10`', ['cpu-small', 'gpu-a10']],
  ])('%s → enum', (prose, values) => {
    expect(enumFromProse(prose)).toEqual(values);
  });

  test('sentences that merely contain "one of" or "can be" are no enum', () => {
    expect(enumFromProse('The value can be 1 to 100.')).toBeUndefined();
    expect(enumFromProse('Use one of the following tokens.')).toBeUndefined();
    expect(enumFromProse('Either a string or null.')).toBeUndefined();
  });

  test('an array takes item counts itself; lengths and values describe its items', () => {
    expect(applyProse({ type: 'array', items: { type: 'string' } }, 'Constraints: A maximum of 10 labels.\nRange: Each label contains 1 to 32 characters.')).toEqual({
      type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 32 },
    });
    expect(applyProse({ type: 'array', items: { type: 'string' } }, 'HTTP methods. One of: GET, POST')).toEqual({ type: 'array', items: { type: 'string', enum: ['GET', 'POST'] } });
    // Mintlify's `Required array length` counts items: it must not become a length of each item.
    expect(applyProse({ type: 'array', items: { type: 'string' } }, 'Required array length: 1 - 10 elements')).toEqual({ type: 'array', minItems: 1, maxItems: 10, items: { type: 'string' } });
  });

  test('Minimum / Maximum lines and Huawei ranges on numbers', () => {
    expect(applyProse({ type: 'integer' }, 'Range: [1-1000]')).toEqual({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(applyProse({ type: 'integer' }, 'Range:\nMinimum: 1\nMaximum: 100\nDefault Value: 1.')).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 1 });
    expect(applyProse({ type: 'number' }, 'Range: 0 to 1.\nDefault Value: 0.5.')).toEqual({ type: 'number', minimum: 0, maximum: 1, default: 0.5 });
  });

  test('type labels: unions, formats written as types, any', () => {
    expect(typeFromLabel('string | integer')).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(typeFromLabel('string<date-time> | null')).toEqual({ anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] });
    expect(typeFromLabel('enum<string>[]')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(typeFromLabel('uuid')).toEqual({ type: 'string', format: 'uuid' });
    expect(typeFromLabel('any')).toEqual({});
    expect(typeFromLabel('string | frobnicator')).toBeUndefined();
    expect(typeFromLabel('uint64')).toBeUndefined();
    expect(typeFromLabel('List<QuotaInfo>')).toEqual({ type: 'array', items: { $ref: '#/components/schemas/QuotaInfo' } });
    expect(typeFromLabel('[object]')).toEqual({ type: 'array', items: { type: 'object' } });
    expect(typeFromLabel('string¦null')).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(typeFromLabel('integer(int64)')).toEqual({ type: 'integer', format: 'int64' });
    expect(typeFromLabel('number<float>')).toEqual({ type: 'number', format: 'float' });
  });
});

describe('OpenAPI 3.0 schemas become JSON Schema 2020-12', () => {
  test('nullable, boolean exclusive bounds and example are rewritten, deeply', () => {
    expect(fromOpenApi30({
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true, description: 'A', example: 'x' },
        b: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 5, exclusiveMaximum: false },
        c: { type: 'array', items: { type: 'integer', nullable: false } },
        d: { allOf: [{ $ref: '#/components/schemas/X' }], nullable: true },
      },
    })).toEqual({
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'A', examples: ['x'] },
        b: { type: 'number', exclusiveMinimum: 0, maximum: 5 },
        c: { type: 'array', items: { type: 'integer' } },
        d: { anyOf: [{ allOf: [{ $ref: '#/components/schemas/X' }] }, { type: 'null' }] },
      },
    });
  });

  test('values are not schemas: enum, default and examples are left alone', () => {
    const schema = { type: 'object', default: { nullable: true }, enum: [{ example: 1 }] };
    expect(fromOpenApi30(schema)).toEqual(schema);
  });
});

describe('options in prose (issue 11): without bullets, in one paragraph or one per line', () => {
  test.each([
    ['Sorting sequence. The options are as follows: - asc: ascending order - desc: descending order (default value)', str, { enum: ['asc', 'desc'], default: 'desc' }],
    ['Sorting mode. The options are as follows: - create_time: Sort by creation time. (Default value) - email: Sort by email.', str, { enum: ['create_time', 'email'], default: 'create_time' }],
    ['Role. The options are as follows: - 0: labeling personnel - 1: reviewer - 2: team administrator', int, { enum: [0, 1, 2] }],
    ['Authorization type. Options:\nPUBLIC: public access of tenants (default value)\nPRIVATE: accessible only to the creator\nINTERNAL: shared', str, { enum: ['PUBLIC', 'PRIVATE', 'INTERNAL'], default: 'PUBLIC' }],
    ['Whether to preview. The options are as follows: - true: Preview is supported. - false: Preview is not supported. (Default value)', { type: 'boolean' }, { default: false }],
    ['Maximum number of records returned on each page. The value ranges from 1 to 100. The default value is 10.', int, { minimum: 1, maximum: 100, default: 10 }],
  ])('%s', (text, base, expected) => {
    expect(applyProse({ ...base }, text)).toEqual({ ...base, ...expected });
  });

  test('lines that are parts of a description are no options; one option is no list', () => {
    expect(enumFromProse('Options:\nDefinition: the order.\nRange: N/A.')).toBeUndefined();
    expect(enumFromProse('The options are as follows: - asc: ascending order')).toBeUndefined();
  });
});

describe('inference never contradicts the page (issue 11)', () => {
  test('a UUID without hyphens is no format: uuid; with a stated length it is that many hex digits', () => {
    expect(applyProse({ ...str }, 'Workspace ID, which is a 32-bit UUID generated by the system without hyphens (-).')).toEqual(str);
    expect(applyProse({ ...str }, 'Job ID: a 32-character UUID without hyphens.')).toEqual({ type: 'string', minLength: 32, maxLength: 32, pattern: '^[0-9a-fA-F]{32}$' });
    expect(applyProse({ ...str }, 'Job ID (UUID).')).toEqual({ type: 'string', format: 'uuid' });
  });

  test('an explicit Example: wins over a guess from "(e.g., ...)"', () => {
    expect(readProse('Model name (e.g., gpt-4o). Example: "llama3.1:8b"').examples).toEqual(['llama3.1:8b']);
    expect(readProse('Model name (e.g., gpt-4o).').examples).toEqual(['gpt-4o']);
  });

  test('a format or pattern read from prose is dropped when the page\'s own example fails it', () => {
    expect(applyProse({ ...str }, 'Creation time in ISO 8601. Example: 1606356324223')).toEqual({ type: 'string', examples: ['1606356324223'] });
    expect(applyProse({ ...str }, 'Only letters and digits are allowed. Example: my-model')).toEqual({ type: 'string', examples: ['my-model'] });
    expect(applyProse({ ...str }, 'Only letters and digits are allowed. Example: model1')).toEqual({ type: 'string', pattern: '^[A-Za-z0-9]*$', examples: ['model1'] });
    expect(applyProse({ type: 'string', examples: ['not-a-uuid'] }, 'The model UUID.')).toEqual({ type: 'string', examples: ['not-a-uuid'] });
  });
});

/**
 * What prose states and what it only implies (issue 11): the builder drops an implied keyword that the
 * page's own example fails, and keeps a stated one (the example that fails it is a finding).
 */
describe('stated or inferred: the marks applyProse leaves', () => {
  const marks = (base: Record<string, unknown>, text: string) => proseKeywords(applyProse({ ...base }, text));
  const num = { type: 'integer' };

  test.each([
    // Stated: a labelled value, a list of the values, the `x` notation of a range, a regex the page gives.
    [str, 'Range: 8 to 36 characters.', []],
    [str, 'Definition: Name. Range: [1, 64].', []],
    [num, 'Minimum: 1\nMaximum: 100', []],
    [num, 'Items per page (max: 100)', []],
    [num, 'Required range: 1 <= x <= 50', []],
    [str, 'Output format. Available options: json, markdown', []],
    [str, 'Role:\n  • user - the user\n  • assistant - the model', []],
    [str, 'Authorization type. Options:\nPUBLIC: public access (default value)\nPRIVATE: private access', []],
    [str, 'Must match the regex `^[a-z]+$`.', []],
    [str, 'Range: LLM_MODEL (large language model).', []],
    // Inferred: read from a sentence or a word.
    [str, 'Only letters, digits, and underscores (_) are allowed.', ['pattern']],
    [str, 'The value can be server or client.', ['enum']],
    [str, 'The job UUID.', ['format']],
    [str, 'Creation time (ISO 8601).', ['format']],
    [str, 'The name contains 1 to 64 characters.', ['minLength', 'maxLength']],
    [num, 'The value ranges from 1 to 100.', ['minimum', 'maximum']],
    [num, 'Sort weight, between 1 and 10.', ['minimum', 'maximum']],
    [num, 'The minimum increment is 500 Mbit/s if the bandwidth is greater than 1,000 Mbit/s.', ['exclusiveMinimum']],
    [num, 'max 10 results are returned', ['maximum']],
    [num, 'Page number (1-indexed).', ['minimum']],
  ] as Array<[Record<string, unknown>, string, string[]]>)('%j %s → inferred %j', (base, text, expected) => {
    expect(marks(base, text)).toEqual(expected);
  });

  test('a stated and an inferred bound in one description are marked apart; a keyword the schema had is never marked', () => {
    expect(marks({ type: 'integer' }, 'Minimum: 0\nMaximum: 99999\nIf the bandwidth is greater than 1,000 Mbit/s, the increment is 500.')).toEqual(['exclusiveMinimum']);
    expect(marks({ type: 'string', pattern: '^x$' }, 'Only letters are allowed.')).toEqual([]);
  });

  test('arrays: the items carry the marks of what the prose says about them', () => {
    const tags = applyProse({ type: 'array', items: { type: 'string' } }, 'Each tag contains 1 to 32 characters. The value can be a, b or c.');
    expect(proseKeywords(tags.items as Record<string, unknown>)).toEqual(['enum', 'minLength', 'maxLength']);
    const scopes = applyProse({ type: 'array', items: { type: 'string' } }, 'Must be at least one of `read`, `write`.');
    expect(proseKeywords(scopes)).toEqual(['minItems']);
  });

  test('the marks follow the copies readers make and are invisible to JSON and to equality', () => {
    const schema = applyProse({ ...str }, 'Only letters are allowed.');
    const copy = { description: 'x', ...schema };
    expect(proseKeywords(copy)).toEqual(['pattern']);
    expect(JSON.stringify(schema)).toBe('{"type":"string","pattern":"^[A-Za-z]*$"}');
    expect(Object.keys(copy)).toEqual(['description', 'type', 'pattern']);
    expect(schema).toEqual({ type: 'string', pattern: '^[A-Za-z]*$' });
  });
});
