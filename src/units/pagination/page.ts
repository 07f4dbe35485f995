/**
 * Page numbers (`page=3`, 1-based unless `x-pagination.page.base` says 0) with a page size.
 * The mock serves page n from offset (n - base) × size; a run walks n = base + 1, base + 2, ... while pages
 * come back full, and probes the first page, the last one (from the first answer's total) and one past it.
 */
import type { Pagination } from '../../contracts';
import { continuesAtStart, given, indexWalkGoesOn, offsetWindow, startSuccessorKeys } from './position';
import type { PaginationUnit } from './unit';

const base = (p: Pagination): number => p.page?.base ?? 1;

export const pageUnit: PaginationUnit = {
  style: 'page',
  precedence: 2,
  params: (p) => (p.page ? [p.page.param] : []),

  mock: {
    window(p, req) {
      if (!p.page || !given(req.query[p.page.param])) return undefined;
      const page = Number(req.query[p.page.param]);
      return offsetWindow(Math.max(0, page - base(p)) * req.size, req);
    },
  },

  plan: {
    boundaries(p, { total, pageSize }) {
      if (!p.page) return [];
      const out = [{ query: [[p.page.param, String(base(p))]] as Array<[string, string]>, step: 'boundary: first page' }];
      if (typeof total === 'number' && pageSize) {
        const last = base(p) + Math.max(0, Math.ceil(total / pageSize) - 1);
        out.push({ query: [[p.page.param, String(last)]], step: 'boundary: last page' });
        out.push({ query: [[p.page.param, String(last + 1)]], step: 'boundary: one page past the last' });
      }
      return out;
    },
    walk: {
      label: 'pagination walk',
      next(p, prev, page, pageSize) {
        if (!p.page || !pageSize || !indexWalkGoesOn(p, prev, page, pageSize)) return undefined;
        return [[p.page.param, String(base(p) + page - 1)]];
      },
    },
  },

  estimate: {
    walk: (p, pages, pageSize) => (p.page && pageSize ? Math.max(0, pages - 1) : 0),
    boundaries: (p, pageSize) => (p.page && p.total && pageSize ? 2 : 0),
  },

  checks: {
    start(p, params, invalid, limit) {
      if (!p.page) return undefined;
      if (invalid.has(p.page.param)) return { start: undefined };
      const page = params[p.page.param];
      if (page === undefined) return undefined;
      return { start: limit === undefined ? undefined : ((page as number) - base(p)) * limit };
    },
    continues: (page) => (page.pagination?.page && page.params[page.pagination.page.param] !== undefined ? continuesAtStart(page) : undefined),
    successorKeys: startSuccessorKeys,
  },
};
