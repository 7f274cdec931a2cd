import { describe, expect, it } from "vitest";
import { Faults } from "../src/faults";
import { forcedProblem, problemLabel } from "../src/problem";

const clock = { now: () => Date.UTC(2026, 0, 1) };

/** What the faults do to one request: "network-error", the forced status, or undefined (served). */
async function outcome(faults: Faults, method: string, path: string): Promise<"network-error" | number | undefined> {
  const response = await faults.apply(method, path);
  if (response === undefined) return undefined;
  return response.type === "error" ? "network-error" : response.status;
}

// The rules behind `mock.faults`, applied to a request path: which rule acts, how often, on what.
describe("fault matching", () => {
  async function matches(path: string | RegExp, candidate: string): Promise<boolean> {
    const faults = new Faults(clock);
    faults.networkError({ path });
    return (await outcome(faults, "GET", candidate)) !== undefined;
  }

  it("an exact path matches only itself, whole", async () => {
    expect(await matches("/v1/profiles", "/v1/profiles")).toBe(true);
    expect(await matches("/v1/profiles", "/v1/profiles/prof_1")).toBe(false);
    expect(await matches("/v1/profiles", "/api/v1/profiles")).toBe(false);
  });

  it("takes the path's characters literally", async () => {
    expect(await matches("/v1/a.b", "/v1/a.b")).toBe(true);
    expect(await matches("/v1/a.b", "/v1/aXb")).toBe(false);
  });

  it(":param is one segment and * any rest", async () => {
    expect(await matches("/v1/profiles/:id", "/v1/profiles/prof_1")).toBe(true);
    expect(await matches("/v1/profiles/:id", "/v1/profiles/prof_1/clone")).toBe(false);
    expect(await matches("/v1/*", "/v1/profiles/prof_1/clone")).toBe(true);
    expect(await matches("/v1/*", "/v2/profiles")).toBe(false);
  });

  it("a global RegExp matches every time, not every other time", async () => {
    const faults = new Faults(clock);
    faults.networkError({ path: /^\/v1\/profiles/g });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await outcome(faults, "GET", "/v1/profiles"));
    expect(answers).toEqual(["network-error", "network-error", "network-error"]);
    expect(await outcome(faults, "GET", "/v1/sessions")).toBeUndefined();
  });

  it("matches a path with a malformed escape as written, instead of throwing", async () => {
    for (const bad of ["/v1/profiles/%zz", "/v1/profiles/%E0%A4%A"]) {
      expect(await matches("/v1/profiles/:id", bad)).toBe(true);
      expect(await matches("/v1/*", bad)).toBe(true);
      expect(await matches("/v1/sessions/:id", bad)).toBe(false);
      expect(await matches(/^\/v1\/profiles\/%zz$/, bad)).toBe(bad === "/v1/profiles/%zz");
    }
    // A well-formed escape is left to MSW's decoding, as before.
    expect(await matches("/v1/profiles/:id", "/v1/profiles/a%2Fb")).toBe(true);
  });

  it("does not take a malformed escape's `%` away: /x/zz is not /x/%zz", async () => {
    expect(await matches("/v1/profiles/zz", "/v1/profiles/%zz")).toBe(false);
    expect(await matches("/v1/profiles/zz", "/v1/profiles/zz")).toBe(true);
  });

  it("still acts on a path that starts with // (a base URL's trailing slash doubled)", async () => {
    const faults = new Faults(clock);
    faults.networkError();
    expect(await outcome(faults, "GET", "//v1/profiles")).toBe("network-error");
    // Read as a URL's start, `//[x` would be an invalid host.
    expect(await outcome(faults, "GET", "//[x")).toBe("network-error");
    expect(await matches("/v1/profiles", "//v1/profiles")).toBe(false);
    expect(await matches("//v1/profiles", "//v1/profiles")).toBe(true);
  });

  it("a method matches in any case, and only that method", async () => {
    const faults = new Faults(clock);
    faults.networkError({ method: "post" });
    expect(await outcome(faults, "GET", "/v1/profiles")).toBeUndefined();
    expect(await outcome(faults, "POST", "/v1/profiles")).toBe("network-error");
  });
});

describe("fault counts", () => {
  it("times: acts that many times, counting hits, then leaves the rules", async () => {
    const faults = new Faults(clock);
    const rule = faults.networkError({ times: 2 });
    expect(rule.remaining).toBe(2);
    expect(await outcome(faults, "GET", "/")).toBe("network-error");
    expect([rule.hits, rule.remaining]).toEqual([1, 1]);
    expect(faults.rules).toHaveLength(1);
    await outcome(faults, "GET", "/");
    expect([rule.hits, rule.remaining]).toEqual([2, 0]);
    expect(faults.rules).toHaveLength(0);
    expect(await outcome(faults, "GET", "/")).toBeUndefined();
  });

  it("a RegExp rule with times 1 passes over the requests it does not match", async () => {
    const faults = new Faults(clock);
    const rule = faults.status(500, { path: /^\/v1\/profiles$/, times: 1 });
    expect(await outcome(faults, "GET", "/v1/sessions")).toBeUndefined();
    expect(await outcome(faults, "GET", "/v1/profiles")).toBe(500);
    expect([rule.hits, rule.remaining]).toEqual([1, 0]);
    expect(await outcome(faults, "GET", "/v1/profiles")).toBeUndefined();
  });

  it.each([
    ["any path", 1, undefined],
    ["any path", 2, undefined],
    ["a RegExp", 1, /^\/v1\//],
    ["a RegExp", 2, /^\/v1\//],
  ])("times counts requests that arrive together (%s, times %s)", async (_what, times, path) => {
    const faults = new Faults(clock);
    const rule = faults.status(503, { times, path });
    const answers = await Promise.all([1, 2, 3, 4].map(() => outcome(faults, "GET", "/v1/profiles")));
    expect(answers.filter((a) => a === 503)).toHaveLength(times);
    expect(answers.filter((a) => a === undefined)).toHaveLength(4 - times);
    expect([rule.hits, rule.remaining]).toEqual([times, 0]);
  });

  it("without times acts until removed", async () => {
    const faults = new Faults(clock);
    const rule = faults.status(503);
    for (let i = 0; i < 5; i++) expect(await outcome(faults, "GET", "/")).toBe(503);
    expect([rule.hits, rule.remaining]).toEqual([5, undefined]);
    rule.remove();
    expect(await outcome(faults, "GET", "/")).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses times %s", (times) => {
    expect(() => new Faults(clock).networkError({ times })).toThrow(/positive integer/);
  });

  it("latencies add up; only the oldest answering rule acts, a later one keeps its count", async () => {
    const faults = new Faults(clock);
    const slow = faults.latency(30);
    const status = faults.status(500, { times: 1 });
    const slower = faults.latency(12, { path: "/v1/profiles" });
    const later = faults.networkError({ times: 1 });
    const started = performance.now();
    expect(await outcome(faults, "GET", "/v1/profiles")).toBe(500);
    // Both latencies waited, one after the other (a lower bound: a busy machine only adds).
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
    expect([slow.hits, slower.hits, status.hits, later.hits, later.remaining]).toEqual([1, 1, 1, 0, 1]);
    expect(await outcome(faults, "GET", "/v1/sessions")).toBe("network-error");
    expect([slow.hits, slower.hits]).toEqual([2, 1]);
    expect(faults.rules.map((r) => r.kind)).toEqual(["latency", "latency"]);
  });

  it("rules is a copy, oldest first; clear() removes every rule", async () => {
    const faults = new Faults(clock);
    faults.latency(0);
    faults.networkError();
    const rules = faults.rules as unknown[];
    rules.pop();
    expect(faults.rules.map((r) => r.kind)).toEqual(["latency", "network-error"]);
    faults.clear();
    expect(faults.rules).toEqual([]);
    expect(await outcome(faults, "GET", "/")).toBeUndefined();
  });

  it.each([-1, Number.NaN])("refuses latency %s", (ms) => {
    expect(() => new Faults(clock).latency(ms)).toThrow(/0 or more/);
  });

  it.each([399, 600, 400.5])("refuses the status %s", (status) => {
    expect(() => new Faults(clock).status(status, { code: "X", title: "X" })).toThrow(/400 to 599/);
  });

  it("takes the edges of the error range", () => {
    expect(new Faults(clock).status(400).kind).toBe("status");
    expect(new Faults(clock).status(599, { code: "Custom", title: "Custom" }).kind).toBe("status");
  });
});

describe("forced problems", () => {
  it("default to the server's code and title for the status; a 429 is a SessionLimit", () => {
    expect(problemLabel(404, {})).toEqual({ code: "NotFound", title: "Not found" });
    expect(problemLabel(422, {})).toEqual({ code: "IdempotencyKeyReused", title: "Idempotency key reused" });
    expect(problemLabel(429, {})).toEqual({ code: "SessionLimit", title: "Session limit" });
    expect(problemLabel(409, { code: "NotFound" })).toEqual({ code: "NotFound", title: "Not found" });
  });

  it("need a code and title for what the server never sends", () => {
    expect(() => problemLabel(418, {})).toThrow("The server sends no problem with status 418: give the fault");
    expect(() => problemLabel(418, { code: "Teapot" })).toThrow("The server sends no problem Teapot: give");
    expect(problemLabel(418, { code: "Teapot", title: "I am a teapot" })).toEqual({
      code: "Teapot",
      title: "I am a teapot",
    });
  });

  it("are shaped like the server's, with the fault's headers and extensions", async () => {
    const response = forcedProblem(clock, 418, {
      code: "Teapot",
      title: "I am a teapot",
      headers: { "Retry-After": "3", "Content-Type": "text/plain" },
      extensions: { spout: 1 },
    });
    const requestId = response.headers.get("x-request-id");
    // The server's request ids: a UUIDv7 that carries the clock's millisecond (0x19b76daa800).
    expect(requestId).toMatch(/^req_019b76da-a800-7/);
    expect(response.status).toBe(418);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("retry-after")).toBe("3");
    expect(await response.json()).toEqual({
      type: "https://driftstack.dev/problems/Teapot",
      title: "I am a teapot",
      status: 418,
      detail: "Forced by a @driftstack/mock fault: 418 Teapot.",
      code: "Teapot",
      request_id: requestId,
      spout: 1,
    });
  });
});
