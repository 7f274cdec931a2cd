import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src";
import { client, json, type Page } from "./support";

// Each mock is made inside its test: what it does while it is created, set up and closed is
// then part of the test, not of the file's setup.
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe("setting up", () => {
  it("says which id is read too early, then gives every account and key its id", async () => {
    const mock = createDriftstackMock({
      baseUrl: "http://setup.driftstack.test",
      accounts: { default: { keys: ["read"] } },
    });
    expect(() => mock.accountId).toThrow(
      'The id of account "default" is known once the mock is set up: `await mock.ready` first.',
    );
    expect(() => mock.account.keys[0]?.id).toThrow(
      "A key id is known once the mock is set up: `await mock.ready` first.",
    );
    await mock.ready;
    const [admin, read] = mock.account.keys;
    expect(admin?.id).toMatch(/^key_/);
    expect(read?.id).toMatch(/^key_/);
    expect(read?.id).not.toBe(admin?.id);
    await mock.close();
  });

  it("makes the configured members members", async () => {
    const mock = createDriftstackMock({
      baseUrl: "http://members.driftstack.test",
      accounts: { team: { members: { default: "admin" } } },
    });
    server.use(...mock.handlers);
    await mock.ready;
    const me = await client(mock)("GET", "/v1/account/me", {
      headers: { "x-driftstack-account": mock.accounts.team.id },
    });
    expect(me.status).toBe(200);
    expect(await json(me)).toMatchObject({ name: "team", role: "admin" });
    await mock.close();
  });

  it("runs the seed option before ready resolves", async () => {
    const mock = createDriftstackMock({
      baseUrl: "http://seeded-start.driftstack.test",
      seed: (seed) => seed.profiles(["first", "second"]),
    });
    server.use(...mock.handlers);
    await mock.ready;
    const list = await json<Page>(await client(mock)("GET", "/v1/profiles"));
    expect(list.data.map((p) => p.name)).toEqual(["second", "first"]);
    await mock.close();
  });
});

describe("close()", () => {
  it("makes the handlers answer that the mock is closed", async () => {
    const mock = createDriftstackMock({ baseUrl: "http://closed.driftstack.test" });
    server.use(...mock.handlers);
    const api = client(mock);
    expect((await api("GET", "/v1/profiles")).status).toBe(200);
    await mock.close();
    // MSW answers a handler's exception with a 500 that carries the error.
    const res = await api("GET", "/v1/profiles");
    expect(res.status).toBe(500);
    expect(await json(res)).toMatchObject({ name: "Error", message: "This Driftstack mock is closed." });
  });
});
