import { afterEach, describe, expect, it, vi } from "vitest";
import { Driftstack } from "../src";

const me = { id: "acc_1", name: "Acme", tier: "solo" };

/** A fetch that answers `me` after `delayMs`, recording each request it saw. */
function slowWire(delayMs: number) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return Response.json(me);
  };
  return { fetch, requests };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("transport edges", () => {
  it("a timeout beyond what a timer can hold means none, rather than one that fires at once", async () => {
    // setTimeout treats 2^31 ms and more as 1 ms: arming such a timer would fail every call.
    const wire = slowWire(40);
    const ds = new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch, timeoutMs: 2 ** 31, maxRetries: 0 });
    await expect(ds.account.me()).resolves.toMatchObject(me);
    await expect(ds.account.me({ timeoutMs: Number.MAX_SAFE_INTEGER })).resolves.toMatchObject(me);
  });

  it("makes an idempotency key without crypto.randomUUID (an insecure browser context), new for each call", async () => {
    vi.stubGlobal("crypto", {});
    const wire = slowWire(0);
    const ds = new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch, maxRetries: 0 });
    await ds.profiles.create({ name: "a" }).catch(() => undefined);
    await ds.profiles.create({ name: "b" }).catch(() => undefined);
    const keys = wire.requests.map((request) => request.headers.get("idempotency-key"));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^dsk-idem-[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
