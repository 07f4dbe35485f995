/**
 * Issue 11, the patterns left open: Mintlify pages with several status tabs (the labels first, then one
 * panel per tab), `Option 1` / `Option 2` tabs (a `oneOf`), `Example:` lines (the field's `examples`, not
 * its description), and security requirements whose schemes must all hold (one requirement object), in
 * every reader that emits security.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { extractPage } from '../../src/extract';
import { buildDocument } from '../../src/extract/builder';
import { detectReader } from '../../src/extract/readers';
import { credentialsTogether } from '../../src/extract/text';
import type { OperationModel, PageModel } from '../../src/extract/model';
import { SchemaCompiler } from '../../src/contracts/schema-compiler';
import { CONTRACTS, PAGES, validateOpenApi } from './helpers';

type Doc = Record<string, any>;

const TRANSFER = path.join(PAGES, 'unseen', 'mintlify-create-transfer.txt');
const doc = extractPage(TRANSFER, CONTRACTS).document as Doc;
const op = doc.paths['/v2/transfers'].post as Doc;
const json = (media: Doc | undefined) => media?.content?.['application/json'];

describe('Mintlify status tabs, Option tabs and Example: lines (create transfer)', () => {
  test('valid OpenAPI 3.1 whose schemas compile', () => {
    expect(validateOpenApi([doc])[0]).toMatchObject({ valid: true, version: '3.1' });
    const compiler = new SchemaCompiler();
    compiler.addDocument('urn:test:transfer', doc);
    expect(() => compiler.compilePointer('urn:test:transfer', '/paths/~1v2~1transfers/post/requestBody/content/application~1json/schema')).not.toThrow();
  });

  test('the tabs 200 400 429, then one panel each: every status gets its own description and fields', () => {
    expect(Object.keys(op.responses)).toEqual(['200', '400', '429']);
    expect(op.responses['200'].description).toBe('The transfer was accepted.');
    expect(op.responses['400'].description).toBe('The body is invalid.');
    expect(op.responses['429'].description).toBe('Too many requests.');
    expect(Object.keys(json(op.responses['200']).schema.properties)).toEqual(['id', 'status', 'amount']);
    expect(json(op.responses['200']).schema.required).toEqual(['id']);
    expect(json(op.responses['400']).schema).toEqual({ type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } }, required: ['error'] });
    expect(json(op.responses['429']).schema.properties.retry_after).toEqual({ description: 'Seconds to wait before retrying.', type: 'integer' });
  });

  test('the response panel above: one JSON body per tab label, in order, gives each status its shape', () => {
    const text = readFileSync(TRANSFER, 'utf8').replace(/\nResponse\n[\s\S]*$/, '\n');
    const model = detectReader(text)!.read(text) as PageModel;
    const shapes = Object.fromEntries(model.operations[0].responses.map((r) => [r.status, Object.keys((r.schema?.properties ?? {}) as object)]));
    expect(shapes).toEqual({ 200: ['id', 'status', 'amount'], 400: ['error', 'message'], 429: ['error', 'message', 'retry_after'] });
  });

  test('Option 1 / Option 2 are the branches of a oneOf, each with its description, fields and required', () => {
    const body = json(op.requestBody).schema;
    expect(op.requestBody.required).toBe(true);
    expect(body.oneOf).toHaveLength(2);
    const [bank, wallet] = body.oneOf;
    expect(bank).toMatchObject({ title: 'Option 1', description: 'A transfer to a bank account', type: 'object', required: ['type', 'amount', 'account_number', 'routing_number'] });
    expect(bank.properties.type.enum).toEqual(['BANK_ACCOUNT']);
    expect(bank.properties.routing_number).toEqual({ type: 'string' });
    expect(wallet).toMatchObject({ title: 'Option 2', description: 'A transfer to a crypto wallet', required: ['type', 'amount', 'address'] });
    expect(Object.keys(wallet.properties)).toEqual(['type', 'amount', 'address', 'chain']);
    expect(wallet.properties.chain).toMatchObject({ enum: ['ethereum', 'polygon'], default: 'ethereum' });
  });

  test('an option whose fields the page does not show is an open branch that says so (anyOf)', () => {
    const text = readFileSync(TRANSFER, 'utf8').replace('Option 2\nA transfer', 'Option 2\nOption 3\nA transfer');
    const model = detectReader(text)!.read(text) as PageModel;
    const body = model.operations[0].requestBody!.schema as Doc;
    expect(body.oneOf).toBeUndefined();
    expect(body.anyOf.map((b: Doc) => b.title)).toEqual(['Option 1', 'Option 2', 'Option 3']);
    expect(body.anyOf[2]).toEqual({ title: 'Option 3', description: 'Option 3: the page does not show its fields.' });
  });

  test('Example: values are examples (JSON on the next line), never part of the description', () => {
    const [bank, wallet] = json(op.requestBody).schema.oneOf;
    expect(bank.properties.amount).toEqual({ description: 'Amount in cents. Required range: x >= 1', type: 'integer', examples: [1250], minimum: 1 });
    expect(bank.properties.account_number).toEqual({ type: 'string', examples: ['000123456789'] });
    expect(wallet.properties.address).toEqual({ description: 'Wallet address.', type: 'string', examples: ['0x52908400098527886E0F7030069857D2E4169EE7'] });
    expect(json(op.responses['200']).schema.properties.id).toEqual({ description: 'Transfer identifier.', type: 'string', examples: ['tr_8f3a'] });
    expect(JSON.stringify(doc)).not.toMatch(/Example:/);
  });

  test('create message (changed on purpose): the Example: value leaves the description; the 422 tab is a documented status', () => {
    const d = extractPage(path.join(PAGES, 'unseen', 'mintlify-create-message.txt'), CONTRACTS).document as Doc;
    const o = d.paths['/api/v1/chats/{chat_id}/messages'].post;
    expect(json(o.requestBody).schema.properties.model).toEqual({ description: 'Identifier of the model that answers, as returned by List Models.', type: 'string', examples: ['llama3.1:8b'] });
    expect(Object.keys(o.responses)).toEqual(['200', '422']);
    expect(o.responses['422']).toEqual({ description: 'Status 422' });
  });

  test('two credentials in the Authorizations block, each required: one requirement with both', () => {
    expect(op.security).toEqual([{ xApiKey: [], xApiSecret: [] }]);
    expect(doc.components.securitySchemes).toEqual({
      xApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Your API key.' },
      xApiSecret: { type: 'apiKey', in: 'header', name: 'x-api-secret', description: 'Your API secret.' },
    });
  });
});

describe('security requirements whose schemes must all hold', () => {
  test('prose: "requires both ... and ...", "Both headers are required"; alternatives stay alternatives', () => {
    expect(credentialsTogether('Every request requires both an API key and a bearer token.')).toBe(true);
    expect(credentialsTogether('Send the `X-Api-Key` and `X-Api-Secret` headers. Both headers are required.')).toBe(true);
    expect(credentialsTogether('You must include both the X-Client-Id and X-Client-Secret headers with every request.')).toBe(true);
    expect(credentialsTogether('Authenticate with an API key or a bearer token.')).toBe(false);
    expect(credentialsTogether('Returns both the name and id of the key.')).toBe(false);
    expect(credentialsTogether('Both fields are required.')).toBe(false);
  });

  test('Markdown: a page that requires both an API key header and a bearer token (GitLab freeze periods, with one sentence added)', () => {
    const page = readFileSync(path.join(PAGES, 'unseen', 'real', 'gitlab-freeze-periods.md'), 'utf8');
    const security = (text: string) => {
      const built = buildDocument({ name: 'g', title: 'G' }, [{ page: 'g.md', model: detectReader(text)!.read(text) }]) as Doc;
      return built.paths['/projects/{id}/freeze_periods'].get.security;
    };
    const at = page.indexOf('\n## ');
    const both = page.slice(0, at) + '\n\nEvery request requires both the `PRIVATE-TOKEN` header and an `Authorization: Bearer <token>` header.\n' + page.slice(at);
    expect(security(both)).toEqual([{ bearerAuth: [], privateToken: [] }]);
    const either = both.replace('requires both the `PRIVATE-TOKEN` header and', 'takes the `PRIVATE-TOKEN` header or');
    expect(security(either)).toEqual([{ bearerAuth: [] }, { privateToken: [] }]);
  });

  const opModel = (o: Partial<OperationModel>): PageModel => ({
    style: 'test', title: 't', components: {}, servers: [],
    operations: [{ method: 'get', path: '/x', summary: 'Get X', parameters: [], responses: [{ status: '200', description: 'OK', examples: [] }], security: [], scopes: [], section: 't', ...o }],
  });

  test('builder: two credential header parameters, each required, are one requirement; optional ones stay alternatives', () => {
    const header = (name: string, required: boolean) => ({ name, in: 'header' as const, required, schema: { type: 'string' } });
    const both = buildDocument({ name: 'x', title: 'X' }, [{ page: 'x', model: opModel({ parameters: [header('X-Auth-Token', true), header('X-Api-Key', true)] }) }]) as Doc;
    expect(both.paths['/x'].get.security).toEqual([{ xAuthToken: [], xApiKey: [] }]);
    const either = buildDocument({ name: 'x', title: 'X' }, [{ page: 'x', model: opModel({ parameters: [header('X-Auth-Token', false), header('X-Api-Key', false)] }) }]) as Doc;
    expect(either.paths['/x'].get.security).toEqual([{ xAuthToken: [] }, { xApiKey: [] }]);
  });

  test('docusaurus: an api: front matter requirement with two schemes stays one requirement', () => {
    const page = readFileSync(path.join(PAGES, 'unseen', 'docusaurus-create-index.mdx'), 'utf8');
    const blob = /^api:\s*(\S+)\s*$/m.exec(page)![1];
    const api = JSON.parse(inflateSync(Buffer.from(blob, 'base64')).toString('utf8'));
    api.securitySchemes = { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, Bearer: { type: 'http', scheme: 'bearer' }, Basic: { type: 'http', scheme: 'basic' } };
    api.security = [{ ApiKeyAuth: [], Bearer: [] }, { Basic: [] }];
    const text = page.replace(blob, deflateSync(Buffer.from(JSON.stringify(api))).toString('base64'));
    const model = detectReader(text)!.read(text);
    const built = buildDocument({ name: 'd', title: 'D' }, [{ page: 'd.mdx', model }]) as Doc;
    const [o] = Object.values<Doc>(built.paths).flatMap((item) => Object.values<Doc>(item));
    expect(o.security).toEqual([{ xApiKey: [], bearerAuth: [] }, { Basic: [] }]);
  });
});
