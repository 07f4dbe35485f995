/**
 * Cursors by item id (`after=<id>`, `before=<id>`): the page of items right after (or before) the named
 * item in the requested order. A run walks by the last item's id of each page, then asks for the page
 * before page 2's first item; the checks chain a page to the one whose last item it names.
 */
import { getByPointer } from '../../contracts';
import type { PaginationUnit } from './unit';

export const cursorUnit: PaginationUnit = {
  style: 'cursor',
  precedence: 0,
  params: (p) => [p.cursor?.before, p.cursor?.after].filter((x): x is string => !!x),

  mock: {
    window(p, req) {
      const cursor = p.cursor;
      if (!cursor) return undefined;
      const after = cursor.after ? req.query[cursor.after] : undefined;
      const before = cursor.before ? req.query[cursor.before] : undefined;
      if (typeof after !== 'string' && typeof before !== 'string') return undefined;
      const [param, id] = typeof after === 'string' ? [cursor.after!, after] : [cursor.before!, before as string];
      const pos = req.position(id);
      if (pos === undefined) return { in: 'query', name: param, keyword: 'cursor', message: 'names no item of this collection', params: {}, value: id };
      if (typeof after === 'string') {
        const start = req.rank(pos + 1);
        const end = Math.min(req.total, start + req.size);
        return { start, end, hasMore: end < req.total };
      }
      const end = req.rank(pos);
      const start = Math.max(0, end - req.size);
      return { start, end, hasMore: start > 0 };
    },
  },

  plan: {
    walk: {
      label: 'cursor walk',
      next(p, prev, _page, pageSize) {
        const items = prev.items;
        if (!p.cursor?.after || items.length === 0 || (pageSize && items.length < pageSize)) return undefined;
        if (p.hasMore && getByPointer(prev.body, p.hasMore) === false) return undefined;
        const lastId = getByPointer(items[items.length - 1], p.cursor.idField);
        return lastId === undefined ? undefined : [[p.cursor.after, String(lastId)]];
      },
      then(p, pages) {
        // And back: the page before the second page's first item.
        const first = pages[1]?.items[0];
        const id = first === undefined || !p.cursor ? undefined : getByPointer(first, p.cursor.idField);
        return p.cursor?.before && id !== undefined ? { query: [[p.cursor.before, String(id)]], step: 'cursor: the page before page 2' } : undefined;
      },
    },
    sample(p, param, pool) {
      if (!p.cursor || (param !== p.cursor.after && param !== p.cursor.before)) return undefined;
      const id = pool.length ? getByPointer(pool[0], p.cursor.idField) : undefined;
      return id === undefined ? undefined : String(id);
    },
  },

  estimate: {
    walk: (p, pages) => (p.cursor?.after ? Math.max(0, pages - 1) + (p.cursor.before && pages > 1 ? 1 : 0) : 0),
  },

  checks: {
    start: (p, params) => (p.cursor && [p.cursor.before, p.cursor.after].some((c) => c && params[c] !== undefined) ? { start: undefined } : undefined),
    continues(page) {
      const after = page.pagination?.cursor?.after;
      return after && page.params[after] !== undefined ? `after:${String(page.params[after])}` : undefined;
    },
    successorKeys(page) {
      const cursor = page.pagination?.cursor;
      const items = page.items;
      // A `before` page ends where an earlier page began: nothing continues after it by its last item.
      if (!cursor?.after || !items?.length || (cursor.before && page.params[cursor.before] !== undefined)) return [];
      const lastId = getByPointer(items[items.length - 1], cursor.idField);
      return lastId === undefined ? [] : [`after:${String(lastId)}`];
    },
  },
};
