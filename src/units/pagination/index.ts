/**
 * The pagination styles, one definition unit each (as Ajv keeps one keyword per definition): the mock's
 * list engine, the run planner and the sequence checks loop over this list. A new style is a new module
 * here. The helpers below are the loops every side shares.
 */
import type { Pagination } from '../../contracts';
import type { RequestProblem } from '../../mock/errors';
import { cursorUnit } from './cursor';
import { offsetUnit } from './offset';
import { pageUnit } from './page';
import { offsetWindow } from './position';
import { tokenUnit } from './token';
import type { PageView, PageWindow, PaginationUnit, WindowRequest } from './unit';

export type { PageAnswer, PageView, PageWindow, PaginationUnit, Query, WindowRequest } from './unit';
export { pageToken, readPageToken } from './token';

/** In plan order: boundaries and walks are planned (and recorded) in this order. */
export const PAGINATION_UNITS: readonly PaginationUnit[] = [pageUnit, offsetUnit, cursorUnit, tokenUnit];

/** The same units, in the order that decides which one positions a request giving several. */
const BY_PRECEDENCE: readonly PaginationUnit[] = [...PAGINATION_UNITS].sort((a, b) => a.precedence - b.precedence);

/** Every query parameter that positions a page (per declaration: constant, asked once per exchange). */
const positionMemo = new WeakMap<Pagination, string[]>();
export function positionParams(p: Pagination | undefined): string[] {
  if (!p) return [];
  let params = positionMemo.get(p);
  if (!params) positionMemo.set(p, (params = PAGINATION_UNITS.flatMap((u) => u.params(p))));
  return params;
}

/** The window the mock serves: the style the request positions itself in, else the first page. */
export function requestWindow(p: Pagination | undefined, req: WindowRequest): PageWindow | RequestProblem {
  if (p) {
    for (const unit of BY_PRECEDENCE) {
      const window = unit.mock.window(p, req);
      if (window !== undefined) return window;
    }
  }
  return offsetWindow(0, req);
}

/** Zero-based position of a checked page's first item among all matching items; undefined when unknown. */
export function pageStart(p: Pagination | undefined, params: Record<string, unknown>, invalid: Set<string>, limit: number | undefined): number | undefined {
  if (!p) return undefined;
  for (const unit of BY_PRECEDENCE) {
    const found = unit.checks.start(p, params, invalid, limit);
    if (found) return found.start;
  }
  return 0;
}

/** The key of the page a checked page continues (by the style that positions it), or undefined. */
export function continuationKey(page: PageView): string | undefined {
  for (const unit of BY_PRECEDENCE) {
    const key = unit.checks.continues(page);
    if (key !== undefined) return key;
  }
  return undefined;
}

/** Keys under which a page is found by the pages that continue it, in any style. */
export function successorKeys(page: PageView): string[] {
  return PAGINATION_UNITS.flatMap((u) => u.checks.successorKeys(page));
}

/** Does a page say, in some style, that the list ends with it? */
export function pageEnds(page: PageView): boolean {
  return PAGINATION_UNITS.some((u) => u.checks.ends?.(page) === true);
}
