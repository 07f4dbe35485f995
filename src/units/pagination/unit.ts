/**
 * What one pagination style (`x-pagination.styles`) is, in one place: how the mock serves a request in
 * that style, how a contract run walks and probes it, and how the checks tell its pages and walks apart.
 * One module per style (page.ts, offset.ts, cursor.ts, token.ts), listed in index.ts; the mock's list
 * engine, the planner and the sequence checks loop over the list, so that a new style is one file.
 */
import type { Pagination } from '../../contracts';
import type { RequestProblem } from '../../mock/errors';

/** Query parameters of a planned request, in order. */
export type Query = Array<[string, string]>;

/** The part of the matching items a response serves: positions [start, end), and whether more follow. */
export interface PageWindow {
  start: number;
  end: number;
  hasMore: boolean;
}

/** What the mock knows when it picks the window of a request. */
export interface WindowRequest {
  /** Query values, coerced by their schemas. */
  query: Record<string, unknown>;
  /** Page size asked for (or the default / fixed size). */
  size: number;
  /** Matching items. */
  total: number;
  /** Position in the sorted view of the item with this id (undefined: no such item). */
  position(id: string): number | undefined;
  /** How many matching items come before view position `pos`. */
  rank(pos: number): number;
  /** The order and filters asked for: what a page token stays valid for. */
  queryKey: string;
}

/** One page the planner has seen: its items (empty unless a success) and its parsed body. */
export interface PageAnswer {
  items: unknown[];
  body: unknown;
}

/** What the checks know of one list page (CheckContext has these). */
export interface PageView {
  readonly pagination: Pagination | undefined;
  /** Query values coerced by their schemas (invalid ones absent). */
  readonly params: Record<string, unknown>;
  readonly items: unknown[] | undefined;
  readonly body: unknown;
  readonly start: number | undefined;
  readonly limit: number | undefined;
}

export interface PaginationUnit {
  /** The `x-pagination.styles` entry. */
  style: NonNullable<Pagination['styles']>[number];
  /**
   * Which style positions a request that gives parameters of several (lowest first): an item's id or a
   * token says more than an index.
   */
  precedence: number;

  /** The query parameters that position a page in this style (not filters: a walk's pages differ only in them). */
  params(p: Pagination): string[];

  mock: {
    /**
     * The window of a request that positions itself in this style, a problem when its position names
     * nothing this list issued, or undefined when the request does not use this style.
     */
    window(p: Pagination, req: WindowRequest): PageWindow | RequestProblem | undefined;
    /** A response field this style fills for every page (the next page's token), or undefined. */
    responseField?(p: Pagination): { pointer: string; json(window: PageWindow, queryKey: string): string } | undefined;
  };

  plan: {
    /** Requests at this style's edges (first page; with the first answer's total, the last page and one past it). */
    boundaries?(p: Pagination, known: { total?: number; pageSize?: number }): Array<{ query: Query; step: string }>;
    /** The pagination walk from the default request. */
    walk?: {
      /** Step label: `pagination walk`, `cursor walk`, `token walk` (`: page N` follows). */
      label: string;
      /** The query of page `page` (from 2) after the page `prev`, or undefined when the walk ends there. */
      next(p: Pagination, prev: PageAnswer, page: number, pageSize: number | undefined): Query | undefined;
      /** One more request once the walk is done (the cursor style: the page before page 2). */
      then?(p: Pagination, pages: PageAnswer[]): { query: Query; step: string } | undefined;
    };
    /** A valid value of one of this style's parameters, from listed items (for combinations), or undefined. */
    sample?(p: Pagination, param: string, pool: unknown[]): string | undefined;
  };

  /** Most requests the plan sends for this style beyond what a dry run counts (see run/estimate.ts). */
  estimate: {
    /** The walk's requests when the list has `pages` pages (capped at max pages by the caller). */
    walk(p: Pagination, pages: number, pageSize: number | undefined): number;
    /** Boundary requests that need the first answer (the last page and one past it). */
    boundaries?(p: Pagination, pageSize: number | undefined): number;
  };

  checks: {
    /**
     * The zero-based position of the page's first item when the request positions it in this style
     * (`{ start: undefined }`: positioned, but where is unknown, as for a cursor), or undefined when the
     * request does not use this style.
     */
    start(p: Pagination, params: Record<string, unknown>, invalid: Set<string>, limit: number | undefined): { start: number | undefined } | undefined;
    /** The key of the page this page continues, when it asks for a continuation in this style. */
    continues(page: PageView): string | undefined;
    /** Keys under which a page is found by the pages that continue it. */
    successorKeys(page: PageView): string[];
    /** Does the page itself say the list ends with it (no next token)? */
    ends?(page: PageView): boolean;
  };
}
