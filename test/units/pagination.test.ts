import type { Pagination } from '../../src/contracts';
import { continuationKey, PAGINATION_UNITS, pageStart, pageToken, positionParams, readPageToken, requestWindow, successorKeys, type PageView, type WindowRequest } from '../../src/units/pagination';

/** One declaration with every style, as a list operation could declare them. */
const ALL: Pagination = {
  styles: ['page', 'offset', 'cursor', 'token'],
  page: { param: 'page' },
  offset: { param: 'offset' },
  cursor: { after: 'after', before: 'before', idField: '/id' },
  token: { param: 'page_token', next: '/next_page_token' },
  limit: { param: 'limit', default: 10, max: 50 },
  items: '/items',
  total: '/total',
};

const ids = Array.from({ length: 25 }, (_, i) => `i${i}`);
function request(query: Record<string, unknown>, queryKey = 'k'): WindowRequest {
  return { query, size: 10, total: ids.length, position: (id) => (ids.includes(id) ? ids.indexOf(id) : undefined), rank: (pos) => pos, queryKey };
}

function view(over: Partial<PageView>): PageView {
  return { pagination: ALL, params: {}, items: [], body: {}, start: 0, limit: 10, ...over };
}

describe('pagination units', () => {
  it('one unit per style of the vocabulary, each with its own precedence', () => {
    expect(PAGINATION_UNITS.map((u) => u.style).sort()).toEqual(['cursor', 'offset', 'page', 'token']);
    expect(new Set(PAGINATION_UNITS.map((u) => u.precedence)).size).toBe(PAGINATION_UNITS.length);
    expect(positionParams(ALL).sort()).toEqual(['after', 'before', 'offset', 'page', 'page_token']);
  });

  it('the mock serves the window each style asks for; no position is the first page', () => {
    expect(requestWindow(ALL, request({}))).toEqual({ start: 0, end: 10, hasMore: true });
    expect(requestWindow(ALL, request({ page: 3 }))).toEqual({ start: 20, end: 25, hasMore: false });
    expect(requestWindow(ALL, request({ offset: 5 }))).toEqual({ start: 5, end: 15, hasMore: true });
    expect(requestWindow(ALL, request({ after: 'i9' }))).toEqual({ start: 10, end: 20, hasMore: true });
    expect(requestWindow(ALL, request({ before: 'i10' }))).toEqual({ start: 0, end: 10, hasMore: false });
    expect(requestWindow(ALL, request({ page_token: pageToken(20, 'k') }))).toEqual({ start: 20, end: 25, hasMore: false });
    // A cursor or a token says more than an index: it wins when a request gives several.
    expect(requestWindow(ALL, request({ page: 2, after: 'i0' }))).toMatchObject({ start: 1 });
    expect(requestWindow(ALL, request({ page: 2, page_token: pageToken(3, 'k') }))).toMatchObject({ start: 3 });
  });

  it('the mock refuses a cursor naming nothing and a token issued for another order or filter', () => {
    expect(requestWindow(ALL, request({ after: 'nope' }))).toMatchObject({ name: 'after', keyword: 'cursor' });
    expect(requestWindow(ALL, request({ page_token: pageToken(20, 'other') }))).toMatchObject({ name: 'page_token', keyword: 'cursor' });
    expect(readPageToken('not-a-token', 'k')).toBeUndefined();
  });

  it('the checks read where a page starts, by the style that positions it', () => {
    const none = new Set<string>();
    expect(pageStart(ALL, {}, none, 10)).toBe(0);
    expect(pageStart(ALL, { page: 3 }, none, 10)).toBe(20);
    expect(pageStart(ALL, { page: 3 }, none, undefined)).toBeUndefined();
    expect(pageStart(ALL, { offset: 7 }, none, 10)).toBe(7);
    expect(pageStart(ALL, { after: 'i3' }, none, 10)).toBeUndefined();
    expect(pageStart(ALL, { page_token: 'abc' }, none, 10)).toBeUndefined();
    expect(pageStart(ALL, {}, new Set(['offset']), 10)).toBeUndefined();
  });

  it('the checks chain pages: by the end of the last page, its last item, or the token it handed out', () => {
    const first = view({ items: [{ id: 'i8' }, { id: 'i9' }], start: 8, body: { next_page_token: 'T2' } });
    const keys = successorKeys(first);
    expect(keys).toEqual(expect.arrayContaining(['start:10:10', 'after:i9', 'token:T2']));
    expect(keys).toContain(continuationKey(view({ params: { offset: 10 }, start: 10 })));
    expect(keys).toContain(continuationKey(view({ params: { after: 'i9' }, start: undefined })));
    expect(keys).toContain(continuationKey(view({ params: { page_token: 'T2' }, start: undefined })));
    // The last page hands out no token: nothing continues it by token.
    expect(successorKeys(view({ items: [{ id: 'i24' }], start: 24, body: { next_page_token: '' } }))).not.toContainEqual(expect.stringMatching(/^token:/));
  });
});
