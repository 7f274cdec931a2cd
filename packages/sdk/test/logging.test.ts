import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Driftstack, DriftstackError } from "../src";
import { memoryLogger } from "./support/memory-logger";
import { setup, type TestAccount } from "./support/server";

afterEach(() => vi.unstubAllEnvs());

describe("logging", () => {
  let t: Awaited<ReturnType<typeof setup>>;
  let account: TestAccount;
  beforeEach(async () => {
    t = await setup();
    account = await t.account();
  });

  it("debug: one line per attempt with method, path, status, duration, retry and request id", async () => {
    const { logger, lines } = memoryLogger();
    const ds = t.client(account, { logLevel: "debug", logger });
    const profile = await ds.profiles.create({ name: "logged" });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe("debug");
    expect(lines[0]?.message).toMatch(/^\[driftstack\] POST \/v1\/profiles 200 in [\d.]+ ms \(retry 0\)$/);
    expect(lines[0]?.details[0]).toEqual({
      method: "POST",
      path: "/v1/profiles",
      status: 200,
      durationMs: expect.any(Number),
      retry: 0,
      requestId: profile._requestId,
    });
  });

  it("info: each retry says how long it waits and why; debug shows every attempt", async () => {
    const { logger, lines } = memoryLogger();
    let attempts = 0;
    const fetch = async (request: Request) =>
      ++attempts === 1 ? new Response("", { status: 503, headers: { "Retry-After": "0" } }) : t.appFetch(request);
    await t.client(account, { fetch, logLevel: "info", logger }).account.me();
    expect(lines).toEqual([
      {
        level: "info",
        message: "[driftstack] retrying GET /v1/account/me in 0 ms after status 503",
        details: [{ method: "GET", path: "/v1/account/me", retry: 1, waitMs: 0, cause: "status 503" }],
      },
    ]);

    const debug = memoryLogger();
    attempts = 0;
    await t.client(account, { fetch, logLevel: "debug", logger: debug.logger }).account.me();
    expect(debug.lines.map((l) => `${l.level} ${l.message.replace(/in [\d.]+ ms \(/, "(")}`)).toEqual([
      "debug [driftstack] GET /v1/account/me 503 (retry 0)",
      "info [driftstack] retrying GET /v1/account/me in 0 ms after status 503",
      "debug [driftstack] GET /v1/account/me 200 (retry 1)",
    ]);
  });

  it("a connection failure is logged with its error, and retried at info", async () => {
    const { logger, lines } = memoryLogger();
    let attempts = 0;
    const fetch = async (request: Request) => {
      if (++attempts === 1) throw new TypeError("fetch failed");
      return t.appFetch(request);
    };
    await t.client(account, { fetch, logLevel: "debug", logger }).account.me();
    expect(lines[0]?.message).toMatch(/GET \/v1\/account\/me APIConnectionError/);
    expect(lines[1]?.details[0]).toMatchObject({ retry: 1, cause: expect.stringMatching(/Connection error/) });
  });

  it("never logs the API key, at any level", async () => {
    const { logger, lines } = memoryLogger();
    const ds = t.client(account, { logLevel: "debug", logger, maxRetries: 1 });
    await ds.profiles.create({ name: "secret-free" });
    await ds.profiles.get("prof_missing").catch(() => {});
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain(account.key);
  });

  it("the default level is warn: a successful call logs nothing", async () => {
    const { logger, lines } = memoryLogger();
    await t.client(account, { logger }).account.me();
    expect(lines).toEqual([]);
  });

  it("DRIFTSTACK_LOG sets the level; the option wins; a bad value is reported and ignored", async () => {
    vi.stubEnv("DRIFTSTACK_LOG", "debug");
    const fromEnv = memoryLogger();
    await t.client(account, { logger: fromEnv.logger }).account.me();
    expect(fromEnv.lines.map((l) => l.level)).toEqual(["debug"]);

    const option = memoryLogger();
    await t.client(account, { logger: option.logger, logLevel: "off" }).account.me();
    expect(option.lines).toEqual([]);

    vi.stubEnv("DRIFTSTACK_LOG", "loud");
    const bad = memoryLogger();
    await t.client(account, { logger: bad.logger }).account.me();
    expect(bad.lines).toEqual([{ level: "warn", message: expect.stringMatching(/DRIFTSTACK_LOG=loud/), details: [] }]);
  });

  it("a bad logLevel option is a DriftstackError at construction", () => {
    // @ts-expect-error not a level
    expect(() => new Driftstack({ apiKey: "dsk_x", logLevel: "verbose" })).toThrow(DriftstackError);
  });
});
