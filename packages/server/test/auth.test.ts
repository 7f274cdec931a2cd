import { beforeEach, describe, expect, it } from "vitest";
import { listKeys } from "../src/store/accounts";
import { json, manualClock, type TestAccount, type TestApp, testApp } from "./support/harness";

let t: TestApp;
let owner: TestAccount;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("solo_manual");
});

describe("bearer keys", () => {
  it.each([
    ["no header", undefined],
    ["an unknown key", "Bearer dsk_0000000000000000000000000000000000000000"],
    ["a malformed header", "Basic abc"],
    ["an empty bearer", "Bearer "],
  ])("answers 401 problem+json with WWW-Authenticate for %s", async (_, header) => {
    const res = await t.app.request("/v1/profiles", { headers: header ? { authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await json(res)).code).toBe("Unauthorized");
  });

  it("checks auth before the body: a bad body without a key is 401", async () => {
    const res = await t.call(null, "POST", "/v1/profiles", { name: "has space" });
    expect(res.status).toBe(401);
  });

  it("stores keys as SHA-256 hashes only", async () => {
    const rows = await t.db.client.execute("SELECT secret_hash FROM api_keys");
    for (const row of rows.rows) expect(String(row.secret_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows.rows)).not.toContain(owner.key);
    expect(owner.key).toMatch(/^dsk_[0-9A-Za-z]{40}$/);
  });

  it("lets a read key read but not write (403, nothing written)", async () => {
    const read = await t.readKey(owner.id);
    expect((await t.call(read, "GET", "/v1/profiles")).status).toBe(200);
    for (const [method, path, body] of [
      ["POST", "/v1/profiles", { name: "x" }],
      ["PATCH", "/v1/profiles/prof_x", { name: "y" }],
      ["DELETE", "/v1/profiles/prof_x", undefined],
    ] as const) {
      const res = await t.call(read, method, path, body);
      expect(res.status).toBe(403);
      expect((await json(res)).code).toBe("Forbidden");
    }
    expect((await json<{ data: unknown[] }>(await t.call(owner, "GET", "/v1/profiles"))).data).toHaveLength(0);
  });

  it("checks scope before the body (403 before 400)", async () => {
    const read = await t.readKey(owner.id);
    expect((await t.call(read, "POST", "/v1/profiles", { name: "has space" })).status).toBe(403);
  });
});

describe("a key's last use", () => {
  it("is recorded by the request that uses it, at most once a minute", async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const who = await app.account();
    // The stamp is written after the answer, without holding it up; on this one-connection
    // database a read queues behind it.
    const lastUsed = async () => (await app.db.read((q) => listKeys(q, who.id)))[0]?.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const first = clock.now();
    expect((await app.call(who, "GET", "/v1/profiles")).status).toBe(200);
    expect(await lastUsed()).toBe(first);

    clock.advance(59_999);
    await app.call(who, "GET", "/v1/profiles");
    expect(await lastUsed()).toBe(first);

    clock.advance(1);
    await app.call(who, "GET", "/v1/profiles");
    expect(await lastUsed()).toBe(first + 60_000);
  });
});

describe("team membership through X-Driftstack-Account", () => {
  it("lets a member read but not write, and an admin member do both", async () => {
    const member = await t.account("solo_manual");
    const admin = await t.account("solo_manual");
    await t.member(owner, member, "member");
    await t.member(owner, admin, "admin");
    const as = { "x-driftstack-account": owner.id };

    const created = await t.call(admin, "POST", "/v1/profiles", { name: "shared" }, as);
    expect(created.status).toBe(200);
    const id = (await json<{ id: string }>(created)).id;
    expect((await t.call(owner, "GET", `/v1/profiles/${id}`)).status).toBe(200);

    expect((await t.call(member, "GET", `/v1/profiles/${id}`, undefined, as)).status).toBe(200);
    const write = await t.call(member, "PATCH", `/v1/profiles/${id}`, { name: "renamed" }, as);
    expect(write.status).toBe(403);
    // Without the header, the member acts on its own account, where the profile does not exist.
    expect((await t.call(member, "GET", `/v1/profiles/${id}`)).status).toBe(404);
  });

  it("reports the role on /v1/account/me", async () => {
    const member = await t.account("api_starter");
    await t.member(owner, member, "member");
    const me = await json(
      await t.call(member, "GET", "/v1/account/me", undefined, { "x-driftstack-account": owner.id }),
    );
    expect(me).toMatchObject({ id: owner.id, tier: "solo_manual", role: "member", scope: "admin", profile_cap: 5 });
  });

  it("answers the same 403 for a non-member and for an unknown account", async () => {
    const stranger = await t.account("solo_manual");
    const notMember = await t.call(stranger, "GET", "/v1/profiles", undefined, { "x-driftstack-account": owner.id });
    const unknown = await t.call(stranger, "GET", "/v1/profiles", undefined, {
      "x-driftstack-account": "acct_01a22302-8ed8-7167-a36c-331ca0be8476",
    });
    expect(notMember.status).toBe(403);
    expect(unknown.status).toBe(403);
    const a = await json<{ detail: string }>(notMember);
    const b = await json<{ detail: string }>(unknown);
    expect(a.detail.replace(owner.id, "ID")).toBe(b.detail.replace("acct_01a22302-8ed8-7167-a36c-331ca0be8476", "ID"));
  });

  it("requires an admin key even for an admin member", async () => {
    const admin = await t.account("solo_manual");
    await t.member(owner, admin, "admin");
    const read = await t.readKey(admin.id);
    const res = await t.call(read, "POST", "/v1/profiles", { name: "x" }, { "x-driftstack-account": owner.id });
    expect(res.status).toBe(403);
  });

  it("naming one's own account is the same as no header", async () => {
    const res = await t.call(owner, "GET", "/v1/account/me", undefined, { "x-driftstack-account": owner.id });
    expect((await json(res)).role).toBe("owner");
  });
});

describe("GET /v1/account/me", () => {
  it("describes the account, its cap and count, the role and the scope", async () => {
    await t.call(owner, "POST", "/v1/profiles", { name: "a" });
    const me = await json(await t.call(owner, "GET", "/v1/account/me"));
    expect(me).toEqual({
      id: owner.id,
      name: "test solo_manual",
      tier: "solo_manual",
      profile_cap: 5,
      profile_count: 1,
      role: "owner",
      scope: "admin",
    });
    const read = await t.readKey(owner.id);
    expect((await json(await t.call(read, "GET", "/v1/account/me"))).scope).toBe("read");
  });

  it("reports profile_cap null for enterprise, negotiated cap or not", async () => {
    for (const cap of [null, 3]) {
      const ent = await t.account("enterprise", cap);
      expect((await json(await t.call(ent, "GET", "/v1/account/me"))).profile_cap).toBeNull();
    }
  });
});

/** The caps as the product documents them, written out: never read from `src`, so a changed cap fails here. */
const DOCUMENTED_CAPS = [
  ["trial_pack", 1],
  ["solo_manual", 5],
  ["team_manual", 50],
  ["agency_manual", 200],
  ["api_starter", 10],
  ["api_builder", 25],
  ["api_scale", 100],
] as const;

describe("tier caps", () => {
  it.each(DOCUMENTED_CAPS)("caps %s at %i profiles", async (tier, cap) => {
    const account = await t.account(tier);
    for (let i = 0; i < cap; i++) {
      expect((await t.call(account, "POST", "/v1/profiles", { name: `p${i}` })).status).toBe(200);
    }
    const res = await t.call(account, "POST", "/v1/profiles", { name: "one-too-many" });
    expect(res.status).toBe(429);
    expect(res.headers.get("x-should-retry")).toBe("false");
    expect(await json(res)).toMatchObject({ code: "TierLimit", limit: cap, current: cap, resource: "profile", tier });
    expect((await json(await t.call(account, "GET", "/v1/account/me"))).profile_count).toBe(cap);
  });

  it("applies an enterprise account's negotiated cap, and none without one", async () => {
    const capped = await t.account("enterprise", 2);
    for (const name of ["a", "b"]) expect((await t.call(capped, "POST", "/v1/profiles", { name })).status).toBe(200);
    const over = await t.call(capped, "POST", "/v1/profiles", { name: "c" });
    expect(over.status).toBe(429);
    expect(await json(over)).toMatchObject({ limit: 2, current: 2, tier: "enterprise" });
    const open = await t.account("enterprise");
    for (let i = 0; i < 210; i++)
      expect((await t.call(open, "POST", "/v1/profiles", { name: `p${i}` })).status).toBe(200);
  });

  it("checks the name before the cap (409 before 429) and frees room on delete", async () => {
    const trial = await t.account("trial_pack");
    const first = await json<{ id: string }>(await t.call(trial, "POST", "/v1/profiles", { name: "only" }));
    expect((await t.call(trial, "POST", "/v1/profiles", { name: "only" })).status).toBe(409);
    expect((await t.call(trial, "POST", "/v1/profiles", { name: "second" })).status).toBe(429);
    await t.call(trial, "DELETE", `/v1/profiles/${first.id}`);
    expect((await t.call(trial, "POST", "/v1/profiles", { name: "second" })).status).toBe(200);
  });
});
