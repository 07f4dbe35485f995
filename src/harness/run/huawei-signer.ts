import { signRequest } from '../../auth/huawei-sdk-signature';

export interface SignInput {
  method: string;
  url: string;
  /** The request's headers; host, content-type and x-project-id/x-domain-id are signed (host from the URL when absent). */
  headers: Record<string, string>;
  body?: string;
  accessKey: string;
  secretKey: string;
  /** Signing time; default now. */
  date?: Date;
}

/**
 * Signs a harness request with Huawei's SDK-HMAC-SHA256 (AK/SK): the URL is split into the path and
 * query the shared signer (`src/auth/huawei-sdk-signature.ts`, the one the mock verifies with) expects,
 * and the host is signed as the SDKs do. Returns the headers to add: `X-Sdk-Date` and `Authorization`.
 */
export function signHuaweiRequest(input: SignInput): { 'X-Sdk-Date': string; Authorization: string } {
  const url = new URL(input.url);
  const query: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
  const hasHost = Object.keys(input.headers).some((h) => h.toLowerCase() === 'host');
  const headers = hasHost ? input.headers : { ...input.headers, host: url.host };
  return signRequest({ method: input.method, path: url.pathname, query, headers, body: input.body }, input.accessKey, input.secretKey, input.date);
}
