import { createMock, type DriftstackMock } from "./mock";
import type { DriftstackMockOptions } from "./options";
import { openWasmMemoryClient } from "./wasm-client";

export * from "./exports";

/**
 * The Driftstack API as MSW handlers for `setupWorker` (msw/browser): the same app as on
 * Node, on an in-memory database from `@libsql/client-wasm`, which the page must install.
 */
export function createDriftstackMock<Handle extends string = never>(
  options: DriftstackMockOptions<Handle> = {},
): DriftstackMock<Handle> {
  return createMock(openWasmMemoryClient, options);
}
