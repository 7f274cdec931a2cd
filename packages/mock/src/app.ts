import { type Clock, createApp, type Database } from "@driftstack/server";

export type MockApp = ReturnType<typeof createApp>;

/**
 * The server's own app on the mock's database. A new one is built on every `reset()`, so no
 * state the app keeps in memory outlives the data. Sessions need a browser driver: once
 * `@driftstack/server` exports `createFakeDriver` and `createApp` takes `driver` (issue 5),
 * a fresh fake driver is passed here.
 */
export function buildApp(db: Database, clock: Clock): MockApp {
  return createApp({ db, clock });
}
