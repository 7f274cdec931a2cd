import { afterEach, describe, expect, it, vi } from "vitest";
import { APIConnectionTimeoutError, Driftstack } from "../src";
import { hanging } from "./support/wire";

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
  vi.useRealTimers();
});

/** Settles to what `promise` gave, or to "pending" if it has not settled within `ms` of real time. */
const within = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve("pending"), ms))]);

describe("transport edges", () => {
  it("a timeout beyond what a timer can hold means none, rather than one that fires at once", async () => {
    // setTimeout treats 2^31 ms and more as 1 ms: arming such a timer would fail every call.
    const wire = slowWire(40);
    const ds = new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch, timeoutMs: 2 ** 31, maxRetries: 0 });
    await expect(ds.account.me()).resolves.toMatchObject(me);
    await expect(ds.account.me({ timeoutMs: Number.MAX_SAFE_INTEGER })).resolves.toMatchObject(me);
  });

  it("the longest timeout a timer can hold (2^31-1 ms) is still armed, and fires", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const wire = hanging();
    const ds = new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch, timeoutMs: 2 ** 31 - 1, maxRetries: 0 });
    const outcome = ds.account.me().catch((e) => e);
    await vi.advanceTimersByTimeAsync(2 ** 31 - 1);
    vi.useRealTimers();
    const error = await within(outcome, 200);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toBe("Request timed out after 2147483647 ms.");
  });

  it("a body that stalls past the timeout is a timeout, even when fetch reports the abort as its own AbortError", async () => {
    // Fetch polyfills (whatwg-fetch, cross-fetch) fail a body with their own AbortError, not the signal's reason.
    const fetch = async (request: Request) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":'));
          request.signal.addEventListener("abort", () =>
            controller.error(new DOMException("The operation was aborted.", "AbortError")),
          );
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    };
    const ds = new Driftstack({ apiKey: "dsk_x", fetch, timeoutMs: 20, maxRetries: 0 });
    const error = await ds.account.me().catch((e) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error.message).toBe("Request timed out after 20 ms.");
  });

  it("makes an idempotency key where there is no crypto at all", async () => {
    vi.stubGlobal("crypto", undefined);
    const wire = slowWire(0);
    const ds = new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch, maxRetries: 0 });
    await ds.profiles.create({ name: "a" });
    expect(wire.requests[0]?.headers.get("idempotency-key")).toMatch(/^dsk-idem-[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/);
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
