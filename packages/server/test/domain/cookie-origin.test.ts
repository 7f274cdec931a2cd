import { describe, expect, it } from "vitest";
import type { PortableCookie } from "../../src/domain/portable-state";
import { cookieOrigin } from "../../src/domain/state-summary";

const cookie = (domain: string, secure = true): PortableCookie => ({
  name: "sid",
  value: "v",
  domain,
  path: "/",
  expires: -1,
  httpOnly: false,
  secure,
  sameSite: "Lax",
});

// A domain cookie (leading dot) with no storage origin it is sent to is listed under its bare domain.
describe("the origin of a cookie no storage origin receives", () => {
  it("drops a domain cookie's leading dot", () => {
    expect(cookieOrigin(cookie(".example.org"), [])).toBe("https://example.org");
    expect(cookieOrigin(cookie(".Example.ORG", false), ["https://other.test"])).toBe("http://example.org");
  });

  it("keeps a host cookie's domain as it is", () => {
    expect(cookieOrigin(cookie("app.example.org"), [])).toBe("https://app.example.org");
  });

  it("gives a domain cookie to the storage origin on its bare domain", () => {
    expect(cookieOrigin(cookie(".example.org"), ["https://example.org"])).toBe("https://example.org");
  });
});
