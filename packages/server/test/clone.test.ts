import { beforeEach, describe, expect, it } from "vitest";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

type Profile = { id: string; name: string; archetype: string; description: string | null; state_bytes: number | null };

let t: TestApp;
let owner: TestAccount;
let source: Profile;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("enterprise");
  source = await json<Profile>(
    await t.call(owner, "POST", "/v1/profiles", {
      name: "production",
      archetype: "iphone15pro_ios17_6_safari17_6",
      description: "prod",
    }),
  );
});

async function clone(body?: unknown, id = source.id) {
  return t.call(owner, "POST", `/v1/profiles/${id}/clone`, body);
}

describe("POST /v1/profiles/:id/clone", () => {
  it("inherits archetype and description, with no body at all", async () => {
    const res = await t.app.request(`/v1/profiles/${source.id}/clone`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.key}` },
    });
    expect(res.status).toBe(200);
    const copy = await json<Profile>(res);
    expect(copy).toMatchObject({
      name: "production (copy)",
      archetype: source.archetype,
      description: "prod",
      state_bytes: null,
    });
    expect(copy.id).not.toBe(source.id);
  });

  it.each([
    ["an empty body", ""],
    ["a body of only whitespace", " \r\n\t"],
  ])("treats %s typed as JSON as no body (what some clients send for an optional body)", async (_, body) => {
    const res = await t.app.request(`/v1/profiles/${source.id}/clone`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.key}`, "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(200);
    expect(await json<Profile>(res)).toMatchObject({ name: "production (copy)", description: "prod" });
  });

  it("takes an explicit name and repins with an archetype override", async () => {
    const copy = await json<Profile>(await clone({ name: "staging", archetype: "iphone16pro_ios18_7_safari26_4" }));
    expect(copy).toMatchObject({ name: "staging", archetype: "iphone16pro_ios18_7_safari26_4", description: "prod" });
    const after = await json<Profile>(await t.call(owner, "GET", `/v1/profiles/${source.id}`));
    expect(after.archetype).toBe("iphone15pro_ios17_6_safari17_6");
  });

  it("walks the name chain (copy), (copy 2) … (copy 99), then answers 409", async () => {
    const names: string[] = [];
    for (let i = 0; i < 99; i++) {
      const res = await clone();
      expect(res.status).toBe(200);
      names.push((await json<Profile>(res)).name);
    }
    expect(names[0]).toBe("production (copy)");
    expect(names[1]).toBe("production (copy 2)");
    expect(names[98]).toBe("production (copy 99)");
    const res = await clone();
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      code: "Conflict",
      detail: 'Every automatic copy name of "production" up to "(copy 99)" is taken; pass an explicit name.',
    });
    // An explicit name still works once the chain is exhausted.
    expect((await clone({ name: "production-100" })).status).toBe(200);
  });

  it("fills the first gap in the chain", async () => {
    const first = await json<Profile>(await clone());
    await clone();
    await t.call(owner, "DELETE", `/v1/profiles/${first.id}`);
    expect((await json<Profile>(await clone())).name).toBe("production (copy)");
  });

  it("cloning a copy derives from the copy's name", async () => {
    const copy = await json<Profile>(await clone());
    expect((await json<Profile>(await clone(undefined, copy.id))).name).toBe("production (copy) (copy)");
  });

  it("shortens the base so derived names stay within 64 characters", async () => {
    const long = await json<Profile>(await t.call(owner, "POST", "/v1/profiles", { name: "n".repeat(64) }));
    const first = await json<Profile>(await clone(undefined, long.id));
    expect(first.name).toBe(`${"n".repeat(57)} (copy)`);
    expect([...first.name]).toHaveLength(64);
    const second = await json<Profile>(await clone(undefined, long.id));
    expect(second.name).toBe(`${"n".repeat(55)} (copy 2)`);
    expect([...second.name]).toHaveLength(64);
  });

  it("answers 409 on an explicit name collision and 404 for an unknown or foreign source", async () => {
    expect((await clone({ name: "production" })).status).toBe(409);
    expect((await clone(undefined, "prof_01a22302-9a68-7637-8243-e38a9157f378")).status).toBe(404);
    const stranger = await t.account("solo_manual");
    expect((await t.call(stranger, "POST", `/v1/profiles/${source.id}/clone`)).status).toBe(404);
  });

  it("validates an explicit name like create does", async () => {
    expect((await clone({ name: "has space" })).status).toBe(400);
  });

  it("answers 429 at the cap, after 404 and 409", async () => {
    const trial = await t.account("trial_pack");
    const only = await json<Profile>(await t.call(trial, "POST", "/v1/profiles", { name: "only" }));
    const atCap = await t.call(trial, "POST", `/v1/profiles/${only.id}/clone`);
    expect(atCap.status).toBe(429);
    expect(await json(atCap)).toMatchObject({
      code: "TierLimit",
      limit: 1,
      current: 1,
      resource: "profile",
      tier: "trial_pack",
    });
    expect((await t.call(trial, "POST", `/v1/profiles/${only.id}/clone`, { name: "only" })).status).toBe(409);
    expect((await t.call(trial, "POST", "/v1/profiles/prof_missing/clone")).status).toBe(404);
  });

  it("records cloned_from in the audit entry", async () => {
    const copy = await json<Profile>(await clone());
    const audit = await json<{ data: { action: string; payload: Record<string, unknown> }[] }>(
      await t.call(owner, "GET", `/v1/audit-log?target_id=${copy.id}`),
    );
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0]).toMatchObject({ action: "profile.created", payload: { cloned_from: source.id } });
  });
});
