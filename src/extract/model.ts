/**
 * The style-neutral page model: what a reader understood from one documentation page, before any
 * OpenAPI is built. Every reader produces this shape; the builder turns page models into OpenAPI 3.1.
 */

/** A JSON Schema (2020-12) object as it goes into the OpenAPI document. */
export type JsonSchema = Record<string, unknown>;

/** One example the page gives (request body, response body or parameter value). */
export interface PageExample {
  /** Key under `examples` in the OpenAPI media type object. */
  name: string;
  summary?: string;
  value: unknown;
}

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  deprecated?: boolean;
  /** Serialisation as the page declares it (`form`, `simple`, ...), kept for clients and validators. */
  style?: string;
  explode?: boolean;
  /** Example value of the parameter (`example` of an OpenAPI parameter). */
  example?: unknown;
}

/** A further media type of a body or response (`text/plain` next to `application/json`). */
export interface MediaModel {
  contentType: string;
  schema?: JsonSchema;
  examples: PageExample[];
}

export interface BodyModel {
  contentType: string;
  required: boolean;
  description?: string;
  schema?: JsonSchema;
  examples: PageExample[];
  otherMedia?: MediaModel[];
}

export interface HeaderModel {
  description?: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface ResponseModel {
  /** Three-digit status code as a string (`"200"`). */
  status: string;
  description: string;
  contentType?: string;
  schema?: JsonSchema;
  examples: PageExample[];
  headers?: Record<string, HeaderModel>;
  otherMedia?: MediaModel[];
}

/** How the page says a caller authenticates. */
export type SecurityHint =
  | { type: 'bearer'; description?: string }
  | { type: 'apiKey'; in: 'header' | 'query'; name: string; description?: string }
  /** A scheme the page declares as OpenAPI (Docusaurus front matter): kept as it is, under its name. */
  | { type: 'scheme'; name: string; scheme: JsonSchema; scopes: string[] };

export interface ServerModel {
  url: string;
  variables?: Record<string, { default: string; description?: string }>;
}

export interface RateLimitHint {
  requestsPerMinute?: number;
  concurrent?: number;
}

export interface OperationModel {
  method: string;
  path: string;
  /** Title of the operation as the page names it; the operationId is derived from it. */
  summary: string;
  description?: string;
  parameters: ParameterModel[];
  requestBody?: BodyModel;
  responses: ResponseModel[];
  /** The schemes the page names; unless `requirements` says otherwise, any one of them suffices. */
  security: SecurityHint[];
  /**
   * Requirements as the page states them, when some schemes must hold together ("requires both an API
   * key and a bearer token", two credential headers both required): each inner list is one OpenAPI
   * requirement object (all its schemes at once), the lists are alternatives. An empty inner list is
   * the alternative of sending no credentials (`{}`: they are optional), and an empty list says the
   * operation needs none (`security: []`).
   */
  requirements?: SecurityHint[][];
  scopes: string[];
  rateLimits?: RateLimitHint;
  /** Section of the page the operation was read from (for `x-source`). */
  section: string;
}

export interface PageModel {
  style: string;
  title: string;
  operations: OperationModel[];
  /** Named schemas the page defines (Huawei `Table 5 ModelInfo`, Docusaurus titled objects). */
  components: Record<string, JsonSchema>;
  servers: ServerModel[];
  /**
   * Line numbers (0-based, of the page's text) the reader took facts from. The lines not in it that
   * look like API facts are the page's leftovers (`leftovers.ts`); a reader that does not say reports none.
   */
  consumedLines?: Set<number>;
  /** Facts the reader saw but could not read (0-based line, what): listed among the leftovers as they are. */
  unreadFacts?: Array<{ line: number; text: string }>;
}

/** One documentation style: recognises a page by its content and reads it into a page model. */
export interface Reader {
  style: string;
  /** True when the text is a page of this style. Decided from content, never from the file name. */
  detect(text: string): boolean;
  /** Reads the page; throws `PageError` naming what was not understood. */
  read(text: string, context?: PageContext): PageModel;
}

/**
 * What a reader may see besides the page's text: files next to it. Some styles keep part of a page in
 * sibling files (docusaurus-openapi-docs v4 props in `*.ParamsDetails.json`, openapi-generator's model
 * pages `Pet.md` and the `../README.md` that defines the auth schemes).
 */
export interface PageContext {
  /** The text of a file named relative to the page's folder; undefined when there is none. */
  sibling(relative: string): string | undefined;
}

/** A page that a reader could not understand: the message says what, in one line. */
export class PageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageError';
  }
}
