import { BlockList } from "node:net";
import { describe, expect, it } from "vitest";
import { isIpLiteral, isPublicAddress, parseIpv6 } from "../../src/domain/ip-address";

/**
 * The address classifier against an independent reference: node:net's
 * BlockList loaded with the same policy written as CIDR strings, over every
 * range boundary and many random addresses in several spellings.
 */

const V4_DENIED = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
];
const V6_DENIED_GLOBAL = ["2001::/23", "2001:db8::/32", "3fff::/20"];

const v4Denied = new BlockList();
for (const cidr of V4_DENIED) {
  const [net, bits] = cidr.split("/");
  v4Denied.addSubnet(net as string, Number(bits), "ipv4");
}
const v6Global = new BlockList();
v6Global.addSubnet("2000::", 3, "ipv6");
const v6DeniedGlobal = new BlockList();
for (const cidr of V6_DENIED_GLOBAL) {
  const [net, bits] = cidr.split("/");
  v6DeniedGlobal.addSubnet(net as string, Number(bits), "ipv6");
}

const v4Text = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const v4Number = (text: string) => text.split(".").reduce((n, part) => n * 256 + Number(part), 0);

function referenceV4(text: string): boolean {
  return !v4Denied.check(text, "ipv4");
}

/** Groups of a full IPv6 address → the verdict, judging embedded IPv4 the way RFC 6052 / 3056 / 4291 place it. */
function referenceV6(groups: number[]): boolean {
  const full = groups.map((g) => g.toString(16)).join(":");
  const embedded = (hi: number, lo: number) => referenceV4(v4Text(hi * 65536 + lo));
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroTo(5) && g5 === 0xffff) return embedded(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return embedded(g6, g7);
  if (g0 === 0x2002) return embedded(g1, g2);
  return v6Global.check(full, "ipv6") && !v6DeniedGlobal.check(full, "ipv6");
}

/** A deterministic generator, so a failure replays. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state;
  };
}

describe("IPv4 classification", () => {
  const boundaries = V4_DENIED.flatMap((cidr) => {
    const [net, bits] = cidr.split("/");
    const first = v4Number(net as string);
    const last = first + 2 ** (32 - Number(bits)) - 1;
    return [first - 1, first, first + 1, last - 1, last, last + 1].filter((n) => n >= 0 && n < 2 ** 32);
  });

  it("agrees with the reference at every range boundary", () => {
    for (const n of boundaries)
      expect([v4Text(n), isPublicAddress(v4Text(n))]).toEqual([v4Text(n), referenceV4(v4Text(n))]);
  });

  it("agrees with the reference on 100,000 random addresses", () => {
    const next = random(12);
    for (let i = 0; i < 100_000; i++) {
      const text = v4Text(next());
      if (isPublicAddress(text) !== referenceV4(text)) expect(text).toBe("classified like the reference");
    }
  });

  it.each(["8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.0", "223.255.255.255"])(
    "%s is public",
    (text) => expect(isPublicAddress(text)).toBe(true),
  );
  it.each(["127.0.0.1", "0.0.0.0", "10.255.255.255", "100.64.0.0", "169.254.169.254", "255.255.255.255", "239.1.1.1"])(
    "%s is not",
    (text) => expect(isPublicAddress(text)).toBe(false),
  );
  it.each([
    "127.1",
    "0x7f000001",
    "2130706433",
    "0177.0.0.1",
    "127.0.0.01",
    "01.2.3.4",
    "256.0.0.1",
    "1.2.3",
    "1.2.3.4.5",
    "8.8.8.8x",
    "8.8.8.x8",
    "a.b.c.d",
    // 264 would wrap to 8 in a byte: 8.8.8.8, a public address.
    "264.8.8.8",
    "",
  ])("%s is not a strict IPv4 literal, so neither a literal nor public", (text) => {
    expect(isIpLiteral(text)).toBe(false);
    expect(isPublicAddress(text)).toBe(false);
  });
});

describe("IPv6 classification", () => {
  /** Prefixes where the verdict changes, each filled with random low groups. */
  const PREFIXES: number[][] = [
    [],
    [0, 0, 0, 0, 0, 0xffff],
    [0, 0, 0, 0, 0, 0],
    [0x64, 0xff9b, 0, 0, 0, 0],
    [0x64, 0xff9b, 1],
    [0x100, 0, 0, 0],
    [0x2001, 0],
    [0x2001, 0x1ff],
    [0x2001, 0x200],
    [0x2001, 0xdb8],
    [0x2002],
    [0x2003],
    [0x1fff],
    [0x3fff],
    [0x3fff, 0x1000],
    [0x4000],
    [0x5f00],
    [0xfc00],
    [0xfdff],
    [0xfe80],
    [0xfec0],
    [0xff02],
  ];

  it("agrees with the reference on 40,000 addresses around every special prefix, in every spelling", () => {
    const next = random(34);
    for (let i = 0; i < 40_000; i++) {
      const prefix = PREFIXES[i % PREFIXES.length] as number[];
      const groups = [...prefix];
      // Mostly zeros past the prefix, as real special addresses are, sometimes anything.
      while (groups.length < 8) groups.push(next() % 3 === 0 ? next() & 0xffff : 0);
      const full = groups.map((g) => g.toString(16)).join(":");
      const canonical = new URL(`http://[${full}]/`).hostname;
      const dotted = `${groups
        .slice(0, 6)
        .map((g) => g.toString(16))
        .join(":")}:${v4Text(((groups[6] as number) << 16) + (groups[7] as number))}`;
      const expected = referenceV6(groups);
      for (const spelling of [full, canonical, dotted]) {
        if (isPublicAddress(spelling) !== expected)
          expect([spelling, isPublicAddress(spelling)]).toEqual([spelling, expected]);
      }
    }
  });

  it.each(["2606:4700:4700::1111", "2a00:1450::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])(
    "%s is public",
    (text) => expect(isPublicAddress(text)).toBe(true),
  );
  it.each([
    "::1",
    "::",
    "[::1]",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::127.0.0.1",
    "::8.8.8.8",
    "64:ff9b::a00:1",
    "2002:c0a8:101::",
    "fd12:3456::1",
    "fe80::1%eth0",
    "ff02::1",
    "2001:db8::1",
    "2001::1",
  ])("%s is not", (text) => expect(isPublicAddress(text)).toBe(false));

  it.each(["1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":::", "g::1", "::1.2.3", "1:2:3:4:5:6:7::8:9"])(
    "refuses the malformed %s",
    (text) => {
      expect(parseIpv6(text)).toBeNull();
      expect(isIpLiteral(text)).toBe(false);
      expect(isPublicAddress(text)).toBe(false);
    },
  );

  it.each([
    ["1:2::3", [0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]],
    ["1::3:4:5:6:7:8", [0, 1, 0, 0, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ["abcd::1.2.3.4", [0xab, 0xcd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]],
    ["FE80::1%eth0", [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
  ])("reads %s as its sixteen bytes, the :: filling exactly the missing groups", (text, bytes) => {
    expect([...(parseIpv6(text) ?? [])]).toEqual(bytes);
  });

  it.each(["::zz", "::g1", "::1g", "1::2::3", "1::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8.8.8.8"])(
    "refuses %s, a group that is not one to four hex digits or one group too many",
    (text) => expect(parseIpv6(text)).toBeNull(),
  );

  it("judges a global address by its own prefix, not by the IPv4 bytes a 6to4 address would carry there", () => {
    // 2606:a00::/32 is global unicast; bytes 2–5 read as IPv4 would be 10.0.0.0, a private network.
    expect(isPublicAddress("2606:a00::1")).toBe(true);
    // Documentation space is refused although it lies in only one of the denied global ranges.
    expect(isPublicAddress("2001:db8:ffff::1")).toBe(false);
  });

  it("takes off only a pair of brackets around the whole address", () => {
    expect(isPublicAddress("[2606:4700::1111]")).toBe(true);
    expect(isIpLiteral("[2606:4700::1111]")).toBe(true);
    for (const text of ["2606:4700::[1111]", "[2606:4700::]1111", "[8.8.8.8", "8.8.8.8]"]) {
      expect([text, isPublicAddress(text), isIpLiteral(text)]).toEqual([text, false, false]);
    }
  });

  it("reads the same bytes from every spelling", () => {
    expect(parseIpv6("::ffff:127.0.0.1")).toEqual(parseIpv6("0:0:0:0:0:ffff:7f00:0001"));
    expect(parseIpv6("1::")).toEqual(parseIpv6("1:0:0:0:0:0:0:0"));
    expect(parseIpv6("1:2:3:4:5:6:7::")).toEqual(parseIpv6("1:2:3:4:5:6:7:0"));
  });
});

it("names are not IP literals and never public by themselves", () => {
  for (const name of ["localhost", "example.org", "vm", "127.0.0.1.nip.io", "example.org:443", "a:b"]) {
    expect(isIpLiteral(name)).toBe(false);
    expect(isPublicAddress(name)).toBe(false);
  }
});
