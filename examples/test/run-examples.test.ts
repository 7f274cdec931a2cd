import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createAccount, createApp, type Database } from "@driftstack/server";
import { openDatabaseUrl } from "@driftstack/server/node";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeEngines, driverFor } from "../../packages/server/test/driver/engines";
import { startSite, type TestSite } from "../../packages/server/test/driver/site";

/** Each example runs as a program, the way a user runs it, against a real server over HTTP. */
vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");

async function startServer(db: Database, driver?: Parameters<typeof createApp>[0]["driver"]) {
  const app = createApp({ db, driver });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
}

async function example(file: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run("node", ["--import", "tsx", `examples/${file}`], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  return stdout;
}

let db: Database;
beforeAll(async () => {
  db = await openDatabaseUrl(`file:${join(mkdtempSync(join(tmpdir(), "driftstack-examples-")), "examples.db")}`);
});

describe("examples as programs", () => {
  let server: { url: string; close: () => void };
  beforeAll(async () => {
    server = await startServer(db);
  });
  afterAll(() => server.close());

  it("list-profiles lists, then fills the account to its cap", async () => {
    const { apiKey, account } = await createAccount(db, { name: "examples", tier: "solo_manual", profileCap: null });
    const out = await example("list-profiles.ts", {
      DRIFTSTACK_API_KEY: apiKey.secret,
      DRIFTSTACK_BASE_URL: server.url,
    });
    expect(out).toContain(`account ${account.id} (solo_manual): 0 of 5 profiles`);
    expect(out).toContain("created 5 more; the solo_manual tier stops at 5");
  });

  it("sync-profiles makes the account's profiles match its arguments", async () => {
    const { apiKey } = await createAccount(db, { name: "sync", tier: "api_starter", profileCap: null });
    const env = { DRIFTSTACK_API_KEY: apiKey.secret, DRIFTSTACK_BASE_URL: server.url };
    const first = JSON.parse(
      await run("node", ["--import", "tsx", "examples/sync-profiles.ts", "a", "b"], {
        cwd: root,
        env: { ...process.env, ...env },
      }).then((r) => r.stdout),
    );
    expect(first).toEqual({ created: ["a", "b"], deleted: [], kept: [] });
    const second = JSON.parse(
      await run("node", ["--import", "tsx", "examples/sync-profiles.ts", "b", "c"], {
        cwd: root,
        env: { ...process.env, ...env },
      }).then((r) => r.stdout),
    );
    expect(second).toEqual({ created: ["c"], deleted: ["a"], kept: ["b"] });
  });
});

describeEngines("persistent-login example", (install) => {
  let site: TestSite;
  let server: { url: string; close: () => void };
  const driver = driverFor(install);
  beforeAll(async () => {
    site = await startSite();
    server = await startServer(db, driver);
  });
  afterAll(async () => {
    server.close();
    await driver.close();
    await site.close();
  });

  it("is still logged in in the second session", async () => {
    const { apiKey } = await createAccount(db, { name: "login", tier: "api_builder", profileCap: null });
    const out = await example("persistent-login.ts", {
      DRIFTSTACK_API_KEY: apiKey.secret,
      DRIFTSTACK_BASE_URL: server.url,
      SITE_URL: site.url,
    });
    expect(out).toContain("before: 'cookie: none'");
    expect(out).toContain("after: 'cookie: driftstack_sid=s3cret'");
  });
});
