import { createClient } from "@libsql/client";
import { createMock, type DriftstackMock } from "./mock";
import type { DriftstackMockOptions } from "./options";

export * from "./exports";

/**
 * The Driftstack API as MSW handlers, served by the server's own app on an in-memory
 * database (Node: libSQL's native client). Synchronous: `mock.apiKey` works at once, and the
 * handlers wait for the database by themselves.
 */
export function createDriftstackMock<Handle extends string = never>(
  options: DriftstackMockOptions<Handle> = {},
): DriftstackMock<Handle> {
  return createMock(async () => createClient({ url: ":memory:" }), options);
}
