import { beforeEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  ConflictError,
  InternalServerError,
  RateLimitError,
  TierLimitError,
  ValidationFailedError,
} from "../src";
import { retryDelayMs } from "../src/core/retry";
import { setup, type TestAccount } from "./support/server";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/problem+json", ...headers } });

describe("retries", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let account: TestAccount;
  beforeEach(async () => {
    t = await setup();
    account = await t.account();
  });

  /** A fetch that answers with `script[n]` on attempt n (a Response, an Error to throw, or "server"). */
  function scripted(script: (Response | Error | "server")[]) {
    const seen: Request[] = [];
    const replies: Response[] = [];
    const fetch = async (request: Request) => {
      seen.push(request.clone());
      const step = script[seen.length - 1] ?? "server";
      if (step instanceof Error) throw step;
      const response = step === "server" ? await t.appFetch(request) : step;
      replies.push(response.clone());
      return response;
    };
    return { fetch, seen, replies };
  }

  const keys = (requests: Request[]) => requests.map((r) => r.headers.get("idempotency-key"));
  const profileCount = async () => (await t.client(account).profiles.list()).data.length;

  it("a network error, then a 503 with Retry-After: 0, then the server: one profile, one Idempotency-Key", async () => {
    const wire = scripted([
      new TypeError("fetch failed"),
      new Response("", { status: 503, headers: { "Retry-After": "0" } }),
    ]);
    const profile = await t.client(account, { fetch: wire.fetch }).profiles.create({ name: "once" });
    expect(profile.name).toBe("once");
    expect(wire.seen).toHaveLength(3);
    const [first, ...rest] = keys(wire.seen);
    expect(first).toMatch(/^dsk-idem-[0-9a-f-]{36}$/);
    expect(rest).toEqual([first, first]);
    for (const request of wire.seen) expect(await request.json()).toEqual({ name: "once" });
    expect(await profileCount()).toBe(1);
  });

  // The case idempotency exists for: the server did the work, but its answer was lost on the way back.
  it("a 503 after the server created the profile: the retry replays the first answer, still one profile", async () => {
    let attempt = 0;
    const replies: Response[] = [];
    const fetch = async (request: Request) => {
      const response = await t.appFetch(request);
      replies.push(response.clone());
      return ++attempt === 1
        ? new Response("upstream reset", { status: 503, headers: { "Retry-After": "0" } })
        : response;
    };
    const profile = await t.client(account, { fetch }).profiles.create({ name: "lost-answer" });
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.headers.get("idempotent-replayed"))).toEqual([null, "true"]);
    expect(await replies[0]?.json()).toEqual(profile);
    expect(await profileCount()).toBe(1);
  });

  it("an explicit idempotencyKey is sent on every attempt", async () => {
    const wire = scripted([new TypeError("reset"), "server"]);
    await t.client(account, { fetch: wire.fetch }).profiles.create({ name: "keyed" }, { idempotencyKey: "order-42" });
    expect(keys(wire.seen)).toEqual(["order-42", "order-42"]);
  });

  it("each call gets its own key; GET, PATCH and DELETE carry none", async () => {
    const wire = scripted([]);
    const ds = t.client(account, { fetch: wire.fetch });
    const a = await ds.profiles.create({ name: "a" });
    await ds.profiles.clone(a.id);
    await ds.profiles.update(a.id, { description: "d" });
    await ds.profiles.get(a.id);
    await ds.profiles.delete(a.id);
    const [k1, k2, ...others] = keys(wire.seen);
    expect(k1).not.toBe(k2);
    expect(k2).toMatch(/^dsk-idem-/);
    expect(others).toEqual([null, null, null]);
  });

  it("TierLimit is not retried: exactly one request", async () => {
    const trial = await t.account("trial_pack");
    await t.client(trial).profiles.create({ name: "only" });
    const wire = scripted([]);
    const error = t.client(trial, { fetch: wire.fetch, maxRetries: 5 }).profiles.create({ name: "more" });
    await expect(error).rejects.toBeInstanceOf(TierLimitError);
    expect(wire.seen).toHaveLength(1);
    expect(wire.replies[0]?.headers.get("x-should-retry")).toBe("false");
  });

  it("a TierLimit body is not retried even when a proxy dropped x-should-retry", async () => {
    const tierLimit = {
      code: "TierLimit",
      status: 429,
      detail: "cap",
      limit: 1,
      current: 1,
      resource: "profile",
      tier: "x",
    };
    const wire = scripted([json(429, tierLimit)]);
    await expect(t.client(account, { fetch: wire.fetch }).account.me()).rejects.toBeInstanceOf(TierLimitError);
    expect(wire.seen).toHaveLength(1);
  });

  it("another 429 is retried, honouring retry-after-ms", async () => {
    const wire = scripted([json(429, {}, { "retry-after-ms": "60" })]);
    const started = Date.now();
    expect((await t.client(account, { fetch: wire.fetch }).account.me()).id).toBe(account.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(wire.seen).toHaveLength(2);
  });

  it.each([
    [400, ValidationFailedError],
    [409, ConflictError],
  ])("%i is never retried, even when the server says x-should-retry: true", async (status, cls) => {
    const wire = scripted([json(status, {}, { "x-should-retry": "true" })]);
    await expect(t.client(account, { fetch: wire.fetch }).account.me()).rejects.toBeInstanceOf(cls);
    expect(wire.seen).toHaveLength(1);
  });

  it("x-should-retry: false stops a 503; 408 and 500 are retried", async () => {
    const stop = scripted([json(503, {}, { "x-should-retry": "false" })]);
    await expect(t.client(account, { fetch: stop.fetch }).account.me()).rejects.toBeInstanceOf(InternalServerError);
    expect(stop.seen).toHaveLength(1);
    const go = scripted([json(408, {}), json(500, {})]);
    await t.client(account, { fetch: go.fetch }).account.me();
    expect(go.seen).toHaveLength(3);
  });

  it("gives up after maxRetries (client-wide, then per call) with the last error", async () => {
    const always = scripted(Array.from({ length: 10 }, () => json(503, {})));
    await expect(t.client(account, { fetch: always.fetch }).account.me()).rejects.toBeInstanceOf(InternalServerError);
    expect(always.seen).toHaveLength(3);
    const again = scripted(Array.from({ length: 10 }, () => json(503, {})));
    const ds = t.client(account, { fetch: again.fetch, maxRetries: 4 });
    await expect(ds.account.me({ maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(again.seen).toHaveLength(1);
  });

  it("connection errors become APIConnectionError with the cause once retries run out", async () => {
    const cause = new TypeError("fetch failed");
    const wire = scripted([cause, cause, cause]);
    const error = await t
      .client(account, { fetch: wire.fetch })
      .profiles.create({ name: "x" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.cause).toBe(cause);
    expect(wire.seen).toHaveLength(3);
    expect(await profileCount()).toBe(0);
  });

  it("RateLimitError once retries on a 429 run out", async () => {
    const wire = scripted([json(429, {}), json(429, {})]);
    const ds = t.client(account, { fetch: wire.fetch, maxRetries: 1 });
    await expect(ds.account.me()).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe("retryDelayMs", () => {
  const withHeaders = (headers: Record<string, string>) => new Response(null, { status: 503, headers });
  const now = Date.parse("2026-05-09T22:00:00.000Z");

  it("exponential from 500 ms, doubling, capped at 8 s, with up to 25 % jitter below", () => {
    for (const [retry, base] of [
      [0, 500],
      [1, 1000],
      [3, 4000],
      [4, 8000],
      [9, 8000],
    ] as const) {
      for (let i = 0; i < 20; i++) {
        const delay = retryDelayMs(retry, undefined);
        expect(delay).toBeGreaterThanOrEqual(base * 0.75);
        expect(delay).toBeLessThanOrEqual(base);
      }
    }
    expect(retryDelayMs(2, undefined, { initialDelayMs: 1, maxDelayMs: 3 })).toBeLessThanOrEqual(3);
  });

  it("Retry-After in seconds or as an HTTP date, retry-after-ms first", () => {
    expect(retryDelayMs(0, withHeaders({ "retry-after": "2" }), {}, now)).toBe(2000);
    expect(retryDelayMs(0, withHeaders({ "retry-after": "Sat, 09 May 2026 22:00:03 GMT" }), {}, now)).toBe(3000);
    expect(retryDelayMs(0, withHeaders({ "retry-after": "Sat, 09 May 2026 21:00:00 GMT" }), {}, now)).toBe(0);
    expect(retryDelayMs(0, withHeaders({ "retry-after-ms": "250", "retry-after": "9" }), {}, now)).toBe(250);
  });

  it("ignores an unreasonable or unreadable Retry-After and backs off instead", () => {
    for (const value of ["3600", "soon", "-5"]) {
      const delay = retryDelayMs(0, withHeaders({ "retry-after": value }), {}, now);
      expect(delay).toBeGreaterThanOrEqual(375);
      expect(delay).toBeLessThanOrEqual(500);
    }
  });
});
