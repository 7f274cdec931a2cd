import { beforeEach, describe, expect, it } from "vitest";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

// A refusal's detail is what a developer reads first: each names what was asked for and why it
// was refused, in the words below (literal, so a changed message is a deliberate change).
let t: TestApp;
let owner: TestAccount;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("api_builder");
});

async function problem(res: Response | Promise<Response>) {
  return json<{ code: string; detail: string; errors?: unknown }>(await res);
}

describe("problem details", () => {
  it("names the kind and id of what was not found, on reads and on writes", async () => {
    const missing = (kind: string, id: string) => `No ${kind} with id "${id}" exists in this account.`;
    const id = "prof_0190aaaabbbb7ccc8ddd0000ffff0000";
    expect((await problem(t.call(owner, "GET", `/v1/profiles/${id}`))).detail).toBe(missing("profile", id));
    expect((await problem(t.call(owner, "PATCH", `/v1/profiles/${id}`, { name: "x" }))).detail).toBe(
      missing("profile", id),
    );
    expect((await problem(t.call(owner, "GET", "/v1/sessions/sess_missing"))).detail).toBe(
      missing("session", "sess_missing"),
    );
    expect((await problem(t.call(owner, "DELETE", "/v1/profile-snapshots/snap_missing"))).detail).toBe(
      missing("snapshot", "snap_missing"),
    );
  });

  it("names a taken profile name", async () => {
    await t.call(owner, "POST", "/v1/profiles", { name: "taken" });
    expect(await problem(t.call(owner, "POST", "/v1/profiles", { name: "taken" }))).toMatchObject({
      code: "Conflict",
      detail: 'A profile named "taken" already exists in this account.',
    });
  });

  it("states the tier's cap and the account's count, in the singular for a cap of one", async () => {
    const trial = await t.account("trial_pack");
    await t.call(trial, "POST", "/v1/profiles", { name: "only" });
    expect((await problem(t.call(trial, "POST", "/v1/profiles", { name: "more" }))).detail).toBe(
      "The trial_pack tier allows 1 profile and this account has 1. Delete a profile or move to a larger tier.",
    );
    for (let i = 0; i < 25; i++) await t.call(owner, "POST", "/v1/profiles", { name: `p${i}` });
    expect((await problem(t.call(owner, "POST", "/v1/profiles", { name: "more" }))).detail).toBe(
      "The api_builder tier allows 25 profiles and this account has 25. Delete a profile or move to a larger tier.",
    );
  });

  it("says which cursor a page accepts", async () => {
    expect(await problem(t.call(owner, "GET", "/v1/profiles?cursor=garbage"))).toMatchObject({
      code: "ValidationFailed",
      errors: [{ path: "cursor", message: "must be a profile id from a previous page's next_cursor" }],
    });
  });
});
