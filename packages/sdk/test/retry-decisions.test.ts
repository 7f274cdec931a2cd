import { describe, expect, it } from "vitest";
import { APIError, RateLimitError } from "../src";
import { retryDelayMs } from "../src/core/retry";
import { clientOn, me, scripted } from "./support/wire";

const answer =
  (status: number, body: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(body, { status, headers });

describe("which answers are retried", () => {
  it("x-should-retry: true retries a status that is otherwise final", async () => {
    const wire = scripted(answer(418, "{}", { "x-should-retry": "true" }), () => Response.json(me));
    await expect(clientOn(wire.fetch).account.me()).resolves.toEqual(me);
    expect(wire.requests).toHaveLength(2);
  });

  it("a status that is neither 408, 429 nor 5xx is final without a hint", async () => {
    const wire = scripted(answer(418, "{}"), () => Response.json(me));
    const error = await clientOn(wire.fetch)
      .account.me()
      .catch((e) => e);
    expect(error.constructor).toBe(APIError);
    expect(error.status).toBe(418);
    expect(wire.requests).toHaveLength(1);
  });

  it("a 429 whose body is not JSON (a proxy's page) is retried: only a TierLimit body stops it", async () => {
    const wire = scripted(answer(429, "Too Many Requests"), () => Response.json(me));
    await expect(clientOn(wire.fetch).account.me()).resolves.toEqual(me);
    expect(wire.requests).toHaveLength(2);
  });

  it("a 429 with a non-JSON body is a RateLimitError once retries run out", async () => {
    const wire = scripted(answer(429, "Too Many Requests"));
    await expect(clientOn(wire.fetch, { maxRetries: 1 }).account.me()).rejects.toBeInstanceOf(RateLimitError);
    expect(wire.requests).toHaveLength(2);
  });
});

describe("how long a retry waits", () => {
  const waitFor = (headers: Record<string, string>) =>
    retryDelayMs(0, new Response(null, { status: 503, headers }), { initialDelayMs: 400, maxDelayMs: 400 });

  it("a Retry-After of exactly 60 s is honoured; one second more falls back to backoff", () => {
    expect(waitFor({ "retry-after": "60" })).toBe(60_000);
    expect(waitFor({ "retry-after-ms": "60000" })).toBe(60_000);
    const beyond = waitFor({ "retry-after": "61" });
    expect(beyond).toBeGreaterThanOrEqual(300);
    expect(beyond).toBeLessThanOrEqual(400);
  });

  // Headers strip spaces and tabs, but keep a form feed, a vertical tab or a no-break space.
  it.each(["", "\f", "\v", "\u00a0"])("a blank retry-after-ms (%j) is absent: Retry-After applies", (blank) => {
    expect(waitFor({ "retry-after-ms": blank, "retry-after": "2" })).toBe(2000);
  });

  it.each(["", "\f", "\v", "\u00a0"])("a blank Retry-After (%j) is absent: backoff applies", (blank) => {
    const wait = waitFor({ "retry-after": blank });
    expect(wait).toBeGreaterThanOrEqual(300);
    expect(wait).toBeLessThanOrEqual(400);
  });
});
