import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_BASE_URL, Driftstack, DriftstackError } from "../src";
import { setup } from "./support/server";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** A fetch that answers 200 `{}` and keeps the requests. */
function capture() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return Response.json({ status: "ok" });
  };
  return { fetch, requests };
}

describe("client construction", () => {
  it("without an API key throws a DriftstackError that says how to give one", () => {
    vi.stubEnv("DRIFTSTACK_API_KEY", "");
    expect(() => new Driftstack()).toThrow(DriftstackError);
    expect(() => new Driftstack()).toThrow(/DRIFTSTACK_API_KEY/);
  });

  it("reads DRIFTSTACK_API_KEY and DRIFTSTACK_BASE_URL, defaulting to localhost:8787", async () => {
    vi.stubEnv("DRIFTSTACK_API_KEY", "dsk_from_env");
    vi.stubEnv("DRIFTSTACK_BASE_URL", "");
    const wire = capture();
    const ds = new Driftstack({ fetch: wire.fetch });
    expect(ds.baseUrl).toBe(DEFAULT_BASE_URL);
    await ds.health();
    expect(wire.requests[0]?.url).toBe("http://localhost:8787/healthz");
    expect(wire.requests[0]?.headers.get("authorization")).toBe("Bearer dsk_from_env");

    vi.stubEnv("DRIFTSTACK_BASE_URL", "https://api.example.test/");
    const other = new Driftstack({ fetch: wire.fetch });
    await other.account.me();
    expect(wire.requests[1]?.url).toBe("https://api.example.test/v1/account/me");
  });

  it("options win over the environment", async () => {
    vi.stubEnv("DRIFTSTACK_API_KEY", "dsk_env");
    vi.stubEnv("DRIFTSTACK_BASE_URL", "https://env.test");
    const wire = capture();
    const ds = new Driftstack({ apiKey: "dsk_option", baseUrl: "https://option.test", fetch: wire.fetch });
    await ds.health();
    expect(wire.requests[0]?.url).toBe("https://option.test/healthz");
    expect(wire.requests[0]?.headers.get("authorization")).toBe("Bearer dsk_option");
  });

  it("works where there is no process at all (browsers, workers)", async () => {
    vi.stubGlobal("process", undefined);
    const wire = capture();
    expect(() => new Driftstack({ fetch: wire.fetch })).toThrow(/API key/);
    expect(new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch }).baseUrl).toBe(DEFAULT_BASE_URL);
  });

  it("rejects a baseUrl that is not an http(s) URL", () => {
    for (const baseUrl of ["localhost:8787", "/v1", "ftp://example.test"]) {
      expect(() => new Driftstack({ apiKey: "k", baseUrl })).toThrow(/http\(s\) URL/);
    }
  });

  it("a timeout beyond the timer range means no timeout, not an instant one", async () => {
    const wire = capture();
    const ds = new Driftstack({ apiKey: "k", fetch: wire.fetch, timeoutMs: 2 ** 40 });
    expect(await ds.health()).toEqual({ status: "ok" });
  });

  it("rejects a negative maxRetries or timeoutMs", () => {
    expect(() => new Driftstack({ apiKey: "k", maxRetries: -1 })).toThrow(DriftstackError);
    expect(() => new Driftstack({ apiKey: "k", timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });
});

describe("transport details", () => {
  it("looks fetch up on every request: a fetch installed after construction (as MSW does) is used", async () => {
    const ds = new Driftstack({ apiKey: "dsk_x" });
    const wire = capture();
    vi.stubGlobal("fetch", wire.fetch);
    expect(await ds.health()).toEqual({ status: "ok" });
    expect(wire.requests).toHaveLength(1);
  });

  it("sends defaultHeaders, per-call headers and account, per-call values winning", async () => {
    const wire = capture();
    const ds = new Driftstack({
      apiKey: "dsk_x",
      fetch: wire.fetch,
      account: "acct_default",
      defaultHeaders: { "X-Trace": "client", "X-Other": "kept" },
    });
    await ds.account.me();
    await ds.account.me({ account: "acct_call", headers: { "X-Trace": "call" } });
    const [first, second] = wire.requests;
    expect(first?.headers.get("x-driftstack-account")).toBe("acct_default");
    expect(first?.headers.get("x-trace")).toBe("client");
    expect(second?.headers.get("x-driftstack-account")).toBe("acct_call");
    expect(second?.headers.get("x-trace")).toBe("call");
    expect(second?.headers.get("x-other")).toBe("kept");
  });

  it("an Idempotency-Key given in headers is kept as is", async () => {
    const wire = capture();
    const ds = new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch });
    await ds.profiles.create({ name: "x" }, { headers: { "Idempotency-Key": "from-headers" } });
    expect(wire.requests[0]?.headers.get("idempotency-key")).toBe("from-headers");
  });

  it("path parameters are encoded", async () => {
    const wire = capture();
    await new Driftstack({ apiKey: "dsk_x", fetch: wire.fetch }).profiles.get("a/b?c");
    expect(new URL(wire.requests[0]?.url ?? "").pathname).toBe("/v1/profiles/a%2Fb%3Fc");
  });

  it("the in-process app answers the same through the SDK as over its own fetch", async () => {
    const t = await setup();
    const account = await t.account();
    const ds = t.client(account);
    const viaSdk = await ds.account.me();
    const direct = await (await t.call(account, "GET", "/v1/account/me")).json();
    expect(viaSdk).toEqual(direct);
  });
});

describe("portability", () => {
  it("src imports nothing Node-only", () => {
    const dir = join(import.meta.dirname, "../src");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const source = readFileSync(join(dir, file), "utf8");
      expect(source, file).not.toMatch(/from "node:|require\(|from "(fs|path|http|https|crypto|os|url)"/);
    }
  });
});
