import { describe, expect, it } from "vitest";
import { APIConnectionError, DriftstackError } from "../src";
import { clientOn, me, scripted } from "./support/wire";

describe("what a successful answer becomes", () => {
  it("a 200 body that is not JSON: a DriftstackError saying so, not a connection error", async () => {
    const wire = scripted(() => new Response("<html>maintenance</html>", { status: 200 }));
    const error = await clientOn(wire.fetch)
      .account.me()
      .catch((e) => e);
    expect(error).toBeInstanceOf(DriftstackError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/^The API answered with a body that is not valid JSON: ./);
    expect(error.cause).toBeInstanceOf(SyntaxError);
    expect(wire.requests).toHaveLength(1);
  });

  it("a JSON null resolves to null, request id or not", async () => {
    const wire = scripted(() => Response.json(null, { headers: { "x-request-id": "req_1" } }));
    await expect(clientOn(wire.fetch).account.me()).resolves.toBeNull();
  });

  it("the request id tag is the caller's to remove or replace", async () => {
    const wire = scripted(() => Response.json(me, { headers: { "x-request-id": "req_1" } }));
    const account = await clientOn(wire.fetch).account.me();
    expect(account._requestId).toBe("req_1");
    Object.defineProperty(account, "_requestId", { value: "req_quoted" });
    expect(account._requestId).toBe("req_quoted");
    delete (account as { _requestId?: string })._requestId;
    expect(account._requestId).toBeUndefined();
  });
});

describe("the promises a call returns name themselves", () => {
  it("APIPromise and PagePromise, as Object.prototype.toString shows them", async () => {
    const wire = scripted(() => Response.json({ data: [], has_more: false, next_cursor: null }));
    const ds = clientOn(wire.fetch);
    const call = ds.account.me();
    const list = ds.profiles.list();
    expect(Object.prototype.toString.call(call)).toBe("[object APIPromise]");
    expect(Object.prototype.toString.call(list)).toBe("[object PagePromise]");
    await call;
  });
});
