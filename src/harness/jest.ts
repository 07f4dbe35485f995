/**
 * `import 'contract-mock/jest'` (or list it in Jest's `setupFilesAfterEnv`): registers
 * `expect(response).toMatchContract()` on Jest's global `expect`. Importing the package's main entry has
 * no such side effect; there, call `registerContractMatchers()` yourself.
 */
import { registerContractMatchers } from './matcher';

export { configureContractMatcher, registerContractMatchers } from './matcher';

registerContractMatchers();
