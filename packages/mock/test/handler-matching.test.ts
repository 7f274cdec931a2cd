import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src";
import { client, json } from "./support";

// The catch-all handler takes a URL below a base URL without MSW's path matching; these pin
// down that it still serves exactly what that matching served, and the URLs it used to fail.
const mock = createDriftstackMock({ baseUrl: ["http://localhost:8787", "http://localhost:9999/api"] });
const api = client(mock);
const underPath = client(mock, "http://localhost:9999/api");
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(async () => {
  server.close();
  await mock.close();
});

describe("the catch-all handler", () => {
  it("answers a path with a malformed percent-escape with the app's 404 problem, not a 500", async () => {
    for (const id of ["%E0%A4%A", "%zz"]) {
      const res = await api("GET", `/v1/profiles/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await json(res)).toMatchObject({ code: "NotFound" });
    }
  });

  it("drops the query and fragment from the path the app routes on", async () => {
    await mock.seed.profiles(["one", "two"]);
    for (const call of [api, underPath]) {
      expect(await json(await call("GET", "/v1/profiles?limit=1#top"))).toMatchObject({ has_more: true });
      expect((await call("GET", "/v1/account/me#top")).status).toBe(200);
    }
  });

  it("still serves a base path written in another case, as MSW's matching does", async () => {
    const res = await globalThis.fetch("http://localhost:9999/API/v1/account/me", {
      headers: { authorization: `Bearer ${mock.apiKey}` },
    });
    expect(res.status).toBe(200);
  });

  it("leaves a host's paths outside the base path unhandled", async () => {
    await expect(globalThis.fetch("http://localhost:9999/apix/v1/account/me")).rejects.toThrow();
    await expect(globalThis.fetch("http://localhost:9999/v1/account/me")).rejects.toThrow();
  });
});

describe("a mock made inside the test", () => {
  it("serves HEAD below a base path, and the base path in another case", async () => {
    const own = createDriftstackMock({ baseUrl: "http://head.driftstack.test/api" });
    server.use(...own.handlers);
    const head = await globalThis.fetch("http://head.driftstack.test/api/healthz", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const other = await globalThis.fetch("http://head.driftstack.test/API/v1/account/me", {
      headers: { authorization: `Bearer ${own.apiKey}` },
    });
    expect(other.status).toBe(200);
    expect(await json(other)).toMatchObject({ name: "Mock account" });
    await expect(globalThis.fetch("http://head.driftstack.test/apix/healthz")).rejects.toThrow();
    await own.close();
  });

  it("serves a base path that the URL percent-encodes, routing on the path below it", async () => {
    const own = createDriftstackMock({ baseUrl: "http://encoded.driftstack.test/my api" });
    server.use(...own.handlers);
    const res = await globalThis.fetch("http://encoded.driftstack.test/my api/v1/account/me", {
      headers: { authorization: `Bearer ${own.apiKey}` },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: "Mock account" });
    await own.close();
  });
});
