/**
 * Reading and writing form bodies (src/contracts/form-body.ts, through Operation): text coerced by the
 * body schema as query values are, repeated names as arrays, bracketed names nested, JSON text for object
 * properties, multipart parts (a JSON part as its value); and what the run writes reads back the same.
 */
import { contractsFromDocuments, encodeForm } from '../../src/contracts';

const doc = {
  openapi: '3.1.0',
  info: { title: 'forms', version: '1' },
  'x-api': 'forms',
  components: {
    schemas: {
      Category: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
      Pet: {
        allOf: [
          { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
          {
            type: 'object',
            properties: {
              price: { type: 'number' },
              vaccinated: { type: 'boolean' },
              nickname: { type: ['string', 'null'] },
              photoUrls: { type: 'array', items: { type: 'string' } },
              ages: { type: 'array', items: { type: 'integer' } },
              category: { $ref: '#/components/schemas/Category' },
              tags: { type: 'array', items: { $ref: '#/components/schemas/Category' } },
            },
          },
        ],
      },
    },
  },
  paths: {
    '/pets': {
      post: {
        operationId: 'addPet',
        requestBody: {
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Pet' } },
            'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Pet' } },
            'multipart/form-data': { schema: { type: 'object', properties: { label: { type: 'string' }, count: { type: 'integer' }, meta: { type: 'object' } } } },
          },
        },
        responses: { '200': { description: 'OK' } },
      },
    },
  },
};
const op = contractsFromDocuments([doc]).operation('addPet', 'forms')!;
const FORM = 'application/x-www-form-urlencoded';

describe('form bodies', () => {
  it('the JSON schema stays the default; a form is held to its own media type\'s schema', () => {
    expect(op.requestBody?.mediaType).toBe('application/json');
    expect(op.validateRequestBody({ label: 1 }, 'multipart/form-data').map((v) => v.pointer)).toEqual(['/label']);
    expect(op.validateRequestBody({ label: 1 })).toEqual([]);
  });

  it('a urlencoded form is coerced by its schema, through $ref and allOf', () => {
    const text = 'id=7&name=Rex+the+dog&price=9.5&vaccinated=true&nickname=null&photoUrls=http%3A%2F%2Fa%2F1&photoUrls=http%3A%2F%2Fa%2F2&ages=1&ages=2&category=%7B%22id%22%3A1%2C%22name%22%3A%22Dogs%22%7D&tags[0][id]=3&tags[0][name]=good&extra=5';
    expect(op.decodeFormBody(text, `${FORM}; charset=utf-8`)).toEqual({
      id: 7,
      name: 'Rex the dog',
      price: 9.5,
      vaccinated: true,
      // As for a query value: where the schema takes a string, the text `null` is that string.
      nickname: 'null',
      photoUrls: ['http://a/1', 'http://a/2'],
      ages: [1, 2],
      category: { id: 1, name: 'Dogs' },
      tags: [{ id: 3, name: 'good' }],
      extra: '5',
    });
    // One value of an array field is a one-element array; bracketed objects nest; a scalar sent twice
    // stays a list (the schema refuses it); what is not the type stays text.
    expect(op.decodeFormBody('photoUrls=x&category[id]=2&category[name]=Cats&id=1&id=2&price=cheap', FORM)).toEqual({ photoUrls: ['x'], category: { id: 2, name: 'Cats' }, id: [1, 2], price: 'cheap' });
    expect(op.validateRequestBody(op.decodeFormBody('id=1&id=2&price=cheap', FORM), FORM).map((v) => v.pointer).sort()).toEqual(['/id', '/price']);
    expect(op.decodeFormBody('a=1', 'application/json')).toBeUndefined();
  });

  it('a multipart form: plain parts coerced, a JSON part as its value; no boundary, no body', () => {
    const b = 'XyZ';
    const text = [`--${b}`, 'Content-Disposition: form-data; name="label"', '', 'two words', `--${b}`, 'Content-Disposition: form-data; name="count"', '', '12', `--${b}`, 'Content-Disposition: form-data; name="meta"', 'Content-Type: application/json', '', '{"a":[1]}', `--${b}--`, ''].join('\r\n');
    expect(op.decodeFormBody(text, `multipart/form-data; boundary=${b}`)).toEqual({ label: 'two words', count: 12, meta: { a: [1] } });
    expect(op.decodeFormBody(text, 'multipart/form-data')).toBeUndefined();
  });

  it('what a run writes as a form reads back as the body it built', () => {
    const body = { id: 7, name: 'Rex & co', vaccinated: false, photoUrls: ['a', 'b'], category: { id: 1, name: 'Dogs' }, tags: [{ id: 3, name: 'good' }], nickname: null };
    const form = encodeForm(body, FORM);
    expect(form.contentType).toBe(FORM);
    const { nickname: _left, ...sent } = body;
    expect(op.decodeFormBody(form.text, form.contentType)).toEqual(sent);
    const parts = encodeForm({ label: 'x y', count: 3, meta: { a: 1 } }, 'multipart/form-data');
    expect(parts.contentType).toMatch(/^multipart\/form-data; boundary=contract-mock-/);
    expect(op.decodeFormBody(parts.text, parts.contentType)).toEqual({ label: 'x y', count: 3, meta: { a: 1 } });
  });
});
