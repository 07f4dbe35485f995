/** The mock server: `createMockApp` (an Express app, for supertest and embedding) and `startMockServer`. */
export { createMockApp, createMockController, expressAppFor, MockController, CONTROL_PREFIX, type MockApp } from './app';
export { startMockServer, type MockServer, type StartOptions } from './server';
export type { MockOptions, MockResponse, RequestContext, VendorModule, ResponseViolation } from './types';
export { signRequest, verifyRequest, formatSdkDate } from '../auth/huawei-sdk-signature';
export { parsePrefer } from './prefer';
