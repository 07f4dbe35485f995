/**
 * What the styles that position a page by its index among the matching items (page numbers, offsets,
 * opaque tokens that stand for an offset) share: the window from an offset, and how the checks chain
 * pages by where one ended and the next starts (whichever parameter said it).
 */
import { getByPointer, type Pagination } from '../../contracts';
import type { PageAnswer, PageView, PageWindow, WindowRequest } from './unit';

/** The window that starts at `offset`: clamped to the list, one page long. */
export function offsetWindow(offset: number, req: Pick<WindowRequest, 'size' | 'total'>): PageWindow {
  const start = Math.min(Math.max(0, offset), req.total);
  const end = Math.min(req.total, start + req.size);
  return { start, end, hasMore: end < req.total };
}

function startKey(limit: number | undefined, start: number): string {
  return `start:${limit}:${start}`;
}

/** The key of the page that ended where this one starts (a page at 0 continues nothing). */
export function continuesAtStart(page: PageView): string | undefined {
  return page.start !== undefined && page.start > 0 ? startKey(page.limit, page.start) : undefined;
}

/** The key a page of the same size starting right after this one looks up. */
export function startSuccessorKeys(page: PageView): string[] {
  return page.start !== undefined && page.items ? [startKey(page.limit, page.start + page.items.length)] : [];
}

/** Is a query value given (an empty value counts as not given, as servers test it)? */
export function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Does a page after `prev` (which would be page `page` of a walk by index) hold items? Not after a short
 * page, nor when the page says nothing follows and its total is covered by the pages so far.
 */
export function indexWalkGoesOn(p: Pagination, prev: PageAnswer, page: number, pageSize: number): boolean {
  if (prev.items.length < pageSize) return false;
  const hasMore = p.hasMore ? getByPointer(prev.body, p.hasMore) : undefined;
  const total = p.total ? getByPointer(prev.body, p.total) : undefined;
  return !(hasMore === false && typeof total === 'number' && total <= (page - 1) * pageSize);
}
