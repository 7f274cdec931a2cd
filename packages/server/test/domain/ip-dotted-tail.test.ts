import { describe, expect, it } from "vitest";
import { isIpLiteral, isPublicAddress, parseIpv6 } from "../../src/domain/ip-address";

// A dotted IPv4 part is only an IPv6 address's last piece: anywhere else the text is not an address.
describe("a dotted IPv4 part inside IPv6 text", () => {
  it("is read as the last two groups when it ends the address", () => {
    expect(Array.from(parseIpv6("::ffff:8.8.4.4") ?? [])).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 8, 8, 4, 4,
    ]);
    expect(isPublicAddress("::ffff:8.8.4.4")).toBe(true);
  });

  it("makes the text no address when a group follows it", () => {
    expect(parseIpv6("::1.2.3.4:5")).toBeNull();
    expect(parseIpv6("64:ff9b::8.8.8.8:1")).toBeNull();
    expect(isIpLiteral("[::8.8.8.8:1]")).toBe(false);
    expect(isPublicAddress("64:ff9b::8.8.8.8:1")).toBe(false);
  });
});
