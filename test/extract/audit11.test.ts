/**
 * Acceptance audit 11 (real pages in known styles): trailing-comma JSON, GitLab status bullet lists,
 * id aliases, openapi-generator enum/string models and OAuth2 README schemes, docusaurus `circular()`
 * placeholders, contradictory prose ranges, field examples, Mintlify non-Latin breadcrumbs. Pages are in
 * `pages/unseen/real/` (sources in its SOURCES.md); small synthetic pages check the general rule.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractPage } from '../../src/extract';
import { detectReader } from '../../src/extract/readers';
import { findFindings } from '../../src/extract/findings';
import { findJsonBlocks } from '../../src/extract/text';
import { findLeftovers } from '../../src/extract/leftovers';
import { applyProse } from '../../src/extract/constraints';
import { loadContracts } from '../../src/contracts';
import { CONTRACTS, PAGES, validateOpenApi } from './helpers';

type Doc = Record<string, any>;
const REAL = path.join(PAGES, 'unseen', 'real');
const extract = (rel: string) => extractPage(path.join(REAL, rel), CONTRACTS);
const opsOf = (doc: Doc): Array<[string, string, Doc]> =>
  Object.entries<Doc>(doc.paths).flatMap(([p, item]) => Object.entries<Doc>(item).map(([m, o]) => [m, p, o] as [string, string, Doc]));

describe('F1: sloppy JSON examples', () => {
  test('a trailing comma is forgiven: an array stays an array', () => {
    const blocks = findJsonBlocks(['[', '  { "id": 1, },', '  { "id": 2 },', ']']);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].value).toEqual([{ id: 1 }, { id: 2 }]);
  });

  test('JSON that cannot be read is skipped whole (never read as its inner objects) and reported', () => {
    const unreadable: ReturnType<typeof findJsonBlocks> = [];
    const lines = ['[', '  { "id": 1 },', '  { "id": 2 } oops', ']'];
    expect(findJsonBlocks(lines, unreadable)).toEqual([]);
    expect(unreadable).toEqual([{ startLine: 0, endLine: 3, value: undefined }]);
  });

  test('GitLab protection rules: the list response is an array of rules', () => {
    const { document, leftovers } = extract('gitlab-container-repository-protection-rules.md');
    const get = (document as Doc).paths['/api/v4/projects/{id}/registry/protection/repository/rules'].get;
    const schema = get.responses['200'].content['application/json'].schema;
    expect(schema.type).toBe('array');
    expect(schema.items.type).toBe('object');
    expect(leftovers?.items.filter((l) => l.kind === 'json' && /not valid JSON/.test(l.text))).toEqual([]);
  });
});

describe('F2: stated statuses', () => {
  test('"Can return the following status codes:" bullets and `returns [`201`](…)` give the statuses', () => {
    const doc = extract('gitlab-container-repository-protection-rules.md').document as Doc;
    const byMethod = Object.fromEntries(opsOf(doc).map(([m, , o]) => [m, o]));
    expect(Object.keys(byMethod.get.responses).sort()).toEqual(['200', '401', '403', '404']);
    expect(Object.keys(byMethod.post.responses).sort()).toEqual(['201', '400', '401', '403', '404', '422']);
    expect(Object.keys(byMethod.patch.responses).sort()).toEqual(['200', '400', '401', '403', '404', '422']);
    expect(Object.keys(byMethod.delete.responses).sort()).toEqual(['204', '400', '401', '403', '404']);
    expect(byMethod.post.responses['422'].description).toMatch(/could not be created/);
    expect(byMethod.delete.responses['204'].content).toBeUndefined();
    for (const [, , o] of opsOf(doc)) expect(Object.keys(o.responses)).not.toContain('2XX');
  });

  test('a status bullet no reader took is a leftover', () => {
    const { items } = findLeftovers('Can return the following status codes:\n\n- `404 Not Found`: The project was not found.\n', new Set());
    expect(items.map((l) => l.kind)).toContain('status');
  });

  test('the status bullets are read, not left over', () => {
    const { leftovers } = extract('gitlab-container-repository-protection-rules.md');
    expect(leftovers?.items.filter((l) => l.kind === 'status')).toEqual([]);
  });
});

describe('F4: aliases are no enum', () => {
  test('"The following aliases are supported: - `root` ..." gives no enum', () => {
    const text = 'Unique identifier of the collection. The following aliases are supported:\n- `root`: The root collection\n- `app`: Alias for the app collection\n- `trash`: Deleted resources';
    expect(applyProse({ type: 'string' }, text).enum).toBeUndefined();
    // A plain bullet list of values still is one.
    expect(applyProse({ type: 'string' }, 'The mode:\n- `root`: a\n- `app`: b').enum).toEqual(['root', 'app']);
  });

  test('Flat CollectionApi: the collection id takes any string', () => {
    const doc = extract('flat-python-sdk/docs/CollectionApi.md').document as Doc;
    const params = opsOf(doc).flatMap(([, , o]) => (o.parameters ?? []) as Doc[]).filter((p) => p.name === 'collection');
    expect(params.length).toBeGreaterThan(0);
    for (const p of params) expect(p.schema.enum).toBeUndefined();
  });
});

describe('F3: openapi-generator enum and string models', () => {
  test('an empty Properties table claims no object type', () => {
    const doc = extract('flat-python-sdk/docs/CollectionApi.md').document as Doc;
    for (const name of ['CollectionPrivacy', 'CollectionType', 'ScorePrivacy', 'ScoreLicense']) {
      const s = doc.components.schemas[name];
      expect(s.type).toBeUndefined();
      expect(s.properties).toBeUndefined();
      expect(s.$comment).toMatch(/no type is claimed/);
    }
  });

  test('a model page with an "## Enum" section is a string enum', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cm-enum-'));
    try {
      mkdirSync(path.join(dir, 'docs'));
      writeFileSync(path.join(dir, 'docs', 'PetApi.md'), [
        '# PetApi', '', 'Method | HTTP request | Description', '------------- | ------------- | -------------',
        '[**get_pet**](PetApi.md#get_pet) | **GET** /pets/{pet_id} | Get a pet', '', '# **get_pet**', '> Pet get_pet(pet_id)', '', 'Get a pet', '',
        '### Parameters', '', 'Name | Type | Description  | Notes', '------------- | ------------- | ------------- | -------------',
        ' **pet_id** | **str**| The pet id | ', '', '### Return type', '', '[**Pet**](Pet.md)', '', '### Authorization', '', 'No authorization required', '',
        '### HTTP response details', '', '| Status code | Description | Response headers |', '|-------------|-------------|------------------|',
        '**200** | OK |  -  |', '',
      ].join('\n'));
      writeFileSync(path.join(dir, 'docs', 'Pet.md'), [
        '# Pet', '', '## Properties', '', 'Name | Type | Description | Notes', '------------ | ------------- | ------------- | -------------',
        '**kind** | [**PetKind**](PetKind.md) |  | ', '',
      ].join('\n'));
      writeFileSync(path.join(dir, 'docs', 'PetKind.md'), ['# PetKind', '', '## Enum', '', '', '* `CAT` (value: `"cat"`)', '', '* `DOG` (value: `"dog"`)', ''].join('\n'));
      const doc = extractPage(path.join(dir, 'docs', 'PetApi.md'), CONTRACTS).document as Doc;
      expect(doc.components.schemas.PetKind).toMatchObject({ type: 'string', enum: ['cat', 'dog'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('F11: openapi-generator README OAuth2', () => {
  test('"## OAuth2" / Type OAuth / Flow accessCode becomes an oauth2 scheme that the operations require', () => {
    const doc = extract('flat-python-sdk/docs/CollectionApi.md').document as Doc;
    const scheme = doc.components.securitySchemes.OAuth2;
    expect(scheme.type).toBe('oauth2');
    expect(scheme.flows.authorizationCode.authorizationUrl).toBe('https://flat.io/auth/oauth');
    expect(scheme.flows.authorizationCode.tokenUrl).toBeTruthy();
    expect(Object.keys(scheme.flows.authorizationCode.scopes)).toEqual(expect.arrayContaining(['scores', 'collections.readonly']));
    for (const [, , o] of opsOf(doc)) expect(o.security).toEqual([{ OAuth2: [] }]);
    expect(validateOpenApi([doc])[0]).toMatchObject({ valid: true });
  });
});

describe('F5: docusaurus circular() placeholders', () => {
  test('become open schemas with a $comment and a leftover; the contract loads', () => {
    const { document, leftovers } = extract('port/get-all-entities-of-a-blueprint.api.mdx');
    const json = JSON.stringify(document);
    expect(json).not.toMatch(/"(?:properties|items)":"circular\(/);
    expect(json).toMatch(/recursive schema/);
    expect(leftovers?.items.some((l) => /circular/.test(l.text))).toBe(true);
    expect(validateOpenApi([document as Doc])[0]).toMatchObject({ valid: true });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cm-circ-'));
    try {
      writeFileSync(path.join(dir, 'port.openapi.json'), JSON.stringify(document));
      expect(() => loadContracts(dir)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('F10: contradictory prose ranges and field examples', () => {
  test('"The maximum value is 24 hours, and the minimum value is 336 hours" yields no constraint', () => {
    const s = applyProse({ type: 'string' }, 'The time frame. The maximum value is 24 hours, and the minimum value is 336 hours.');
    expect(s.minLength).toBeUndefined();
    expect(s.maxLength).toBeUndefined();
    const n = applyProse({ type: 'integer' }, 'The maximum value is 24, and the minimum value is 336.');
    expect(n.minimum).toBeUndefined();
    expect(n.maximum).toBeUndefined();
    // A consistent range is still read.
    expect(applyProse({ type: 'integer' }, 'The minimum value is 1, and the maximum value is 24.')).toMatchObject({ minimum: 1, maximum: 24 });
  });

  test('a prose length range that the field\'s own example fails is dropped', () => {
    const s = applyProse({ type: 'string', examples: ['24h'] }, 'The value is 5 to 10 characters long.');
    expect(s.minLength).toBeUndefined();
    expect(s.maxLength).toBeUndefined();
  });

  test('a body field example that fails its field schema is a finding', () => {
    const doc = {
      openapi: '3.1.0', info: { title: 't', version: '1' },
      paths: { '/batches': { post: {
        'x-source': { page: 'p.txt', section: 'Create batch' },
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { window: { type: 'string', examples: ['24h'] }, errors: { type: 'array', items: { type: 'string' }, examples: [null] } } } } } },
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { done_at: { type: 'integer', examples: [null] } } } } } } },
      } } },
    };
    const found = findFindings('t', doc);
    expect(found.map((f) => f.pointer).sort()).toEqual([
      '/paths/~1batches/post/requestBody/content/application~1json/schema/properties/errors/examples/0',
      '/paths/~1batches/post/responses/200/content/application~1json/schema/properties/done_at/examples/0',
    ]);
  });
});

describe('F9: Mintlify with a non-Latin breadcrumb', () => {
  test('SiliconFlow "批量处理 / 上传文件 / Upload files" is a mintlify-text page', () => {
    const file = 'mintlify/siliconflow-upload-files.txt';
    expect(detectReader(readFileSync(path.join(REAL, file), 'utf8'))?.style).toBe('mintlify-text');
    const doc = extract(file).document as Doc;
    const post = doc.paths['/files'].post;
    expect(post.summary).toBe('Upload files');
    expect(Object.keys(post.responses)).toContain('200');
  });
});
