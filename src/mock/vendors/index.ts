import type { ApiContract } from '../../contracts';
import { documentErrors } from '../document-errors';
import { problemJsonErrors } from '../errors';
import { workspaceGuard } from '../handlers';
import type { VendorModule } from '../types';
import { dataartsFabric } from './dataarts-fabric';
import { deepset } from './deepset';
import { openwebui } from './openwebui';
import { scriptix } from './scriptix';

/** Without a contract to read error shapes from: problem details, as Prism answers. */
const documentlessErrors = problemJsonErrors;

/** Vendor modules by the contract's `x-api` name. A new API adds one module and one line. */
export const VENDOR_MODULES: Readonly<Record<string, VendorModule>> = Object.fromEntries(
  [deepset, openwebui, scriptix, dataartsFabric].map((m) => [m.api, m]),
);

/**
 * The module of an API (by the contract's `x-api` name, or the contract itself), or a generic one for
 * APIs nobody has written a module for: errors then take the document's own documented shape
 * (src/mock/document-errors.ts).
 */
export function vendorModuleFor(api: string | ApiContract): VendorModule {
  const name = typeof api === 'string' ? api : api.name;
  if (VENDOR_MODULES[name]) return VENDOR_MODULES[name];
  const generic: VendorModule = {
    api: name,
    errors: typeof api === 'string' ? documentlessErrors : documentErrors(api),
    authorize: workspaceGuard(() => generic, 'documented'),
    unknownQueryParameters: 'ignore',
    repeatedParameters: 'reject',
    handlers: {},
  };
  return generic;
}
