import { problemJsonErrors } from '../errors';
import type { VendorModule } from '../types';
import { dataartsFabric } from './dataarts-fabric';
import { deepset } from './deepset';
import { openwebui } from './openwebui';
import { scriptix } from './scriptix';

/** Vendor modules by the contract's `x-api` name. A new API adds one module and one line. */
export const VENDOR_MODULES: Readonly<Record<string, VendorModule>> = Object.fromEntries(
  [deepset, openwebui, scriptix, dataartsFabric].map((m) => [m.api, m]),
);

/**
 * The module of an API, or a generic one for APIs nobody has written a module for: every operation is
 * then served by Prism from the contract, errors are RFC 7807 problem details (as Prism's).
 */
export function vendorModuleFor(api: string): VendorModule {
  return (
    VENDOR_MODULES[api] ?? {
      api,
      errors: problemJsonErrors,
      unknownQueryParameters: 'ignore',
      repeatedParameters: 'reject',
      handlers: {},
    }
  );
}
