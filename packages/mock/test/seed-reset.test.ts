import { ARCHETYPES } from "@driftstack/server";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock, type SeededProfile } from "../src";
import { client, json, type Page } from "./support";

const OTHER_ARCHETYPE = ARCHETYPES[1]?.id as string;

const mock = createDriftstackMock({ accounts: { other: { tier: "solo_manual" } } });
const seeded = createDriftstackMock({
  baseUrl: "http://seeded.driftstack.test",
  seed: (seed) => seed.profiles(["baseline"]),
});
const api = client(mock);
const server = setupServer(...mock.handlers, ...seeded.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await Promise.all([mock.close(), seeded.close()]);
});

const names = async (res: Response) => (await json<Page>(res)).data.map((p) => p.name);

describe("reset()", () => {
  it("empties the data but keeps the accounts and keys working", async () => {
    await api("POST", "/v1/profiles", { body: { name: "temp" } });
    await mock.seed.profiles(["mine"], { account: "other" });
    expect(await names(await api("GET", "/v1/profiles"))).toEqual(["temp"]);

    await mock.reset();
    expect(await names(await api("GET", "/v1/profiles"))).toEqual([]);
    expect(await json(await api("GET", "/v1/account/me"))).toMatchObject({ id: mock.accountId, profile_count: 0 });
    const other = client({ baseUrl: mock.baseUrl, apiKey: mock.accounts.other.apiKey });
    expect(await names(await other("GET", "/v1/profiles"))).toEqual([]);
    expect((await json<Page>(await api("GET", "/v1/audit-log"))).data).toEqual([]);
  });

  it("forgets idempotency keys, so a replayed key creates afresh", async () => {
    const headers = { "idempotency-key": "same" };
    expect((await api("POST", "/v1/profiles", { headers, body: { name: "once" } })).status).toBe(200);
    await mock.reset();
    const again = await api("POST", "/v1/profiles", { headers, body: { name: "once" } });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
  });

  it("runs the seed option again", async () => {
    const seededApi = client(seeded);
    await seededApi("POST", "/v1/profiles", { body: { name: "extra" } });
    expect(await names(await seededApi("GET", "/v1/profiles"))).toEqual(["extra", "baseline"]);
    await seeded.reset();
    expect(await names(await seededApi("GET", "/v1/profiles"))).toEqual(["baseline"]);
  });
});

describe("seed", () => {
  it("creates profiles through the server's routes, in order, with audit entries", async () => {
    const created = await mock.seed.profiles(["a", { name: "b", archetype: OTHER_ARCHETYPE, description: "x" }]);
    expect(created.map((p) => p.name)).toEqual(["a", "b"]);
    expect(created[1]).toMatchObject({ archetype: OTHER_ARCHETYPE, description: "x" });
    expect(await names(await api("GET", "/v1/profiles"))).toEqual(["b", "a"]);
    const audit = await json<Page<{ action: string }>>(await api("GET", "/v1/audit-log"));
    expect(audit.data.map((e) => e.action)).toEqual(["profile.created", "profile.created"]);
  });

  it("captures snapshots of a seeded profile", async () => {
    const [profile] = (await mock.seed.profiles(["parent"])) as [SeededProfile];
    const snapshots = await mock.seed.snapshots(profile.id, ["before", { label: "after", description: "d" }]);
    expect(snapshots.map((s) => [s.label, s.parent_profile_id, s.parent_name])).toEqual([
      ["before", profile.id, "parent"],
      ["after", profile.id, "parent"],
    ]);
    const listed = await json<Page<{ label: string }>>(await api("GET", `/v1/profiles/${profile.id}/snapshots`));
    expect(listed.data.map((s) => s.label)).toEqual(["after", "before"]);
  });

  it("fails with the server's reason when the server refuses", async () => {
    await mock.seed.profiles(["dup"]);
    await expect(mock.seed.profiles(["dup"])).rejects.toThrow(/409/);
    await expect(mock.seed.profiles(["has space"])).rejects.toThrow(/400/);
    await expect(mock.seed.profiles(["x"], { account: "nobody" })).rejects.toThrow(/nobody/);
  });

  it("is not subject to faults", async () => {
    mock.faults.networkError();
    expect(await mock.seed.profiles(["fine"])).toHaveLength(1);
  });
});
