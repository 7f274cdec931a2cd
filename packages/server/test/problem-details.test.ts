import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, type TestAccount, type TestApp, testApp } from "./support/harness";

// A refusal's detail is what a developer reads first: each names what was asked for and why it
// was refused, in the words below (literal, so a changed message is a deliberate change).
let t: TestApp;
let owner: TestAccount;

beforeEach(async () => {
  t = await testApp();
  owner = await t.account("api_builder");
});

afterEach(() => {
  vi.restoreAllMocks();
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

  it("says how a request body or route was wrong", async () => {
    expect(await problem(t.call(owner, "POST", "/v1/profiles", '{"name":'))).toMatchObject({
      code: "ValidationFailed",
      detail: expect.stringMatching(/^The request body is not valid JSON: ./),
      errors: [{ path: "", message: "Malformed JSON" }],
    });
    expect(
      (await problem(t.call(owner, "POST", "/v1/profiles", '{"name":"x"}', { "content-type": "text/plain" }))).detail,
    ).toBe("Send the request body as `Content-Type: application/json`.");
    expect((await problem(t.call(owner, "GET", "/v1/nothing-here"))).detail).toBe("No route GET /v1/nothing-here.");
    const p = await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "p" }));
    const state = { cookies: [], origins: [{ origin: "https://example.org", localStorage: [], extra: 1 }] };
    expect((await problem(t.call(owner, "PUT", `/v1/profiles/${p.id}/state`, state))).errors).toEqual([
      { path: "origins.0.extra", message: "Unknown field" },
    ]);
  });

  it("answers an unexpected failure with a fixed detail, and logs it once with its request id", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await t.call(owner, "POST", "/v1/profiles", { name: "taken" });
    await t.call(owner, "POST", "/v1/profiles", { name: "taken" }); // a refusal: not logged
    await t.call(owner, "POST", "/v1/profiles", '{"name":'); // malformed JSON, a 400 thrown by Hono: not logged
    expect(logged).not.toHaveBeenCalled();
    await t.db.client.execute(
      "CREATE TRIGGER fail_create AFTER INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
    );
    const res = await t.call(owner, "POST", "/v1/profiles", { name: "fails" });
    expect((await problem(res)).detail).toBe(
      "Something went wrong on our side; the request id identifies it in the logs.",
    );
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[0]).toBe(`driftstack: unhandled error (request ${res.headers.get("x-request-id")})`);
  });

  it("says why state export needs an admin key of the account itself", async () => {
    const p = await json<{ id: string }>(await t.call(owner, "POST", "/v1/profiles", { name: "p" }));
    const exportOf = (who: TestAccount | string, headers: Record<string, string> = {}) =>
      problem(t.call(who, "GET", `/v1/profiles/${p.id}/state/export`, undefined, headers));
    expect((await t.call(owner, "GET", `/v1/profiles/${p.id}/state/export`)).status).toBe(200);
    expect(await exportOf(await t.readKey(owner.id))).toMatchObject({
      code: "Forbidden",
      detail: "This API key has read scope; exporting state needs an admin key.",
    });
    const teammate = await t.account("solo_manual");
    await t.member(owner, teammate, "member");
    expect(await exportOf(teammate, { "x-driftstack-account": owner.id })).toMatchObject({
      code: "Forbidden",
      detail: `Members of account ${owner.id} may not export state; ask for the admin role.`,
    });
  });

  it("says what is wrong with the caller's key, scope or account", async () => {
    // `t.call` with no caller sends the Authorization header exactly as given here.
    const detailAs = async (
      authorization: string | undefined,
      method = "GET",
      headers: Record<string, string> = {},
    ) => {
      const body = method === "POST" ? { name: "new" } : undefined;
      const res = await t.call(null, method, "/v1/profiles", body, {
        ...headers,
        ...(authorization && { authorization }),
      });
      return { status: res.status, detail: (await res.json()).detail as string | undefined };
    };
    expect((await detailAs(undefined)).detail).toBe("Send an API key as `Authorization: Bearer dsk_…`.");
    expect((await detailAs("Bearer dsk_wrong")).detail).toBe("The API key is not valid.");
    expect((await detailAs(`Bearer  ${owner.key}  `)).status).toBe(200); // any spacing around the key
    expect((await detailAs(`Bearer ${owner.key} extra`)).status).toBe(401);
    expect((await detailAs(`Bearer ${await t.readKey(owner.id)}`, "POST")).detail).toBe(
      "This API key has read scope; writes need an admin key.",
    );
    const teammate = await t.account("solo_manual");
    await t.member(owner, teammate, "member");
    const asOwner = { "x-driftstack-account": owner.id };
    expect((await detailAs(`Bearer ${teammate.key}`, "POST", asOwner)).detail).toBe(
      `Members of account ${owner.id} may read but not write; ask for the admin role.`,
    );
    expect((await detailAs(`Bearer ${teammate.key}`, "GET", { "x-driftstack-account": "acct_other" })).detail).toBe(
      `X-Driftstack-Account "acct_other" does not name an account this key's account is a member of.`,
    );
  });

  it("bounds an Idempotency-Key to 1-255 characters and says so; names a key reused for another request", async () => {
    const create = (key: string, name = "k") =>
      t.call(owner, "POST", "/v1/profiles", { name }, { "idempotency-key": key });
    expect((await create("k".repeat(255))).status).toBe(200);
    for (const key of ["k".repeat(256), ""]) {
      expect(await problem(create(key, "other"))).toMatchObject({
        code: "ValidationFailed",
        errors: [{ path: "Idempotency-Key", message: "must be 1-255 characters" }],
      });
    }
    expect((await problem(create("k".repeat(255), "another"))).detail).toBe(
      "This Idempotency-Key was already used with a different request; use a new key for a new request.",
    );
  });
});
