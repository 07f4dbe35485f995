/**
 * Opaque page tokens (`page_token=…` with the response's `next_page_token`, Google-style): each page
 * hands out the token of the next one, empty on the last page. The mock's tokens stand for an offset
 * and are valid only for the order and filters they were issued for (as such servers refuse a token
 * whose other parameters changed); a run walks by following them; the checks chain a page to the one
 * whose token it sends.
 */
import { getByPointer, type Pagination } from '../../contracts';
import { offsetWindow } from './position';
import type { PageView, PaginationUnit } from './unit';

/** A short stable hash (FNV-1a), to tie a token to the query it was issued for. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** An opaque page token for an offset: base64url of the offset and the query's hash. */
export function pageToken(offset: number, queryKey: string): string {
  return Buffer.from(`${offset}.${fnv(queryKey)}`).toString('base64url');
}

/** The offset a page token stands for, or undefined when this list did not issue it for this query. */
export function readPageToken(token: string, queryKey: string): number | undefined {
  const m = /^(\d{1,12})\.([0-9a-z]+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m && m[2] === fnv(queryKey) ? Number(m[1]) : undefined;
}

/** A non-empty string, or undefined. */
function tokenValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The token a page hands out for the next one. */
function nextToken(p: Pagination | undefined, body: unknown): string | undefined {
  return p?.token ? tokenValue(getByPointer(body, p.token.next)) : undefined;
}

const sent = (page: PageView): string | undefined => (page.pagination?.token ? tokenValue(page.params[page.pagination.token.param]) : undefined);

export const tokenUnit: PaginationUnit = {
  style: 'token',
  precedence: 1,
  params: (p) => (p.token ? [p.token.param] : []),

  mock: {
    window(p, req) {
      const token = p.token && tokenValue(req.query[p.token.param]);
      if (!token) return undefined;
      const offset = readPageToken(token, req.queryKey);
      if (offset === undefined) {
        return { in: 'query', name: p.token!.param, keyword: 'cursor', message: 'is not a page token this list issued (or the order or filters changed)', params: {}, value: token };
      }
      return offsetWindow(offset, req);
    },
    responseField: (p) => p.token && { pointer: p.token.next, json: (w, queryKey) => JSON.stringify(w.hasMore ? pageToken(w.end, queryKey) : '') },
  },

  plan: {
    walk: {
      label: 'token walk',
      next(p, prev) {
        const token = prev.items.length > 0 ? nextToken(p, prev.body) : undefined;
        return token === undefined ? undefined : [[p.token!.param, token]];
      },
    },
  },

  estimate: {
    walk: (p, pages) => (p.token ? Math.max(0, pages - 1) : 0),
  },

  checks: {
    start: (p, params) => (p.token && tokenValue(params[p.token.param]) !== undefined ? { start: undefined } : undefined),
    continues: (page) => {
      const token = sent(page);
      return token === undefined ? undefined : `token:${token}`;
    },
    successorKeys: (page) => {
      const token = nextToken(page.pagination, page.body);
      return token === undefined ? [] : [`token:${token}`];
    },
    ends: (page) => !!page.pagination?.token && nextToken(page.pagination, page.body) === undefined,
  },
};
