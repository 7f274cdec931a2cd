import { createAccount, createApp, openDatabase } from "@driftstack/server";
import { createClient } from "@libsql/client";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src";
import { client, json, type Page } from "./support";

const mock = createDriftstackMock({
  tier: "solo_manual",
  accounts: {
    default: { keys: ["read"] },
    team: { name: "Acme team", tier: "team_manual", members: { default: "admin", viewer: "member" } },
    viewer: {},
    big: { tier: "enterprise", profileCap: 3 },
  },
});
const api = client(mock);
const server = setupServer(...mock.handlers);
const as = (handle: keyof typeof mock.accounts) =>
  client({ baseUrl: mock.baseUrl, apiKey: mock.accounts[handle].apiKey });

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  await mock.ready;
});
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await mock.close();
});

describe("configured accounts and keys", () => {
  it("gives every account an admin key first, and the keys asked for", () => {
    expect(Object.keys(mock.accounts).sort()).toEqual(["big", "default", "team", "viewer"]);
    expect(mock.account).toBe(mock.accounts.default);
    expect(mock.account.keys.map((k) => k.scope)).toEqual(["admin", "read"]);
    expect(mock.account.apiKey).toBe(mock.apiKey);
    expect(mock.account.readKey).toMatch(/^dsk_/);
    expect(mock.accounts.team.readKey).toBeUndefined();
    expect(mock.account.keys[1]?.id).toMatch(/^key_/);
    expect(mock.accountId).toBe(mock.account.id);
    expect(new Set(Object.values(mock.accounts).map((a) => a.id)).size).toBe(4);
  });

  it("refuses writes with a read key (403) and serves its reads", async () => {
    const read = mock.account.readKey;
    const write = await api("POST", "/v1/profiles", { key: read, body: { name: "nope" } });
    expect(write.status).toBe(403);
    expect(await json(write)).toMatchObject({ code: "Forbidden", status: 403 });
    expect(await json(await api("GET", "/v1/account/me", { key: read }))).toMatchObject({
      tier: "solo_manual",
      scope: "read",
    });
  });

  it("lets an admin member act on the team account with X-Driftstack-Account", async () => {
    const team = mock.accounts.team.id;
    const headers = { "x-driftstack-account": team };
    expect(await json(await api("GET", "/v1/account/me", { headers }))).toMatchObject({
      id: team,
      name: "Acme team",
      tier: "team_manual",
      profile_cap: 50,
      role: "admin",
    });
    expect((await api("POST", "/v1/profiles", { headers, body: { name: "shared" } })).status).toBe(200);
    expect((await json<Page>(await api("GET", "/v1/profiles"))).data).toEqual([]);
    expect((await json<Page>(await api("GET", "/v1/profiles", { headers }))).data.map((p) => p.name)).toEqual([
      "shared",
    ]);
  });

  it("lets a member read the team account but not write it, and refuses non-members", async () => {
    const viewer = as("viewer");
    const headers = { "x-driftstack-account": mock.accounts.team.id };
    expect(await json(await viewer("GET", "/v1/account/me", { headers }))).toMatchObject({ role: "member" });
    expect((await viewer("POST", "/v1/profiles", { headers, body: { name: "x" } })).status).toBe(403);

    const team = as("team");
    const notMember = await team("GET", "/v1/profiles", { headers: { "x-driftstack-account": mock.accountId } });
    expect(notMember.status).toBe(403);
  });

  it("creates enterprise accounts with their negotiated cap, reported as null", async () => {
    const big = as("big");
    expect(await json(await big("GET", "/v1/account/me"))).toMatchObject({ tier: "enterprise", profile_cap: null });
    await mock.seed.profiles(["a", "b", "c"], { account: "big" });
    const res = await big("POST", "/v1/profiles", { body: { name: "d" } });
    expect(res.status).toBe(429);
    expect(await json(res)).toMatchObject({ code: "TierLimit", limit: 3, current: 3 });
  });
});

describe("tier caps", () => {
  /** The same calls on the server's app, built directly from @driftstack/server. */
  async function serverAnswer() {
    const db = await openDatabase(createClient({ url: ":memory:" }), { singleConnection: true });
    const { apiKey } = await createAccount(db, { name: "reference", tier: "trial_pack", profileCap: null });
    const app = createApp({ db });
    const post = (name: string) =>
      app.request("/v1/profiles", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey.secret}`, "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
    expect((await post("first")).status).toBe(200);
    const res = await post("second");
    db.close();
    return res;
  }

  it("answers a create past the trial_pack cap with the server's 429 TierLimit", async () => {
    const trial = createDriftstackMock({ tier: "trial_pack", baseUrl: "http://trial.driftstack.test" });
    server.use(...trial.handlers);
    const trialApi = client(trial);
    expect((await trialApi("POST", "/v1/profiles", { body: { name: "first" } })).status).toBe(200);
    const res = await trialApi("POST", "/v1/profiles", { body: { name: "second" } });
    const reference = await serverAnswer();

    expect(res.status).toBe(429);
    for (const header of ["content-type", "x-should-retry"]) {
      expect(res.headers.get(header)).toBe(reference.headers.get(header));
    }
    expect(res.headers.get("x-should-retry")).toBe("false");
    const body = await json(res);
    expect(body).toMatchObject({ code: "TierLimit", limit: 1, current: 1, tier: "trial_pack" });
    expect(body.request_id).toBe(res.headers.get("x-request-id"));
    expect({ ...body, request_id: "" }).toEqual({ ...(await json(reference)), request_id: "" });
    await trial.close();
  });
});

describe("option checks", () => {
  it("throw where the mock is created", () => {
    expect(() => createDriftstackMock({ tier: "gold" as never })).toThrow(/unknown tier/);
    expect(() => createDriftstackMock({ tier: "solo_manual", accounts: { default: { tier: "api_scale" } } })).toThrow(
      /once/,
    );
    expect(() => createDriftstackMock({ accounts: { team: { members: { ghost: "member" } } } })).toThrow(/ghost/);
    expect(() => createDriftstackMock({ baseUrl: [] })).toThrow(/at least one/);
    expect(() => createDriftstackMock({ baseUrl: "not a url" })).toThrow();
  });

  it("say when an id is read before the mock is ready", async () => {
    const early = createDriftstackMock();
    expect(() => early.accountId).toThrow(/await mock.ready/);
    await early.ready;
    expect(early.accountId).toMatch(/^acct_/);
    await early.close();
  });
});
