import { type Clock, createApp, type Database } from "@driftstack/server";

export type MockApp = ReturnType<typeof createApp>;

/**
 * The server's own app on the mock's database. A new one is built on every `reset()`, so no
 * state the app keeps in memory outlives the data. Without a browser driver the session
 * routes answer 503 `BrowserUnavailable`, as a server without a browser does. The server's
 * fake driver goes here (`driver: createFakeDriver()`, plus a `SessionService` that `reset()`
 * shuts down) once `@driftstack/server` exports both (issue 5).
 */
export function buildApp(db: Database, clock: Clock): MockApp {
  return createApp({ db, clock });
}
