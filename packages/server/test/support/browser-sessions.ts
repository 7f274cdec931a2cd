import { afterAll, beforeAll } from "vitest";
import type { EngineInstall, RealDriver } from "../../src/driver/select";
import type { SessionServiceOptions } from "../../src/sessions/service";
import { driverFor } from "../driver/engines";
import { startSite, type TestSite } from "../driver/site";
import type { TestAccount } from "./harness";
import { type SessionApp, sessionApp } from "./sessions";

export interface BrowserSessions {
  site: TestSite;
  driver: RealDriver;
  t: SessionApp;
  owner: TestAccount;
}

/**
 * For a suite of sessions on a real engine: registers hooks that start a test
 * site, a driver for `install` and an app on a database file with an
 * enterprise account, and close them after. Read the fields inside tests.
 */
export function useBrowserSessions(install: EngineInstall, service?: Partial<SessionServiceOptions>): BrowserSessions {
  const env = {} as BrowserSessions;
  beforeAll(async () => {
    env.site = await startSite();
    env.driver = driverFor(install);
    env.t = await sessionApp({ driver: env.driver, file: true, service });
    env.owner = await env.t.account("enterprise");
  });
  afterAll(async () => {
    await env.driver?.close();
    await env.site?.close();
  });
  return env;
}
