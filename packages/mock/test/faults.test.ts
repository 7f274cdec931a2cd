import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDriftstackMock } from "../src";
import { client, json, type Page } from "./support";

const mock = createDriftstackMock();
const slow = createDriftstackMock({ baseUrl: "http://slow.driftstack.test", latencyMs: 120 });
const api = client(mock);
const server = setupServer(...mock.handlers, ...slow.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await Promise.all([mock.close(), slow.close()]);
});

async function timed(request: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const res = await request();
  await res.arrayBuffer();
  return { ms: performance.now() - start, status: res.status };
}

describe("latency", () => {
  it("delays every response by the latencyMs option", async () => {
    const { ms, status } = await timed(() => client(slow)("GET", "/v1/profiles"));
    expect(status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(115);
  });

  it("delays only matching requests, and adds up with other matching latency", async () => {
    mock.faults.latency(150, { method: "GET", path: "/v1/profiles" });
    mock.faults.latency(100, { path: "/v1/*" });
    expect((await timed(() => api("GET", "/v1/profiles"))).ms).toBeGreaterThanOrEqual(245);
    expect((await timed(() => api("GET", "/v1/account/me"))).ms).toBeGreaterThanOrEqual(95);
    expect((await timed(() => api("GET", "/v1/account/me"))).ms).toBeLessThan(245);
    expect((await timed(() => api("GET", "/healthz"))).ms).toBeLessThan(95);
  });
});

describe("forced status", () => {
  it("answers the next two POST /v1/profiles with a 503 problem and Retry-After, then serves again", async () => {
    const rule = mock.faults.status(503, {
      method: "POST",
      path: "/v1/profiles",
      times: 2,
      headers: { "Retry-After": "0" },
    });
    expect((await api("GET", "/v1/profiles")).status).toBe(200);

    for (const attempt of [1, 2]) {
      const res = await api("POST", "/v1/profiles", { body: { name: `try-${attempt}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("0");
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const requestId = res.headers.get("x-request-id");
      expect(requestId).toMatch(/^req_[0-9a-f-]{36}$/);
      expect(await json(res)).toEqual({
        type: "https://driftstack.dev/problems/BrowserUnavailable",
        title: "Browser unavailable",
        status: 503,
        detail: "Forced by a @driftstack/mock fault: 503 BrowserUnavailable.",
        code: "BrowserUnavailable",
        request_id: requestId,
      });
    }
    expect(rule.hits).toBe(2);
    expect(mock.faults.rules).toEqual([]);

    const third = await api("POST", "/v1/profiles", { body: { name: "try-3" } });
    expect(third.status).toBe(200);
    const names = (await json<Page>(await api("GET", "/v1/profiles"))).data.map((p) => p.name);
    expect(names).toEqual(["try-3"]);
  });

  it("matches :param segments, takes a code, title and extensions, and stops when removed", async () => {
    const rule = mock.faults.status(409, {
      method: "delete",
      path: "/v1/profiles/:id",
      detail: "Busy.",
      extensions: { hint: "retry later" },
    });
    const [profile] = await mock.seed.profiles(["kept"]);
    const res = await api("DELETE", `/v1/profiles/${profile?.id}`);
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({
      code: "Conflict",
      title: "Conflict",
      detail: "Busy.",
      hint: "retry later",
    });
    expect((await api("GET", `/v1/profiles/${profile?.id}`)).status).toBe(200);

    rule.remove();
    expect((await api("DELETE", `/v1/profiles/${profile?.id}`)).status).toBe(204);

    mock.faults.status(502, { code: "BadGateway", title: "Bad gateway", path: /^\/v1\// });
    expect(await json(await api("GET", "/v1/profiles"))).toMatchObject({ status: 502, code: "BadGateway" });
  });

  it("refuses a status the server never sends unless given a code and title", () => {
    expect(() => mock.faults.status(502)).toThrow(TypeError);
    expect(() => mock.faults.status(504)).toThrow(/code/);
    expect(() => mock.faults.status(500, { code: "Teapot" })).toThrow(/title/);
    expect(() => mock.faults.status(200)).toThrow(TypeError);
    expect(() => mock.faults.status(503, { times: 0 })).toThrow(/times/);
  });

  it("uses the server's own titles and type URLs", async () => {
    const real = await json(await api("GET", "/v1/profiles", { key: "dsk_wrong" }));
    mock.faults.status(401, { times: 1 });
    const forced = await json(await api("GET", "/v1/profiles"));
    expect({ ...forced, detail: "", request_id: "" }).toEqual({ ...real, detail: "", request_id: "" });
  });
});

describe("network error", () => {
  it("makes fetch reject for matching requests only, for the given number of times", async () => {
    mock.faults.networkError({ path: "/v1/account/me", times: 1 });
    await expect(api("GET", "/v1/account/me")).rejects.toThrow(TypeError);
    expect((await api("GET", "/v1/account/me")).status).toBe(200);
  });

  it("wins over a later status rule, which keeps its count", async () => {
    mock.faults.networkError({ times: 1 });
    const status = mock.faults.status(500, { times: 1 });
    await expect(api("GET", "/v1/profiles")).rejects.toThrow();
    expect(status.remaining).toBe(1);
    expect((await api("GET", "/v1/profiles")).status).toBe(500);
    expect((await api("GET", "/v1/profiles")).status).toBe(200);
  });
});

describe("reset()", () => {
  it("removes every fault rule", async () => {
    mock.faults.networkError();
    await mock.reset();
    expect(mock.faults.rules).toEqual([]);
    expect((await api("GET", "/v1/profiles")).status).toBe(200);
  });
});
