import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { EngineInstall } from "../../src/driver/select";
import { openDatabaseUrl } from "../../src/node/database";
import { createAccount } from "../../src/operator";
import { serveEnvFor } from "../driver/engines";
import { startSite, type TestSite } from "../driver/site";
import { api, killServers } from "./server-process";

export interface EngineServers {
  /** The environment for `startServer`: one database file, the suite's engine. */
  env: Record<string, string>;
  site: TestSite;
  /** A JSON call with an enterprise account's admin key; a status of 300 or more throws. */
  api<T>(base: string, method: string, path: string, body?: unknown): Promise<T>;
  key: string;
}

/**
 * For a suite of `driftstack serve` processes on `install` sharing one
 * database file: registers hooks that start a test site and create an
 * enterprise account, and kill every server and the site after. Read the
 * fields inside tests.
 */
export function useEngineServers(install: EngineInstall, name: string): EngineServers {
  const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), `driftstack-${name}-`)), `${name}.db`)}`;
  const suite = {} as EngineServers;
  suite.env = { DRIFTSTACK_DB_URL: dbUrl, ...serveEnvFor(install) };
  suite.api = <T>(base: string, method: string, path: string, body?: unknown) =>
    api<T>(suite.key, base, method, path, body);
  beforeAll(async () => {
    suite.site = await startSite();
    const db = await openDatabaseUrl(dbUrl);
    suite.key = (await createAccount(db, { name, tier: "enterprise", profileCap: null })).apiKey.secret;
    db.close();
  });
  afterAll(async () => {
    killServers();
    await suite.site?.close();
  });
  return suite;
}
