import { describe, expect, it } from "vitest";
import type { PortableCookie, PortableState } from "../../src/domain/portable-state";
import { diffStates } from "../../src/domain/state-diff";
import { countState, summarizeState } from "../../src/domain/state-summary";

const cookie = (over: Partial<PortableCookie>): PortableCookie => ({
  name: "sid",
  value: "v",
  domain: "app.example.org",
  path: "/",
  expires: -1,
  httpOnly: false,
  secure: true,
  sameSite: "Lax",
  ...over,
});
const withOrigins = (cookies: PortableCookie[], ...origins: string[]): PortableState => ({
  cookies,
  origins: origins.map((origin) => ({ origin, localStorage: [{ name: "k", value: "v" }] })),
});
const grouped = (state: PortableState) => summarizeState(state).map((o) => [o.origin, o.cookies.map((c) => c.name)]);

describe("grouping state by origin", () => {
  it("lists the origins sorted, whatever order the state holds them in", () => {
    const state = withOrigins([], "https://c.test", "https://a.test", "https://b.test");
    expect(summarizeState(state).map((o) => o.origin)).toEqual(["https://a.test", "https://b.test", "https://c.test"]);
  });

  it("gives a domain cookie, whatever its case, to the first storage origin in sorted order it is sent to", () => {
    const state = withOrigins(
      [cookie({ domain: ".Example.ORG" })],
      "https://www.example.org",
      "https://app.example.org",
    );
    expect(grouped(state)).toEqual([
      ["https://app.example.org", ["sid"]],
      ["https://www.example.org", []],
    ]);
  });

  it("never gives a host-only cookie to a subdomain's origin: it gets an origin of its own, https when secure", () => {
    const state = withOrigins(
      [
        cookie({ name: "plain", domain: "example.org", secure: false }),
        cookie({ name: "safe", domain: "example.org" }),
      ],
      "https://www.example.org",
    );
    expect(grouped(state)).toEqual([
      ["http://example.org", ["plain"]],
      ["https://example.org", ["safe"]],
      ["https://www.example.org", []],
    ]);
  });

  it("puts a cookie without a domain under an origin of its own, or a storage origin without a host", () => {
    const lone = withOrigins([cookie({ domain: "", secure: false })]);
    expect(grouped(lone)).toEqual([["http://", ["sid"]]]);
    // "null" (an opaque origin) and file:// have no host: a domainless cookie is sent to them.
    for (const origin of ["null", "file://"]) {
      const state = withOrigins(lone.cookies, origin);
      expect(grouped(state)).toEqual([[origin, ["sid"]]]);
      expect(countState(state, 1)).toEqual({ origins: 1, cookies: 1, bytes: 1 });
    }
  });

  it("lists a diff's changed origins sorted, also when only the later state holds the first", () => {
    const diff = diffStates(withOrigins([], "https://b.test"), withOrigins([], "https://a.test"));
    expect(diff.map((d) => d.origin)).toEqual(["https://a.test", "https://b.test"]);
  });
});
