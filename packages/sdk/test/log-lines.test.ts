import { afterEach, describe, expect, it, vi } from "vitest";
import { Driftstack } from "../src";
import { memoryLogger } from "./support/memory-logger";
import { clientOn, me, scripted } from "./support/wire";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("debug lines", () => {
  it("the duration is the attempt's, in ms to one decimal", async () => {
    // The attempt starts at 1000 ms and ends 12.34 ms later.
    const clock = [1000, 1012.34];
    vi.spyOn(performance, "now").mockImplementation(() => clock.shift() ?? 0);
    const { logger, lines } = memoryLogger();
    const wire = scripted(() => Response.json(me, { headers: { "x-request-id": "req_1" } }));
    await clientOn(wire.fetch, { logLevel: "debug", logger }).account.me();
    expect(lines).toEqual([
      {
        level: "debug",
        message: "[driftstack] GET /v1/account/me 200 in 12.3 ms (retry 0)",
        details: [
          { method: "GET", path: "/v1/account/me", status: 200, durationMs: 12.3, retry: 0, requestId: "req_1" },
        ],
      },
    ]);
  });

  it("a failed attempt's line carries the error's message", async () => {
    const { logger, lines } = memoryLogger();
    const wire = scripted(() => new TypeError("fetch failed"));
    await clientOn(wire.fetch, { logLevel: "debug", logger, maxRetries: 0 })
      .account.me()
      .catch(() => {});
    expect(lines).toHaveLength(1);
    expect(lines[0]?.details[0]).toMatchObject({
      method: "GET",
      status: undefined,
      error: "Connection error: no response from the Driftstack API.",
    });
  });
});

describe("level settings that cannot be used", () => {
  it("a bad logLevel option names the levels there are", () => {
    // @ts-expect-error not a level
    expect(() => new Driftstack({ apiKey: "dsk_x", logLevel: "verbose" })).toThrow(
      "logLevel must be one of off, error, warn, info, debug, got verbose.",
    );
  });

  it("a bad DRIFTSTACK_LOG is reported with the levels there are, and warn is used", async () => {
    vi.stubEnv("DRIFTSTACK_LOG", "loud");
    const { logger, lines } = memoryLogger();
    await clientOn(scripted().fetch, { logger }).account.me();
    expect(lines).toEqual([
      {
        level: "warn",
        message: "DRIFTSTACK_LOG=loud is not one of off, error, warn, info, debug; using warn.",
        details: [],
      },
    ]);
  });
});
