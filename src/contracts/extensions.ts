/**
 * The `x-` vocabulary of contract-mock's OpenAPI documents.
 *
 * The contracts are the single source of truth for both the mock server and the contract-testing
 * harness: everything they need beyond plain OpenAPI 3.1 (how a list pages, which fields sort, what a
 * filter parameter matches, rate limits, which statuses a real server sends without documenting them)
 * is declared here, as data, so that both sides read the same declaration.
 *
 * Values come from readers where a page states them in a readable form, and from the reviewed overlay
 * of each API (`contracts/overlays/<api>.overlay.json`) where a page says them only in prose.
 *
 * Item fields are addressed with JSON pointers relative to one list item (for example `/user/email`);
 * response collections with JSON pointers relative to the response body (for example `/result`).
 * A `*` segment in an item pointer means "every element of this array" (for example `/meta/tags/*\/name`).
 */

/** Where an operation (or a schema) was read from: the page file and the section of that page. */
export interface SourceRef {
  /** Path relative to the project root, e.g. `contracts/sources/scriptix-list-custom-models.md`. */
  page: string;
  /** Documentation style the reader detected: `docusaurus-openapi-mdx`, `mintlify-text`, `markdown-tables`, `huawei-api-reference`. */
  style: string;
  /** Human-readable section, e.g. `Query Parameters` or `Table 5 ModelInfo`. */
  section?: string;
}

/** `x-pagination` on a list operation. Several styles may coexist (deepset: cursor and page number). */
export interface Pagination {
  styles: Array<'page' | 'offset' | 'cursor' | 'token'>;
  /** Page-number pagination: `page` (1-based unless `base` says otherwise). */
  page?: { param: string; base?: number };
  /** Offset pagination: number of items to skip. */
  offset?: { param: string };
  /** Page size parameter. Absent when the page size is fixed (`fixedSize`). */
  limit?: { param: string; default: number; max: number; min?: number };
  /** Fixed page size when the API takes no size parameter (Open WebUI: 30). */
  fixedSize?: number;
  /** Cursor pagination: ids of items in the current sort order. */
  cursor?: { before?: string; after?: string; idField: string };
  /** Opaque token pagination: the query parameter, and the body pointer where a page hands out the next token. */
  token?: { param: string; next: string };
  /** Parameters that may not be combined (deepset: `page_number` with `before`/`after`/`filter`). */
  exclusive?: Array<{ params: string[]; with: string[]; reason: string }>;
  /** JSON pointers into the response body. */
  items: string;
  total?: string;
  count?: string;
  hasMore?: string;
}

/** `x-sorting` on a list operation. */
export interface Sorting {
  /** Query parameter naming the sort field; absent when the order is fixed. */
  fieldParam?: string;
  /** Query parameter naming the direction. */
  orderParam?: string;
  /** Sort-field parameter value → item field pointer. */
  fields: Record<string, string>;
  /** Direction parameter values as the API spells them. */
  orderValues?: { asc: string; desc: string };
  /**
   * Applied when the request names no sort; `field` is a key of `fields`. Absent when the document
   * states no default order (the inference step never guesses one): such a request is in no promised
   * order, and a sort field given without a direction is ascending.
   */
  default?: { field: string; order: 'asc' | 'desc' };
  /**
   * When the default order applies (read it with `requestedOrder` / `defaultOrderApplies` from
   * `sorting.ts`, never from here):
   * - `always` (the default): to every request that names no sort field;
   * - `unfiltered`: only to a request that gives no filter (`x-filters` parameter) and no sort or
   *   direction parameter. Any other request that names no known sort field is in no particular order:
   *   the mock serves it in stored order and the harness does not check its order. Open WebUI's
   *   `search_models` orders by `created_at desc` only when its filter dict (query, view_option, tag,
   *   order_by, direction) is empty, and applies no ORDER BY otherwise.
   * Empty values (`?query=`) count as not given, as such servers test them (`if query:`).
   */
  defaultWhen?: 'always' | 'unfiltered';
  /** Item pointer that breaks ties so that pages are stable. */
  tieBreak?: string;
  /** How strings compare: `binary` (code unit order) or `case-insensitive`. Default `binary`. */
  collation?: 'binary' | 'case-insensitive';
}

/**
 * `x-filters` on a list operation: one entry per filter parameter.
 * - `equals`: item field equals the (coerced) parameter value.
 * - `contains`: item field contains the value as a substring (`caseInsensitive` for fuzzy search); with
 *   several `fields`, any of them may match.
 * - `array-contains`: some element addressed by the pointer (with `*`) equals the value.
 * - `odata`: an OData `$filter` expression over `fields` (name → item pointer).
 * - `scope`: depends on who asks (ownership, visibility); the vendor module implements it and the
 *   harness checks only `constraints` (value → item pointer → expected value) where given.
 */
export interface FilterDecl {
  param: string;
  kind: 'equals' | 'contains' | 'array-contains' | 'odata' | 'scope';
  field?: string;
  fields?: string[] | Record<string, string>;
  caseInsensitive?: boolean;
  /** For `odata`: supported operators, e.g. ["eq","ne","gt","ge","lt","le","and","or"]. */
  operators?: string[];
  /** For `scope`: what the harness can still check, e.g. { "PRIVATE": { "/visibility": "PRIVATE" } }. */
  constraints?: Record<string, Record<string, unknown>>;
  description?: string;
}

/** `x-rate-limits` on the document (or an operation). */
export interface RateLimits {
  requestsPerMinute?: number;
  concurrent?: number;
  /** Status and header the server answers with when a limit is hit. */
  status?: number;
  retryAfterHeader?: string;
}

/**
 * `x-undocumented: true` on a response object: the page does not document this status, but the vendor's
 * real server sends it (e.g. FastAPI's 422 in Open WebUI). The mock may send it; the harness reports it
 * as a warning, not a violation.
 */
export const UNDOCUMENTED = 'x-undocumented';

/**
 * `x-enum-enforced: false` on a parameter object (next to `name` and `in`): the documentation lists the
 * parameter's values (its schema's `enum`), but the real server takes any string and refuses none
 * (Open WebUI's FastAPI handler declares `view_option`, `order_by` and `direction` as plain
 * `Optional[str]`). The enum stays in the schema as documentation; request validation ignores it, so the
 * mock answers another value as that server does and a run expects no 4xx for it. Absent or `true`: the
 * enum is enforced like any other schema keyword. Read it as `ParameterSpec.enumEnforced`.
 */
export const ENUM_ENFORCED = 'x-enum-enforced';

/**
 * `x-auth` on a security scheme: how the credential is carried when plain OpenAPI cannot say it.
 * `huawei-sdk-hmac-sha256`: `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...`
 * with an `X-Sdk-Date` header.
 */
export type AuthFlavour = 'bearer' | 'header-token' | 'huawei-sdk-hmac-sha256';

/** `x-path-aliases` on an operation: other paths the real server answers the same operation at. */
export type PathAliases = string[];

/** Extension keys, so that code never spells them twice. */
export const X = {
  source: 'x-source',
  pagination: 'x-pagination',
  sorting: 'x-sorting',
  filters: 'x-filters',
  rateLimits: 'x-rate-limits',
  undocumented: UNDOCUMENTED,
  enumEnforced: ENUM_ENFORCED,
  auth: 'x-auth',
  pathAliases: 'x-path-aliases',
  /** Document-level: the API's short name (`deepset`, `openwebui`, `scriptix`, `dataarts-fabric`). */
  api: 'x-api',
  /** Operation-level, for writes: `{ "reflectedBy": "<list operationId>", "idField": "/model_id" }`. */
  write: 'x-write',
  /** Operation-level: required OAuth-like scopes stated in prose (Scriptix `custom_models:read`). */
  scopes: 'x-required-scopes',
} as const;
