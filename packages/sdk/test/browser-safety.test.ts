import { afterEach, describe, expect, it, vi } from "vitest";
import { Driftstack, DriftstackError } from "../src";

afterEach(() => vi.unstubAllGlobals());

/** What a web page looks like to the SDK: both globals exist. */
function inAPage() {
  vi.stubGlobal("window", {});
  vi.stubGlobal("document", {});
}

describe("browser safety", () => {
  it("refuses to run in a page: the key would ship to every visitor", () => {
    inAPage();
    const error = (() => {
      try {
        new Driftstack({ apiKey: "dsk_x" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DriftstackError);
    expect((error as Error).message).toMatch(/API key would be visible/);
    expect((error as Error).message).toMatch(/dangerouslyAllowBrowser: true/);
  });

  it("runs in a page with dangerouslyAllowBrowser, without a User-Agent of its own", async () => {
    inAPage();
    const requests: Request[] = [];
    const fetch = async (request: Request) => {
      requests.push(request);
      return Response.json({ status: "ok" });
    };
    const ds = new Driftstack({ apiKey: "dsk_x", fetch, dangerouslyAllowBrowser: true });
    await ds.health();
    expect(requests[0]?.headers.get("user-agent") ?? "").not.toMatch(/Driftstack/);
    expect(requests[0]?.headers.get("x-driftstack-retry-count")).toBe("0");
  });

  it("withOptions keeps the opt-in", () => {
    inAPage();
    const ds = new Driftstack({ apiKey: "dsk_x", dangerouslyAllowBrowser: true });
    expect(() => ds.withOptions({ account: "acct_x" })).not.toThrow();
  });

  it("a worker (window without document) or a server runtime is not a page", () => {
    vi.stubGlobal("window", {});
    expect(() => new Driftstack({ apiKey: "dsk_x" })).not.toThrow();
  });
});
