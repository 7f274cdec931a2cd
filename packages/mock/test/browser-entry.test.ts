import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src/browser";
import { client, json, type Page } from "./support";

// The browser entry's database is SQLite compiled to WebAssembly; Node runs the same
// WebAssembly, so this exercises everything the browser would except the service worker.
const mock = createDriftstackMock({
  tier: "solo_manual",
  accounts: { team: { members: { default: "admin" } } },
  seed: (seed) => seed.profiles(["baseline"]),
});
const api = client(mock);
const server = setupServer(...mock.handlers);

// Compiling SQLite's WebAssembly takes seconds on a busy machine: pay for it here, not in a test.
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await mock.ready;
}, 60_000);
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await mock.close();
});

const names = async (res: Response) => (await json<Page>(res)).data.map((p) => p.name);

describe("the browser entry (@libsql/client-wasm) under Node", () => {
  it("serves the app: account, create, list", async () => {
    expect(await json(await api("GET", "/v1/account/me"))).toMatchObject({ tier: "solo_manual", profile_count: 1 });
    expect((await api("POST", "/v1/profiles", { body: { name: "wasm" } })).status).toBe(200);
    expect(await names(await api("GET", "/v1/profiles"))).toEqual(["wasm", "baseline"]);
  });

  it("keeps what a transaction committed and drops what one rolled back", async () => {
    expect((await api("POST", "/v1/profiles", { body: { name: "baseline" } })).status).toBe(409);
    await Promise.all(
      ["p1", "p2", "p3", "p4", "p5", "p6"].map((name) => api("POST", "/v1/profiles", { body: { name } })),
    );
    // solo_manual holds 5: the baseline and exactly four of the six parallel creates.
    expect(await names(await api("GET", "/v1/profiles"))).toHaveLength(5);
    expect(await json(await api("GET", "/v1/account/me"))).toMatchObject({ profile_count: 5 });
    const audit = await json<Page<{ action: string }>>(await api("GET", "/v1/audit-log?limit=100"));
    expect(audit.data.filter((e) => e.action === "profile.created")).toHaveLength(5);
  });

  it("empties on reset() and keeps keys and memberships", async () => {
    await mock.seed.profiles(["gone"]);
    await mock.reset();
    expect(await names(await api("GET", "/v1/profiles"))).toEqual(["baseline"]);
    const headers = { "x-driftstack-account": mock.accounts.team.id };
    expect(await json(await api("GET", "/v1/account/me", { headers }))).toMatchObject({ role: "admin" });
  });

  it("captures snapshots and answers faults as on Node", async () => {
    const [profile] = await mock.seed.profiles(["snap"]);
    expect(await mock.seed.snapshots(profile?.id as string, ["s1"])).toHaveLength(1);
    mock.faults.status(503, { times: 1 });
    expect((await api("GET", "/v1/profiles")).status).toBe(503);
  });
});
