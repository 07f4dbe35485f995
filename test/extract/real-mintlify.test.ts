/**
 * Real Mintlify pages in the layout Mintlify renders today (`pages/unseen/real/mintlify/`, sources in its
 * SOURCES.md): the title before the method, `Try it` after the path, glued type lines (`stringrequired`,
 * `integerdefault:10`, `stringheaderrequired`), the response panel before the title or after the sections.
 * Issue 11's Mintlify patterns on real pages: several status tabs with one expanded body (each body with
 * the right status, or with none), `Option 1` / `Option 2` tabs (`oneOf`), `Example:` values (`examples`),
 * and security requirements whose schemes must all hold. Each page must extract with every fact it
 * states plainly and nothing it contradicts; its leftovers must be honest.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractPage } from '../../src/extract';
import { detectReader, mintlifyText, READERS } from '../../src/extract/readers';
import { splitTypeLine } from '../../src/extract/readers/mintlify-entries';
import { readHeader } from '../../src/extract/readers/mintlify-layout';
import { findLeftovers } from '../../src/extract/leftovers';
import { SchemaCompiler } from '../../src/contracts/schema-compiler';
import { CONTRACTS, PAGES, schemaPointers, validateOpenApi } from './helpers';

type Doc = Record<string, any>;

const DIR = path.join(PAGES, 'unseen', 'real', 'mintlify');
const PAGES_HERE = [
  'kalshi-get-balance.txt',
  'kalshi-create-order-v2.txt',
  'polymarket-get-user-orders.txt',
  'payman-create-payee.txt',
  'x-search-recent-posts.txt',
  'exa-get-a-webhook.txt',
  'exa-get-contents.txt',
  'vercel-create-deployment.txt',
  'perplexity-chat-completions.txt',
];

const read = (f: string) => readFileSync(path.join(DIR, f), 'utf8');
const extracted = new Map(PAGES_HERE.map((f) => [f, extractPage(path.join(DIR, f), CONTRACTS)]));
const docOf = (f: string): Doc => extracted.get(f)!.document as Doc;
const only = (f: string): { path: string; method: string; op: Doc } => {
  const [[p, item]] = Object.entries<Doc>(docOf(f).paths);
  const [[method, op]] = Object.entries<Doc>(item);
  return { path: p, method, op };
};
const op = (f: string) => only(f).op;
const param = (o: Doc, name: string) => o.parameters.find((p: Doc) => p.name === name);
const media = (m: Doc | undefined, type = 'application/json') => m?.content?.[type];
const body = (f: string) => media(op(f).requestBody).schema;
const response = (f: string, status: string, type?: string) => media(op(f).responses[status], type)?.schema;

describe('real Mintlify pages (newer layout): detection, validity, compilation', () => {
  test.each(PAGES_HERE)('%s is recognised as mintlify-text by exactly one reader', (f) => {
    expect(READERS.filter((r) => r.detect(read(f))).map((r) => r.style)).toEqual(['mintlify-text']);
  });

  test('every page extracts to valid OpenAPI 3.1', () => {
    validateOpenApi(PAGES_HERE.map(docOf)).forEach((r, i) => expect({ page: PAGES_HERE[i], ...r }).toMatchObject({ valid: true, version: '3.1' }));
  });

  test.each(PAGES_HERE)('%s: every schema compiles, every example conforms (no findings)', (f) => {
    const compiler = new SchemaCompiler();
    compiler.addDocument(`urn:mintlify:${f}`, docOf(f));
    for (const p of schemaPointers(docOf(f))) expect(() => compiler.compilePointer(`urn:mintlify:${f}`, p)).not.toThrow();
    expect(extracted.get(f)!.findings).toEqual([]);
  });

  test.each(PAGES_HERE)('%s: an `Example:` value is an example, never text of a description', (f) => {
    expect(JSON.stringify(docOf(f))).not.toMatch(/Example:/);
  });

  test.each(PAGES_HERE)('%s: the same operation when the copy drops the invisible anchor characters', (f) => {
    const text = read(f);
    expect(text).toContain('\u200b');
    expect(mintlifyText.read(text.replace(/\u200b/g, '')).operations).toEqual(mintlifyText.read(text).operations);
  });
});

describe('a security requirement whose schemes must all hold', () => {
  const kalshiSchemes = {
    kalshiAccessKey: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-KEY', description: 'Your API key ID' },
    kalshiAccessSignature: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-SIGNATURE', description: 'RSA-PSS signature of the request' },
    kalshiAccessTimestamp: { type: 'apiKey', in: 'header', name: 'KALSHI-ACCESS-TIMESTAMP', description: 'Request timestamp in milliseconds' },
  };

  test('Kalshi: three credential headers, each `stringheaderrequired`, are one requirement (both pages)', () => {
    for (const f of ['kalshi-get-balance.txt', 'kalshi-create-order-v2.txt']) {
      expect(op(f).security).toEqual([{ kalshiAccessKey: [], kalshiAccessSignature: [], kalshiAccessTimestamp: [] }]);
      expect(docOf(f).components.securitySchemes).toEqual(kalshiSchemes);
    }
  });

  test('Polymarket: five headers under the tab `polyApiKey & polyAddress & ...` are one requirement', () => {
    const f = 'polymarket-get-user-orders.txt';
    expect(op(f).security).toEqual([{ polyApiKey: [], polyAddress: [], polySignature: [], polyPassphrase: [], polyTimestamp: [] }]);
    expect(docOf(f).components.securitySchemes.polySignature).toEqual({ type: 'apiKey', in: 'header', name: 'POLY_SIGNATURE', description: 'HMAC signature of the request' });
    // With only the tab saying so (the headers not marked required), they still hold together.
    const text = read(f).replace(/stringheaderrequired/g, 'stringheader');
    const model = mintlifyText.read(text);
    expect(model.operations[0].requirements).toEqual([model.operations[0].security]);
    // Two credentials that are alternatives stay alternatives.
    const either = read(f).replace(/^polyApiKey & .*$/gm, '').replace(/stringheaderrequired/g, 'stringheader');
    expect(mintlifyText.read(either).operations[0].requirements).toBeUndefined();
  });

  test('single credentials: a Bearer `Authorization` header, an API-key header, an `Authorization` header the page calls an API key', () => {
    expect(op('x-search-recent-posts.txt').security).toEqual([{ bearerAuth: [] }]);
    expect(op('perplexity-chat-completions.txt').security).toEqual([{ bearerAuth: [] }]);
    expect(docOf('payman-create-payee.txt').components.securitySchemes).toEqual({ xPaymanApiSecret: { type: 'apiKey', in: 'header', name: 'x-payman-api-secret' } });
    expect(docOf('exa-get-a-webhook.txt').components.securitySchemes).toEqual({ xApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Your Exa API key' } });
    // `API key can be provided either via x-api-key header or Authorization header with Bearer scheme`: alternatives.
    expect(op('exa-get-contents.txt').security).toEqual([{ xApiKey: [] }, { bearerAuth: [] }]);
    // Vercel's block says `Authorization`, `Default authentication mechanism`: no word of Bearer.
    expect(docOf('vercel-create-deployment.txt').components.securitySchemes).toEqual({ authorization: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Default authentication mechanism' } });
  });
});

describe('status tabs with one expanded body', () => {
  test('Exa webhook: tabs 200 and 404, the body is 200\'s (its keys are 200\'s fields), 404 has none', () => {
    const f = 'exa-get-a-webhook.txt';
    expect(only(f)).toMatchObject({ path: '/v0/webhooks/{id}', method: 'get' });
    expect(Object.keys(op(f).responses)).toEqual(['200', '404']);
    expect(op(f).responses['404']).toEqual({ description: 'Status 404' });
    const ok = response(f, '200');
    expect(op(f).responses['200'].description).toBe('Webhook');
    expect(Object.keys(ok.properties)).toEqual(['id', 'object', 'status', 'events', 'url', 'secret', 'metadata', 'createdAt', 'updatedAt']);
    expect(ok.required).toEqual(['id', 'object', 'status', 'events', 'url', 'secret', 'createdAt', 'updatedAt']);
    expect(ok.properties.object).toEqual({ description: 'Allowed value: "webhook"', type: 'string', enum: ['webhook'], default: 'webhook' });
    expect(ok.properties.status).toMatchObject({ type: 'string', enum: ['active', 'inactive'] });
    expect(ok.properties.events).toMatchObject({ type: 'array', items: { type: 'string' }, minItems: 1 });
    expect(ok.properties.secret.anyOf).toEqual([{ type: 'string' }, { type: 'null' }]);
    expect(param(op(f), 'id')).toEqual({ name: 'id', in: 'path', description: 'The id of the webhook', required: true, schema: { type: 'string' } });
    expect(docOf(f).servers).toBeUndefined();
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('Vercel: tabs 200 … 500 with an error body that is not 200\'s: no status takes it, it is a leftover', () => {
    const f = 'vercel-create-deployment.txt';
    expect(Object.keys(op(f).responses)).toEqual(['200', '400', '401', '402', '403', '404', '409', '500']);
    for (const st of ['400', '401', '402', '403', '404', '409', '500']) expect(op(f).responses[st]).toEqual({ description: `Status ${st}` });
    const ok = response(f, '200');
    expect(op(f).responses['200'].description).toBe('The successfully created deployment');
    expect(ok.properties.error).toBeUndefined();
    expect(ok.required.slice(0, 6)).toEqual(['build', 'env', 'inspectorUrl', 'isInConcurrentBuildsQueue', 'isInSystemBuildsQueue', 'projectSettings']);
    const text = read(f);
    expect(extracted.get(f)!.leftovers).toEqual({ items: [{ line: text.split('\n').indexOf('{') + 1, kind: 'json', text: 'example JSON (6 lines) not read' }], summary: [] });
  });

  test('the body goes to the first tab only when it agrees with that status\'s fields', () => {
    // Exa's webhook panel with an error body instead: no status takes it.
    const text = read('exa-get-a-webhook.txt').replace(/Ask AI\n\{\n  "id": "<string>",[\s\S]*?\n\}\nAssistant/, 'Ask AI\n{\n  "error": "not found"\n}\nAssistant');
    const model = mintlifyText.read(text);
    const ok = model.operations[0].responses.find((r) => r.status === '200')!;
    expect(Object.keys((ok.schema as Doc).properties)).not.toContain('error');
    expect(findLeftovers(text, model.consumedLines!).items).toEqual([{ line: text.split('\n').indexOf('  "error": "not found"'), kind: 'json', text: 'example JSON (3 lines) not read' }]);
  });

  test('Exa contents: the curl sample and the 200 template before the title give the server, the request nesting and the response nesting', () => {
    const f = 'exa-get-contents.txt';
    expect(only(f)).toMatchObject({ path: '/contents', method: 'post' });
    expect(op(f)).toMatchObject({ summary: 'Get contents' });
    expect(op(f).description).toMatch(/^Get the full page contents, summaries, and metadata for a list of URLs\.\n\nReturns instant results from our cache/);
    expect(docOf(f).servers).toEqual([{ url: 'https://api.exa.ai' }]);
    expect(Object.keys(op(f).responses)).toEqual(['200']);
    expect(op(f).responses['200'].description).toBe('OK');
    const ok = response(f, '200');
    expect(ok.properties.requestId).toEqual({ description: 'Unique identifier for the request', type: 'string', examples: ['e492118ccdedcba5088bfc4357a8a125'] });
    expect(ok.properties.results.items.properties.highlightScores).toEqual({ type: 'array', items: { type: 'number' } });
    expect(Object.keys(ok.properties.costDollars.properties)).toEqual(['total', 'breakDown', 'perRequestPrices', 'perPagePrices']);
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });
});

describe('Option 1 / Option 2 tabs', () => {
  test('Payman: four body options, only the first shown: its fields, the other three open branches that say so', () => {
    const f = 'payman-create-payee.txt';
    expect(only(f)).toMatchObject({ path: '/payments/payees', method: 'post' });
    expect(op(f).requestBody.required).toBe(true);
    const schema = body(f);
    expect(schema.oneOf).toBeUndefined();
    expect(schema.anyOf.map((b: Doc) => b.title)).toEqual(['Option 1', 'Option 2', 'Option 3', 'Option 4']);
    expect(schema.anyOf[0]).toEqual({
      title: 'Option 1',
      description: 'A Test Dollar payee',
      type: 'object',
      properties: {
        type: { description: 'The type of payee Available options: TEST_RAILS', type: 'string', enum: ['TEST_RAILS'] },
        name: { description: 'The name you wish to associate with this payee for future lookups.', type: 'string' },
        tags: { description: 'Any additional labels you wish to assign to this payee', type: 'array', items: { type: 'string' } },
      },
      required: ['type', 'name'],
    });
    expect(schema.anyOf[3]).toEqual({ title: 'Option 4', description: 'Option 4: the page does not show its fields.' });
    // The JavaScript sample sends another option (`CRYPTO_ADDRESS`): an example of the body, which conforms.
    expect(media(op(f).requestBody).examples.example.value).toMatchObject({ type: 'CRYPTO_ADDRESS', address: '<string>', contactDetails: { address: { country: '<string>' } } });
  });

  test('Payman: the response, its vendor media type, the template\'s nesting, the server of the fetch sample', () => {
    const f = 'payman-create-payee.txt';
    expect(Object.keys(op(f).responses)).toEqual(['200']);
    expect(op(f).responses['200'].description).toBe('The payment was successful.');
    const ok = response(f, '200', 'application/vnd.payman.v1+json');
    expect(ok.required).toEqual(['name', 'organizationId', 'type']);
    expect(ok.properties.type.enum).toEqual(['US_ACH', 'CRYPTO_ADDRESS', 'PAYMAN_WALLET', 'TEST_RAILS']);
    expect(ok.properties.status.enum).toEqual(['ACTIVE', 'ARCHIVED', 'DELETED']);
    expect(ok.properties.createdAt).toEqual({ type: 'string' });
    expect(ok.properties.contactDetails).toMatchObject({ description: 'Contact details for this payee', type: 'object', properties: { email: { type: 'string' }, address: { type: 'object', properties: { postcode: { type: 'string' } } } } });
    expect(docOf(f).servers).toEqual([{ url: 'https://agent.payman.ai/api' }]);
    expect(op(f).description).toBe('Create a new payee (aka payee) for future payments to be sent to\n\nPayment Destination Types US_ACH - US Bank Account CRYPTO_ADDRESS - Cryptocurrency Address PAYMAN_WALLET - Payman Wallet (Coming Soon)');
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('X: `Option 1` … `Option 18` under a response field are the collapsed branches of its items', () => {
    const f = 'x-search-recent-posts.txt';
    const errors = response(f, '200').properties.errors;
    expect(errors).toMatchObject({ type: 'array', minItems: 1, items: { type: 'object' } });
    expect(errors.description).toBe('Minimum array length: 1 An HTTP Problem Details object, as defined in IETF RFC 7807 (https://tools.ietf.org/html/rfc7807).');
    expect(errors.items.anyOf).toHaveLength(18);
    expect(errors.items.anyOf[17]).toEqual({ title: 'Option 18', description: 'Option 18: the page does not show its fields.' });
    expect(response(f, '200').properties.data).toMatchObject({ type: 'array', minItems: 1, items: { type: 'object' } });
  });

  test('Vercel: options under request and response fields, titled alternatives, an array-or-null of options', () => {
    const f = 'vercel-create-deployment.txt';
    const req = body(f);
    expect(req.required).toEqual(['name']);
    expect(req.properties.gitSource.anyOf.map((b: Doc) => b.title)).toEqual(['Option 1', 'Option 2', 'Option 3', 'Option 4', 'Option 5']);
    expect(req.properties.files).toEqual({
      description: 'A list of objects with the files to be deployed',
      type: 'array',
      items: { anyOf: [{ title: 'InlinedFile', type: 'object' }, { title: 'UploadedFile', type: 'object' }] },
    });
    const routes = response(f, '200').properties.routes;
    expect(routes.anyOf[1]).toEqual({ type: 'null' });
    expect(routes.anyOf[0]).toMatchObject({ type: 'array', items: { type: 'object' } });
    expect(routes.anyOf[0].items.anyOf).toHaveLength(3);
  });
});

describe('parameters, bodies and responses: every plainly stated fact', () => {
  test('Kalshi Get Balance: the server line above the path, the query parameter, dotted children of an array', () => {
    const f = 'kalshi-get-balance.txt';
    expect(only(f)).toMatchObject({ path: '/portfolio/balance', method: 'get' });
    expect(op(f)).toMatchObject({ summary: 'Get Balance', description: 'Endpoint for getting the balance and portfolio value of a member. Both values are returned in cents.' });
    expect(docOf(f).servers).toEqual([{ url: 'https://external-api.kalshi.com/trade-api/v2' }]);
    expect(op(f).parameters).toEqual([{ name: 'subaccount', in: 'query', description: 'Subaccount number (0 for primary, 1-32 for subaccounts). Defaults to 0.', required: false, schema: { type: 'integer', default: 0 } }]);
    expect(op(f).responses['200'].description).toBe('Balance retrieved successfully');
    const ok = response(f, '200');
    expect(ok.required).toEqual(['balance', 'balance_dollars', 'portfolio_value', 'updated_ts']);
    expect(ok.properties.balance).toMatchObject({ type: 'integer', format: 'int64' });
    expect(ok.properties.balance_dollars).toEqual({ description: "Member's available balance as a fixed-point dollar string. This represents the amount available for trading.", type: 'string', examples: ['0.5600'] });
    expect(ok.properties.balance_breakdown).toMatchObject({ description: 'Balance broken down per exchange index.', type: 'array', items: { type: 'object', required: ['exchange_index', 'balance'] } });
    expect(ok.properties.balance_breakdown.items.properties.exchange_index).toMatchObject({ type: 'integer', examples: [0], default: 0 });
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('Kalshi Create Order: the body, its enums, defaults and range; 201 is the only status', () => {
    const f = 'kalshi-create-order-v2.txt';
    expect(only(f)).toMatchObject({ path: '/portfolio/events/orders', method: 'post' });
    expect(op(f).summary).toBe('Create Order (V2)');
    expect(op(f).requestBody.required).toBe(true);
    const req = body(f);
    expect(req.required).toEqual(['ticker', 'client_order_id', 'side', 'count', 'price', 'time_in_force', 'self_trade_prevention_type']);
    expect(req.properties.side.enum).toEqual(['bid', 'ask']);
    expect(req.properties.time_in_force.enum).toEqual(['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel']);
    expect(req.properties.count).toEqual({ description: 'String representation of the order quantity in contracts.', type: 'string', examples: ['10.00'] });
    expect(req.properties.subaccount).toMatchObject({ type: 'integer', minimum: 0, default: 0 });
    expect(req.properties.expiration_time).toMatchObject({ type: 'integer', format: 'int64' });
    expect(req.properties.post_only).toEqual({ type: 'boolean' });
    expect(Object.keys(op(f).responses)).toEqual(['201']);
    expect(op(f).responses['201'].description).toBe('Order created successfully');
    expect(response(f, '201').required).toEqual(['order_id', 'fill_count', 'remaining_count', 'ts_ms']);
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('Polymarket: the path as one URL line, four optional query parameters, the response and its examples', () => {
    const f = 'polymarket-get-user-orders.txt';
    expect(only(f)).toMatchObject({ path: '/orders', method: 'get' });
    expect(op(f).summary).toBe('Get user orders');
    expect(op(f).description).toMatch(/^Retrieves open orders for the authenticated user\. Returns paginated results\./);
    expect(docOf(f).servers).toEqual([{ url: 'https://clob.polymarket.com' }]);
    expect(op(f).parameters.map((p: Doc) => `${p.in}:${p.name}:${p.required}:${p.schema.type}`)).toEqual(['query:id:false:string', 'query:market:false:string', 'query:asset_id:false:string', 'query:next_cursor:false:string']);
    const ok = response(f, '200');
    expect(ok.required).toEqual(['limit', 'next_cursor', 'count', 'data']);
    expect(ok.properties.limit).toEqual({ description: 'Maximum number of results per page', type: 'integer', examples: [100] });
    expect(ok.properties.next_cursor.examples).toEqual(['MTAw']);
    expect(ok.properties.data).toEqual({ description: 'Array of open orders', type: 'array', items: { type: 'object' } });
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('X: lengths, ranges, defaults, formats, enums of array items, multi-line examples', () => {
    const f = 'x-search-recent-posts.txt';
    expect(only(f)).toMatchObject({ path: '/2/tweets/search/recent', method: 'get' });
    expect(op(f)).toMatchObject({ summary: 'Search recent Posts', description: 'Retrieves Posts from the last 7 days matching a search query.' });
    const o = op(f);
    expect(param(o, 'query')).toMatchObject({ in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 4096, examples: ['(from:TwitterDev OR from:TwitterAPI) has:media -is:retweet'] } });
    expect(param(o, 'start_time').schema).toEqual({ type: 'string', format: 'date-time' });
    expect(param(o, 'max_results').schema).toEqual({ type: 'integer', format: 'int32', minimum: 10, maximum: 100, default: 10 });
    expect(param(o, 'next_token').schema).toEqual({ type: 'string', minLength: 1 });
    expect(param(o, 'sort_order').schema).toEqual({ type: 'string', enum: ['recency', 'relevancy'] });
    const fields = param(o, 'tweet.fields').schema;
    expect(fields).toMatchObject({ type: 'array', minItems: 1, items: { type: 'string' } });
    expect(fields.items.enum).toHaveLength(31);
    expect(fields.examples[0]).toEqual(fields.items.enum);
    expect(param(o, 'place.fields').schema.items.enum).toEqual(['contained_within', 'country', 'country_code', 'full_name', 'geo', 'id', 'name', 'place_type']);
    expect(o.responses['200'].description).toBe('The request has succeeded.');
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });

  test('Exa contents: deprecated, default and enum fields of the body, examples of arrays', () => {
    const req = body('exa-get-contents.txt');
    expect(req.required).toEqual(['urls']);
    expect(req.properties.urls).toMatchObject({ type: 'array', items: { type: 'string' }, examples: [['https://arxiv.org/pdf/2307.06435']] });
    expect(req.properties.ids).toMatchObject({ type: 'array', deprecated: true });
    expect(req.properties.livecrawl).toMatchObject({ type: 'string', enum: ['never', 'fallback', 'always', 'preferred'], examples: ['always'] });
    expect(req.properties.livecrawl.default).toBeUndefined();
    expect(req.properties.livecrawlTimeout).toMatchObject({ type: 'integer', default: 10000, examples: [1000] });
    expect(req.properties.subpages).toMatchObject({ type: 'integer', default: 0, examples: [1] });
    expect(req.properties.text).toMatchObject({ type: 'boolean' });
    expect(req.properties.context).toMatchObject({ type: 'boolean', examples: [true] });
  });

  test('Vercel: the title above the method, query parameters, a field whose type the copy does not show', () => {
    const f = 'vercel-create-deployment.txt';
    expect(only(f)).toMatchObject({ path: '/v13/deployments', method: 'post' });
    expect(op(f).summary).toBe('Create a new deployment');
    expect(op(f).description).toMatch(/^Create a new deployment with all the required and intended data\./);
    expect(param(op(f), 'forceNew')).toMatchObject({ in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] } });
    expect(param(op(f), 'teamId').schema.examples).toEqual(['team_1a2b3c4d5e6f7g8h9i0j1k2l']);
    expect(body(f).properties.meta).toMatchObject({ type: 'object', examples: [{ foo: 'bar' }] });
    expect(body(f).properties.monorepoManager.anyOf).toEqual([{ type: 'string' }, { type: 'null' }]);
    const ok = response(f, '200');
    expect(ok.properties.aliasAssignedAt).toEqual({});
    expect(ok.properties.createdIn).toEqual({ type: 'string' });
    expect(ok.properties.version).toMatchObject({ type: 'number', enum: [2] });
    expect(ok.properties.gitRepo.anyOf).toHaveLength(3);
  });

  test('Perplexity: an exclusive bound, defaults, `any[]`, the nesting from the JavaScript sample, a body of type any', () => {
    const f = 'perplexity-chat-completions.txt';
    expect(only(f)).toMatchObject({ path: '/chat/completions', method: 'post' });
    expect(op(f)).toMatchObject({ summary: 'Chat Completions', description: 'Generates a model’s response for the given chat conversation.' });
    expect(docOf(f).servers).toEqual([{ url: 'https://api.perplexity.ai' }]);
    const req = body(f);
    expect(req.required).toEqual(['model', 'messages']);
    expect(req.properties.model).toMatchObject({ type: 'string', examples: ['sonar'] });
    expect(req.properties.temperature).toEqual({ description: 'The amount of randomness in the response, valued between 0 and 2. Required range: 0 <= x < 2', type: 'number', minimum: 0, exclusiveMaximum: 2, default: 0.2 });
    expect(req.properties.top_p).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 0.9 });
    expect(req.properties.search_domain_filter).toMatchObject({ type: 'array', items: {} });
    expect(req.properties.messages.items).toEqual({ type: 'object', properties: { role: { type: 'string' }, content: { type: 'string' } } });
    expect(req.properties.messages.examples[0][1]).toEqual({ role: 'user', content: 'How many stars are there in our galaxy?' });
    expect(req.properties.web_search_options).toMatchObject({ type: 'object', examples: [{ search_context_size: 'high' }] });
    expect(op(f).responses['200']).toEqual({ description: 'OK', content: { 'application/json': { schema: {} } } });
    expect(extracted.get(f)!.leftovers).toEqual({ items: [], summary: [] });
  });
});

describe('leftovers of the real Mintlify pages are honest', () => {
  test('a stated fact the reader does not take stays a leftover (a constraint line before the first entry)', () => {
    const page = read('kalshi-get-balance.txt').replace('Query Parameters\n', 'Query Parameters\nMaximum: 32\n');
    const model = detectReader(page)!.read(page);
    expect(findLeftovers(page, model.consumedLines!).items).toEqual([{ line: page.split('\n').indexOf('Maximum: 32') + 1, kind: 'constraint', text: 'Maximum: 32' }]);
  });

  test('the footer, the navigation and the links to other pages are read as no facts and list none', () => {
    for (const f of ['exa-get-a-webhook.txt', 'exa-get-contents.txt', 'perplexity-chat-completions.txt']) {
      const text = read(f);
      const model = mintlifyText.read(text);
      const descriptions = JSON.stringify(model.operations[0]);
      for (const chrome of ['Powered by Mintlify', 'Was this page helpful', 'Ask a question', 'discord', 'pip install']) expect({ f, has: descriptions.includes(chrome) }).toEqual({ f, has: false });
    }
  });
});

describe('the newer layout\'s pieces, as these pages write them', () => {
  test('glued type lines come apart into the type and its flags; one word a line still reads', () => {
    expect(splitTypeLine('stringheaderrequired')).toEqual({ type: 'string', required: true, deprecated: false, location: 'header', defaultRaw: undefined });
    expect(splitTypeLine('stringheaderdefault:NEYNAR_API_DOCSrequired')).toMatchObject({ type: 'string', location: 'header', defaultRaw: 'NEYNAR_API_DOCS', required: true });
    expect(splitTypeLine('integer<int32>default:10')).toMatchObject({ type: 'integer<int32>', defaultRaw: '10', required: false });
    expect(splitTypeLine('enum<string>requireddeprecated')).toMatchObject({ type: 'enum<string>', required: true, deprecated: true });
    expect(splitTypeLine('object[] | nullrequired')).toMatchObject({ type: 'object[] | null', required: true });
    expect(splitTypeLine('(InlinedFile · object | UploadedFile · object)[]')).toMatchObject({ type: '(InlinedFile · object | UploadedFile · object)[]' });
    expect(splitTypeLine('string')).toMatchObject({ type: 'string', required: false });
    for (const no of ['required', 'header', 'Default authentication mechanism', 'Show child attributes', 'default:10']) expect(splitTypeLine(no)).toBeUndefined();
  });

  test('the header: the title above the method (under a breadcrumb, before `Copy page`), a URL or a server line as the path', () => {
    const header = (f: string) => {
      const h = readHeader(read(f).split('\n'))!;
      return { layout: h.layout, method: h.method, path: h.path, server: h.server, title: h.title, operationId: h.operationId };
    };
    expect(header('kalshi-get-balance.txt')).toEqual({ layout: 'new', method: 'get', path: '/portfolio/balance', server: 'https://external-api.kalshi.com/trade-api/v2', title: 'Get Balance', operationId: undefined });
    expect(header('polymarket-get-user-orders.txt')).toEqual({ layout: 'new', method: 'get', path: '/orders', server: 'https://clob.polymarket.com', title: 'Get user orders', operationId: undefined });
    expect(header('x-search-recent-posts.txt')).toMatchObject({ layout: 'new', path: '/2/tweets/search/recent', title: 'Search recent Posts' });
    expect(header('exa-get-a-webhook.txt')).toMatchObject({ layout: 'new', path: '/v0/webhooks/{id}', title: 'Get a Webhook' });
    expect(header('vercel-create-deployment.txt')).toEqual({ layout: 'new', method: 'post', path: '/v13/deployments', server: undefined, title: 'Create a new deployment', operationId: 'createDeployment' });
    // The older layout: the title after the path.
    expect(readHeader(readFileSync(path.join(PAGES, 'mintlify-get-chat.txt'), 'utf8').split('\n'))).toMatchObject({ layout: 'old', path: '/api/v1/chats/{id}', title: 'Get Chat' });
  });
});
