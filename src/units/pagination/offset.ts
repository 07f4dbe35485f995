/**
 * Offsets (`offset=20`, `skip=20`): how many matching items to skip, with a page size. A run walks
 * offsets size, 2 × size, ... while pages come back full, and probes offset 0, the last page's offset
 * (from the first answer's total) and an offset past the last item.
 */
import { continuesAtStart, given, indexWalkGoesOn, offsetWindow, startSuccessorKeys } from './position';
import type { PaginationUnit } from './unit';

export const offsetUnit: PaginationUnit = {
  style: 'offset',
  precedence: 3,
  params: (p) => (p.offset ? [p.offset.param] : []),

  mock: {
    window(p, req) {
      if (!p.offset || !given(req.query[p.offset.param])) return undefined;
      return offsetWindow(Number(req.query[p.offset.param]), req);
    },
  },

  plan: {
    boundaries(p, { total, pageSize }) {
      if (!p.offset) return [];
      const out = [{ query: [[p.offset.param, '0']] as Array<[string, string]>, step: 'boundary: first page' }];
      if (typeof total === 'number' && pageSize) {
        const last = Math.max(0, Math.floor((total - 1) / pageSize) * pageSize);
        out.push({ query: [[p.offset.param, String(last)]], step: 'boundary: last page' });
        out.push({ query: [[p.offset.param, String(Math.max(total, last + pageSize))]], step: 'boundary: offset past the last item' });
      }
      return out;
    },
    walk: {
      label: 'pagination walk',
      next(p, prev, page, pageSize) {
        if (!p.offset || !pageSize || !indexWalkGoesOn(p, prev, page, pageSize)) return undefined;
        return [[p.offset.param, String((page - 1) * pageSize)]];
      },
    },
  },

  estimate: {
    walk: (p, pages, pageSize) => (p.offset && pageSize ? Math.max(0, pages - 1) : 0),
    boundaries: (p, pageSize) => (p.offset && p.total && pageSize ? 2 : 0),
  },

  checks: {
    start(p, params, invalid) {
      if (!p.offset) return undefined;
      if (invalid.has(p.offset.param)) return { start: undefined };
      const offset = params[p.offset.param];
      return offset === undefined ? undefined : { start: offset as number };
    },
    continues: (page) => (page.pagination?.offset && page.params[page.pagination.offset.param] !== undefined ? continuesAtStart(page) : undefined),
    successorKeys: startSuccessorKeys,
  },
};
