import { createDriftstackMock } from "@driftstack/mock";
import { Driftstack } from "@driftstack/sdk";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { syncProfiles } from "../sync-profiles";

// The three-line offline setup from the README.
const mock = createDriftstackMock({ tier: "solo_manual" });
const server = setupServer(...mock.handlers);
const ds = new Driftstack({ apiKey: mock.apiKey, backoff: { initialDelayMs: 1, maxDelayMs: 5 } });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => mock.reset());
afterAll(async () => {
  server.close();
  await mock.close();
});

describe("syncProfiles, offline against @driftstack/mock", () => {
  it("creates what is missing and deletes what is not wanted", async () => {
    await mock.seed.profiles(["old", "kept"]);
    const result = await syncProfiles(ds, ["kept", "checkout", "search"]);
    expect(result).toEqual({ created: ["checkout", "search"], deleted: ["old"], kept: ["kept"] });
    const names = (await ds.profiles.list().toArray({ max: 10 })).map((p) => p.name).sort();
    expect(names).toEqual(["checkout", "kept", "search"]);
  });

  it("creates each profile once through two 503s (the SDK retries with one Idempotency-Key)", async () => {
    mock.faults.status(503, { method: "POST", path: "/v1/profiles", times: 2, headers: { "Retry-After": "0" } });
    const result = await syncProfiles(ds, ["checkout"]);
    expect(result.created).toEqual(["checkout"]);
    expect((await ds.profiles.list()).data.map((p) => p.name)).toEqual(["checkout"]);
  });

  it("stops at the tier cap with the server's TierLimit error", async () => {
    await expect(syncProfiles(ds, ["a", "b", "c", "d", "e", "f"])).rejects.toMatchObject({
      name: "TierLimitError",
      limit: 5,
      tier: "solo_manual",
    });
  });
});
