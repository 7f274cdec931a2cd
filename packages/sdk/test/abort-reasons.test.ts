import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { APIUserAbortError, type ClientOptions } from "../src";
import { clientOn, hanging, me, scripted } from "./support/wire";

/** Aborts a call with a reason once its first request is on `wire`: the error is the abort, its cause the reason. */
async function expectAbortReasonAsCause(
  wire: { fetch: (request: Request) => Promise<Response>; requests: Request[] },
  options: ClientOptions = {},
) {
  const controller = new AbortController();
  const reason = new Error("user left");
  const pending = clientOn(wire.fetch, options)
    .account.me({ signal: controller.signal })
    .catch((e) => e);
  await expect.poll(() => wire.requests.length).toBe(1);
  controller.abort(reason);
  const error = await pending;
  expect(error).toBeInstanceOf(APIUserAbortError);
  expect(error.cause).toBe(reason);
}

const unavailable = () => new Response("", { status: 503, headers: { "Retry-After": "0" } });

describe("an aborted call says it was aborted, and why", () => {
  it("an already aborted signal: the caller's reason is the cause", async () => {
    const wire = scripted();
    const error = await clientOn(wire.fetch)
      .account.me({ signal: AbortSignal.abort("user left") })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.message).toBe("Request was aborted.");
    expect(error.cause).toBe("user left");
    expect(wire.requests).toHaveLength(0);
  });

  it("aborted mid-request with no retries allowed: APIUserAbortError with the reason, not a connection error", async () => {
    const wire = hanging();
    await expectAbortReasonAsCause(wire, { maxRetries: 0 });
  });

  it("aborted while waiting to retry: the reason is the cause", async () => {
    const wire = scripted(() => new Response("", { status: 503, headers: { "Retry-After": "30" } }));
    await expectAbortReasonAsCause(wire);
  });

  it("an abort while fetch is being called still wins over a fetch that ignores it", async () => {
    const controller = new AbortController();
    const fetch = async () => {
      controller.abort("changed my mind");
      return Response.json(me);
    };
    const error = await clientOn(fetch)
      .account.me({ signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error.cause).toBe("changed my mind");
  });
});

describe("no listener of the SDK's stays on the caller's signal", () => {
  it("after a call that waited to retry", async () => {
    const wire = scripted(unavailable, () => Response.json(me));
    const controller = new AbortController();
    await clientOn(wire.fetch).account.me({ signal: controller.signal });
    expect(wire.requests).toHaveLength(2);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("after an abort during the wait", async () => {
    const wire = scripted(() => new Response("", { status: 503, headers: { "Retry-After": "30" } }));
    const controller = new AbortController();
    const pending = clientOn(wire.fetch)
      .account.me({ signal: controller.signal })
      .catch((e) => e);
    await expect.poll(() => wire.requests.length).toBe(1);
    controller.abort();
    expect(await pending).toBeInstanceOf(APIUserAbortError);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
