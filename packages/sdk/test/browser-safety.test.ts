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
    expect((error as Error).message).toBe(
      "The Driftstack client is running in a browser, where its API key would be visible to everyone who loads the page. " +
        "Call the API from your server instead, or pass `dangerouslyAllowBrowser: true` if you understand the risk " +
        "(for example a local tool, or a key meant to be public).",
    );
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

  it("a document without a window (a server-side DOM shim) is not a page either", () => {
    vi.stubGlobal("document", {});
    expect(() => new Driftstack({ apiKey: "dsk_x" })).not.toThrow();
  });
});
