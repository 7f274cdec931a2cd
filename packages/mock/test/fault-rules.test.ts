import { describe, expect, it } from "vitest";
import { Faults } from "../src/faults";
import { forcedProblem, problemLabel } from "../src/problem";

// The rules behind `mock.faults`, decided without a request: which rule acts, how often, on what.
describe("fault matching", () => {
  function matches(path: string | RegExp, candidate: string): boolean {
    const faults = new Faults();
    faults.networkError({ path });
    return faults.decide("GET", candidate).answer !== undefined;
  }

  it("an exact path matches only itself, whole", () => {
    expect(matches("/v1/profiles", "/v1/profiles")).toBe(true);
    expect(matches("/v1/profiles", "/v1/profiles/prof_1")).toBe(false);
    expect(matches("/v1/profiles", "/api/v1/profiles")).toBe(false);
  });

  it("takes the path's characters literally", () => {
    expect(matches("/v1/a.b", "/v1/a.b")).toBe(true);
    expect(matches("/v1/a.b", "/v1/aXb")).toBe(false);
    expect(matches("/v1/(x)", "/v1/(x)")).toBe(true);
  });

  it(":param is one segment and * any rest", () => {
    expect(matches("/v1/profiles/:id", "/v1/profiles/prof_1")).toBe(true);
    expect(matches("/v1/profiles/:id", "/v1/profiles/prof_1/clone")).toBe(false);
    expect(matches("/v1/profiles/:id", "/v1/profiles/")).toBe(false);
    expect(matches("/v1/*", "/v1/profiles/prof_1/clone")).toBe(true);
    expect(matches("/v1/*", "/v2/profiles")).toBe(false);
  });

  it("a global RegExp matches every time, not every other time", () => {
    const faults = new Faults();
    faults.networkError({ path: /^\/v1\/profiles/g });
    const answers = [1, 2, 3].map(() => faults.decide("GET", "/v1/profiles").answer?.kind);
    expect(answers).toEqual(["network-error", "network-error", "network-error"]);
    expect(faults.decide("GET", "/v1/sessions").answer).toBeUndefined();
  });

  it("a method matches in any case, and only that method", () => {
    const faults = new Faults();
    faults.networkError({ method: "post" });
    expect(faults.decide("GET", "/v1/profiles").answer).toBeUndefined();
    expect(faults.decide("POST", "/v1/profiles").answer).toEqual({ kind: "network-error" });
  });
});

describe("fault counts", () => {
  it("times: acts that many times, counting hits, then leaves the rules", () => {
    const faults = new Faults();
    const rule = faults.networkError({ times: 2 });
    expect(rule.remaining).toBe(2);
    expect(faults.decide("GET", "/").answer).toEqual({ kind: "network-error" });
    expect([rule.hits, rule.remaining]).toEqual([1, 1]);
    expect(faults.rules).toHaveLength(1);
    faults.decide("GET", "/");
    expect([rule.hits, rule.remaining]).toEqual([2, 0]);
    expect(faults.rules).toHaveLength(0);
    expect(faults.decide("GET", "/").answer).toBeUndefined();
  });

  it("without times acts until removed", () => {
    const faults = new Faults();
    const rule = faults.status(503);
    for (let i = 0; i < 5; i++) faults.decide("GET", "/");
    expect([rule.hits, rule.remaining]).toEqual([5, undefined]);
    rule.remove();
    expect(faults.decide("GET", "/").answer).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses times %s", (times) => {
    expect(() => new Faults().networkError({ times })).toThrow(/positive integer/);
  });

  it("latencies add up; only the oldest answering rule acts, a later one keeps its count", () => {
    const faults = new Faults();
    faults.latency(30);
    const status = faults.status(500, { times: 1 });
    faults.latency(12, { path: "/v1/profiles" });
    const later = faults.networkError({ times: 1 });
    const first = faults.decide("GET", "/v1/profiles");
    expect(first.delayMs).toBe(42);
    expect(first.answer).toEqual({ kind: "status", status: 500, fault: { times: 1 } });
    expect([status.hits, later.hits, later.remaining]).toEqual([1, 0, 1]);
    expect(faults.decide("GET", "/v1/sessions")).toEqual({ delayMs: 30, answer: { kind: "network-error" } });
    expect(faults.rules.map((r) => r.kind)).toEqual(["latency", "latency"]);
  });

  it("rules is a copy, oldest first; clear() removes every rule", () => {
    const faults = new Faults();
    faults.latency(0);
    faults.networkError();
    const rules = faults.rules as unknown[];
    rules.pop();
    expect(faults.rules.map((r) => r.kind)).toEqual(["latency", "network-error"]);
    faults.clear();
    expect(faults.rules).toEqual([]);
    expect(faults.decide("GET", "/")).toEqual({ delayMs: 0, answer: undefined });
  });

  it.each([-1, Number.NaN])("refuses latency %s", (ms) => {
    expect(() => new Faults().latency(ms)).toThrow(/0 or more/);
  });

  it.each([399, 600, 400.5])("refuses the status %s", (status) => {
    expect(() => new Faults().status(status, { code: "X", title: "X" })).toThrow(/400 to 599/);
  });

  it("takes the edges of the error range", () => {
    expect(new Faults().status(400).kind).toBe("status");
    expect(new Faults().status(599, { code: "Custom", title: "Custom" }).kind).toBe("status");
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
    const clock = { now: () => Date.UTC(2026, 0, 1) };
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
