import { type Clock, createApp, createFakeDriver, type Database, SessionService } from "@driftstack/server";

export interface MockApp {
  app: ReturnType<typeof createApp>;
  /** Shut down on `reset()` and `close()`, so no session outlives the data it belongs to. */
  sessions: SessionService;
}

/**
 * The server's own app on the mock's database, with the fake browser driver
 * behind the session routes (it keeps cookies and state but runs no
 * JavaScript). A new app is built on every `reset()`, so nothing the app holds
 * in memory outlives the data.
 */
export function buildApp(db: Database, clock: Clock): MockApp {
  const sessions = new SessionService({ db, driver: createFakeDriver(), clock });
  return { app: createApp({ db, clock, sessions }), sessions };
}
