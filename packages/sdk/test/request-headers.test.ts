import { describe, expect, it } from "vitest";
import type { PortableState } from "../src";
import { clientOn, me, scripted } from "./support/wire";

const state = { cookies: [], origins: [] } as unknown as PortableState;
const unavailable = () => new Response("", { status: 503, headers: { "Retry-After": "0" } });
const idempotencyKeys = (requests: Request[]) => requests.map((r) => r.headers.get("idempotency-key"));

describe("Idempotency-Key beyond POST", () => {
  it("a PUT carries the key the caller chose, on every attempt", async () => {
    const wire = scripted(unavailable, () => Response.json(me));
    await clientOn(wire.fetch).profiles.importState("prof_1", state, { idempotencyKey: "import-7" });
    expect(wire.requests.map((r) => r.method)).toEqual(["PUT", "PUT"]);
    expect(idempotencyKeys(wire.requests)).toEqual(["import-7", "import-7"]);
  });

  it("a PUT without a chosen key carries none (repeating a replacement is safe)", async () => {
    const wire = scripted();
    await clientOn(wire.fetch).profiles.importState("prof_1", state);
    expect(idempotencyKeys(wire.requests)).toEqual([null]);
  });

  it("GET and PATCH carry none, even when the caller passes one", async () => {
    const wire = scripted();
    const ds = clientOn(wire.fetch);
    await ds.profiles.get("prof_1", { idempotencyKey: "k-get" });
    await ds.profiles.update("prof_1", { description: "d" }, { idempotencyKey: "k-patch" });
    expect(wire.requests.map((r) => r.method)).toEqual(["GET", "PATCH"]);
    expect(idempotencyKeys(wire.requests)).toEqual([null, null]);
  });
});

describe("X-Driftstack-Retry-Count on a request without a body", () => {
  it("numbers each GET attempt", async () => {
    const wire = scripted(unavailable, unavailable, () => Response.json(me));
    await clientOn(wire.fetch).account.me();
    expect(wire.requests.map((r) => r.headers.get("x-driftstack-retry-count"))).toEqual(["0", "1", "2"]);
  });
});
