import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The one place that compiles JSON Schemas (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 * Every document is added whole under a URN id, so that `$ref`s inside it (`#/components/schemas/X`)
 * resolve exactly as the document says, and every validator is compiled from a pointer into it.
 */

/** One schema violation, addressed by a JSON pointer into the validated value. */
export interface SchemaViolation {
  /** JSON pointer into the validated instance, `''` for the root. */
  pointer: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** Where in the contract the failing keyword sits. */
  schemaPath: string;
}

/** OpenAPI keywords that are not JSON Schema validation keywords but may appear in schemas. */
const OPENAPI_ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

export class SchemaCompiler {
  private readonly ajv: Ajv2020;

  constructor() {
    this.ajv = new Ajv2020({
      allErrors: true,
      // OpenAPI documents carry `x-` extensions and annotations next to schema keywords; they must not
      // stop compilation, but a schema that is not valid JSON Schema still throws.
      strict: false,
      validateFormats: true,
    });
    addFormats(this.ajv);
    this.ajv.addVocabulary(OPENAPI_ANNOTATIONS);
  }

  /** Registers a whole document; later pointers into it are compiled with `compilePointer`. */
  addDocument(id: string, document: object): void {
    if (!this.ajv.getSchema(id)) this.ajv.addSchema(document as Record<string, unknown>, id);
  }

  /** Compiles the schema found at `pointer` (a JSON pointer) inside the document registered as `id`. */
  compilePointer(id: string, pointer: string): ValidateFunction {
    return this.ajv.compile({ $ref: `${id}#${encodePointerForUri(pointer)}` });
  }

  /** Compiles a schema that references the document `id` (for wrappers built around contract schemas). */
  compileSchema(schema: object): ValidateFunction {
    return this.ajv.compile(schema);
  }
}

export function toViolations(errors: ErrorObject[] | null | undefined): SchemaViolation[] {
  if (!errors) return [];
  return errors.map((e) => ({
    pointer: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? e.keyword,
    params: e.params as Record<string, unknown>,
    schemaPath: e.schemaPath,
  }));
}

/** A JSON pointer is used inside a URI fragment: characters outside the fragment set are percent-encoded. */
function encodePointerForUri(pointer: string): string {
  return pointer.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => encodeURIComponent(c));
}
