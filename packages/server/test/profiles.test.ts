import { beforeEach, describe, expect, it } from "vitest";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

type Profile = {
  id: string;
  name: string;
  archetype: string;
  description: string | null;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
  state_bytes: number | null;
  state_updated_at: string | null;
  in_use: boolean;
};
type Page<T> = { data: T[]; has_more: boolean; next_cursor: string | null };

let t: TestApp;
let owner: TestAccount;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("enterprise");
});

async function create(body: Record<string, unknown>, who: TestAccount = owner): Promise<Profile> {
  const res = await t.call(who, "POST", "/v1/profiles", body);
  expect(res.status, await res.clone().text()).toBe(200);
  return json<Profile>(res);
}

describe("POST /v1/profiles", () => {
  it("creates with 200, the default archetype and every documented field", async () => {
    const res = await t.call(owner, "POST", "/v1/profiles", { name: "production" });
    expect(res.status).toBe(200);
    const profile = await json<Profile>(res);
    expect(profile).toMatchObject({
      name: "production",
      archetype: "iphone16pro_ios18_7_safari26_4",
      description: null,
      last_used_at: null,
      state_bytes: null,
      state_updated_at: null,
      in_use: false,
    });
    expect(profile.id).toMatch(/^prof_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(profile.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(profile.updated_at).toBe(profile.created_at);
  });

  it("pins an explicit archetype and keeps a description", async () => {
    const profile = await create({
      name: "legacy",
      archetype: "iphone15pro_ios17_6_safari17_6",
      description: "hold on iOS 17",
    });
    expect(profile.archetype).toBe("iphone15pro_ios17_6_safari17_6");
    expect(profile.description).toBe("hold on iOS 17");
  });

  it("accepts names of exactly 64 characters, unicode included, and a 2048-character description", async () => {
    await create({ name: "a".repeat(64) });
    await create({ name: "é".repeat(64) });
    await create({ name: "prod-eu_1.(copy)" });
    await create({ name: "d", description: "x".repeat(2048) });
  });

  it.each([
    ["missing name", {}],
    ["empty name", { name: "" }],
    ["65-character name", { name: "a".repeat(65) }],
    ["name with a space", { name: "my profile" }],
    ["name with a tab", { name: "a\tb" }],
    ["name with a newline", { name: "a\nb" }],
    ["name with a non-breaking space", { name: "a\u00a0b" }],
    ["name with a control character", { name: "a\u0007b" }],
    ["name that is a number", { name: 42 }],
    ["unknown archetype", { name: "x", archetype: "pixel9_android15" }],
    ["2049-character description", { name: "x", description: "x".repeat(2049) }],
    ["description that is a number", { name: "x", description: 5 }],
    ["unknown field", { name: "x", tags: ["a"] }],
    ["misspelt field", { name: "x", descripton: "typo" }],
  ])("rejects %s with 400 ValidationFailed and creates nothing", async (_, body) => {
    const res = await t.call(owner, "POST", "/v1/profiles", body);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await json<{ code: string; errors: { path: string; message: string }[] }>(res);
    expect(problem.code).toBe("ValidationFailed");
    expect(problem.errors.length).toBeGreaterThan(0);
    const list = await json<Page<Profile>>(await t.call(owner, "GET", "/v1/profiles"));
    expect(list.data).toHaveLength(0);
  });

  it("names the offending field in errors", async () => {
    const res = await t.call(owner, "POST", "/v1/profiles", { name: "x", descripton: "typo" });
    const problem = await json<{ errors: { path: string }[] }>(res);
    expect(problem.errors.map((e) => e.path)).toEqual(["descripton"]);
  });

  it("answers 409 Conflict for a name the account already has, and allows it in another account", async () => {
    await create({ name: "production" });
    const res = await t.call(owner, "POST", "/v1/profiles", { name: "production" });
    expect(res.status).toBe(409);
    expect((await json(res)).code).toBe("Conflict");
    const other = await t.account("solo_manual");
    await create({ name: "production" }, other);
  });

  it("treats names as exact: case differs, different profile", async () => {
    await create({ name: "production" });
    await create({ name: "Production" });
  });
});

describe("GET /v1/profiles/:id", () => {
  it("returns the profile", async () => {
    const created = await create({ name: "a" });
    const res = await t.call(owner, "GET", `/v1/profiles/${created.id}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual(created);
  });

  it("answers 404 for unknown ids and for another account's profile alike", async () => {
    const created = await create({ name: "a" });
    const stranger = await t.account("solo_manual");
    const foreign = await t.call(stranger, "GET", `/v1/profiles/${created.id}`);
    const unknown = await t.call(stranger, "GET", "/v1/profiles/prof_01a22302-9a68-7637-8243-e38a9157f378");
    const garbage = await t.call(stranger, "GET", "/v1/profiles/not-an-id");
    for (const res of [foreign, unknown, garbage]) {
      expect(res.status).toBe(404);
      expect((await json(res)).code).toBe("NotFound");
    }
  });
});

describe("PATCH /v1/profiles/:id", () => {
  it("renames, edits and clears the description, bumping updated_at", async () => {
    const created = await create({ name: "a", description: "old" });
    await new Promise((r) => setTimeout(r, 5));
    const renamed = await json<Profile>(
      await t.call(owner, "PATCH", `/v1/profiles/${created.id}`, { name: "b", description: "new" }),
    );
    expect(renamed).toMatchObject({
      name: "b",
      description: "new",
      archetype: created.archetype,
      created_at: created.created_at,
    });
    expect(renamed.updated_at > created.updated_at).toBe(true);
    const cleared = await json<Profile>(
      await t.call(owner, "PATCH", `/v1/profiles/${created.id}`, { description: null }),
    );
    expect(cleared.description).toBeNull();
    expect(cleared.name).toBe("b");
  });

  it("refuses an archetype change with 400 that points to clone", async () => {
    const created = await create({ name: "a" });
    const res = await t.call(owner, "PATCH", `/v1/profiles/${created.id}`, {
      archetype: "iphone15pro_ios17_6_safari17_6",
    });
    expect(res.status).toBe(400);
    const problem = await json<{ errors: { path: string; message: string }[] }>(res);
    expect(problem.errors[0]?.path).toBe("archetype");
    expect(problem.errors[0]?.message).toMatch(/clone/);
    const after = await json<Profile>(await t.call(owner, "GET", `/v1/profiles/${created.id}`));
    expect(after.archetype).toBe(created.archetype);
  });

  it("answers 409 on a rename to a taken name and changes nothing", async () => {
    await create({ name: "a" });
    const b = await create({ name: "b" });
    const res = await t.call(owner, "PATCH", `/v1/profiles/${b.id}`, { name: "a" });
    expect(res.status).toBe(409);
    expect((await json<Profile>(await t.call(owner, "GET", `/v1/profiles/${b.id}`))).name).toBe("b");
  });

  it("validates before looking the profile up (400 before 404)", async () => {
    const res = await t.call(owner, "PATCH", "/v1/profiles/prof_missing", { name: "has space" });
    expect(res.status).toBe(400);
    const missing = await t.call(owner, "PATCH", "/v1/profiles/prof_missing", { name: "fine" });
    expect(missing.status).toBe(404);
  });

  it("keeps a rename to its own name a no-op", async () => {
    const a = await create({ name: "a" });
    const same = await json<Profile>(await t.call(owner, "PATCH", `/v1/profiles/${a.id}`, { name: "a" }));
    expect(same.updated_at).toBe(a.updated_at);
  });
});

describe("DELETE /v1/profiles/:id", () => {
  it("answers 204, then 404, and frees the name", async () => {
    const a = await create({ name: "a" });
    const first = await t.call(owner, "DELETE", `/v1/profiles/${a.id}`);
    expect(first.status).toBe(204);
    expect(await first.text()).toBe("");
    expect((await t.call(owner, "DELETE", `/v1/profiles/${a.id}`)).status).toBe(404);
    expect((await t.call(owner, "GET", `/v1/profiles/${a.id}`)).status).toBe(404);
    await create({ name: "a" });
  });

  it("answers 404 for another account's profile and leaves it in place", async () => {
    const a = await create({ name: "a" });
    const stranger = await t.account("solo_manual");
    expect((await t.call(stranger, "DELETE", `/v1/profiles/${a.id}`)).status).toBe(404);
    expect((await t.call(owner, "GET", `/v1/profiles/${a.id}`)).status).toBe(200);
  });
});
