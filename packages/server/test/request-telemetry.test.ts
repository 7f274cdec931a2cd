import { createRoute } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import type { RequestEvent } from "../src/domain/telemetry";
import { testApp } from "./support/harness";

/**
 * The request event each answer reports (http/request-telemetry.ts), read
 * straight from the telemetry hook: the route pattern a HEAD is counted
 * under, how long the request took, and which failures carry what was thrown.
 */
async function observed() {
  const events: RequestEvent[] = [];
  const t = await testApp({ telemetry: () => ({ request: (event) => events.push(event) }) });
  const owner = await t.account();
  return { t, owner, events };
}

describe("a request's event", () => {
  it("names the GET route a HEAD answered from, and (unmatched) for a HEAD nothing answers", async () => {
    const { t, owner, events } = await observed();
    const profile = (await (await t.call(owner, "POST", "/v1/profiles", { name: "head" })).json()) as { id: string };
    const known = await t.call(owner, "HEAD", `/v1/profiles/${profile.id}`);
    const unknown = await t.call(owner, "HEAD", `/v1/no-such-thing/${profile.id}`);
    expect([known.status, unknown.status]).toEqual([200, 404]);
    expect(events.map((e) => [e.method, e.route, e.status])).toEqual([
      ["POST", "/v1/profiles", 200],
      ["HEAD", "/v1/profiles/:id", 200],
      ["HEAD", "(unmatched)", 404],
    ]);
  });

  it("takes no longer than the request took from outside", async () => {
    const { t, owner, events } = await observed();
    const before = performance.now();
    await t.call(owner, "GET", "/v1/profiles");
    const outside = performance.now() - before;
    expect(events).toHaveLength(1);
    expect(events[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[0]?.durationMs).toBeLessThanOrEqual(outside);
  });

  it("carries what was thrown for an unexpected 500 only: not for a refusal, a 503 or malformed JSON", async () => {
    const { t, owner, events } = await observed();
    const kaboom = new Error("kaboom");
    t.app.openapi(createRoute({ method: "get", path: "/boom", responses: { 200: { description: "never" } } }), () => {
      throw kaboom;
    });
    const profile = (await (await t.call(owner, "POST", "/v1/profiles", { name: "s" })).json()) as { id: string };
    const statuses = [
      (await t.call(owner, "GET", "/boom")).status,
      (await t.call(owner, "GET", "/v1/profiles/prof_missing")).status,
      // No browser in this app: the session is refused with a ProblemError of its own 5xx.
      (await t.call(owner, "POST", "/v1/sessions", { profile_id: profile.id })).status,
      (await t.call(owner, "POST", "/v1/profiles", "{not json")).status,
    ];
    expect(statuses).toEqual([500, 404, 503, 400]);
    expect(events.slice(1).map((e) => e.error)).toEqual([kaboom, undefined, undefined, undefined]);
  });
});
