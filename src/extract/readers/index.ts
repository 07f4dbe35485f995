/** The documentation styles contract-mock reads, in the order they are tried. */
import type { Reader } from '../model';
import { docusaurusOpenapiMdx } from './docusaurus-openapi-mdx';
import { huaweiApiReference } from './huawei-api-reference';
import { markdownTables } from './markdown-tables';
import { mintlifyText } from './mintlify-text';
import { openapiGeneratorMarkdown } from './openapi-generator-markdown';

// Most specific markers first: Docusaurus props, Huawei's captioned tables and openapi-generator's
// `Method | HTTP request | Description` index cannot be mistaken for the looser Markdown and Mintlify layouts.
export const READERS: Reader[] = [docusaurusOpenapiMdx, huaweiApiReference, openapiGeneratorMarkdown, markdownTables, mintlifyText];

export function detectReader(text: string): Reader | undefined {
  return READERS.find((r) => r.detect(text));
}

export { docusaurusOpenapiMdx, huaweiApiReference, markdownTables, mintlifyText, openapiGeneratorMarkdown };
