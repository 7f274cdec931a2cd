import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock, DEFAULT_BASE_URL } from "../src";
import { client, json } from "./support";

// Both made before `listen()`: the client still goes through MSW because it looks fetch up per call.
const mock = createDriftstackMock();
const api = client(mock);
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await mock.close();
});

describe("createDriftstackMock() with no options", () => {
  it("hands out an admin key synchronously and intercepts the SDK's default base URL", () => {
    expect(mock.apiKey).toMatch(/^dsk_[0-9A-Za-z]{40}$/);
    expect(mock.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(mock.baseUrl).toBe("http://localhost:8787");
  });

  it("serves GET /v1/account/me for an api_builder account owned by the key", async () => {
    const res = await api("GET", "/v1/account/me");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(await json(res)).toEqual({
      id: mock.accountId,
      name: "Mock account",
      tier: "api_builder",
      profile_cap: 25,
      profile_count: 0,
      role: "owner",
      scope: "admin",
    });
  });

  it("creates and lists profiles through plain fetch, from a client made before listen()", async () => {
    const created = await api("POST", "/v1/profiles", { body: { name: "checkout" } });
    expect(created.status).toBe(200);
    const profile = await json(created);
    expect(profile).toMatchObject({ name: "checkout", archetype: "iphone16pro_ios18_7_safari26_4" });
    expect(profile.id).toMatch(/^prof_/);

    const list = await json(await api("GET", "/v1/profiles"));
    expect(list).toEqual({ data: [profile], has_more: false, next_cursor: null });
  });

  it("answers like the server, problems included, to bad keys and unknown routes", async () => {
    const unauthorized = await api("GET", "/v1/profiles", { key: "dsk_wrong" });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("content-type")).toBe("application/problem+json");
    expect(await json(unauthorized)).toMatchObject({ code: "Unauthorized", status: 401 });

    const unknown = await api("GET", "/v2/nothing");
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toMatchObject({ code: "NotFound", title: "Not found" });

    expect((await api("GET", "/healthz", { key: null })).status).toBe(200);
  });

  it("lets nothing reach the real network", async () => {
    // A real server that would answer: the request must fail before it gets there.
    let reached = 0;
    const real = createServer((_req, res) => {
      reached += 1;
      res.end("real");
    });
    await new Promise<void>((resolve) => real.listen(0, "127.0.0.1", resolve));
    const { port } = real.address() as AddressInfo;
    try {
      await expect(globalThis.fetch(`http://127.0.0.1:${port}/v1/profiles`)).rejects.toThrow();
      await expect(globalThis.fetch("https://api.driftstack.invalid/v1/profiles")).rejects.toThrow();
      expect(reached).toBe(0);
    } finally {
      real.close();
    }
  });
});
