import { describe, expect, it } from "vitest";
import { idTime, newId } from "../src/domain/ids";
import { copyName, copyNames } from "../src/domain/names";
import { isPrivateHost } from "../src/domain/private-hosts";
import { TtlCache } from "../src/http/key-cache";

describe("ids", () => {
  it("carry their millisecond and the kind's prefix", () => {
    const ms = Date.parse("2026-05-09T22:00:00.123Z");
    const id = newId("profile", ms);
    expect(id).toMatch(/^prof_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idTime("profile", id)).toBe(ms);
    expect(idTime("snapshot", id)).toBeNull();
    expect(idTime("profile", "prof_nope")).toBeNull();
  });

  it("sort in the order they were made within one millisecond, even when another clock interleaves", () => {
    const fixed = 1_700_000_000_000;
    const made: string[] = [];
    for (let i = 0; i < 2000; i++) {
      made.push(newId("profile", fixed));
      if (i % 7 === 0) newId("request", Date.now());
    }
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it("sort by time across milliseconds", () => {
    const earlier = newId("profile", 1_000);
    const later = newId("profile", 2_000);
    expect(earlier < later).toBe(true);
  });
});

describe("copy names", () => {
  it("count (copy), (copy 2) … (copy 99)", () => {
    const names = copyNames("prod");
    expect(names).toHaveLength(99);
    expect(names.slice(0, 3)).toEqual(["prod (copy)", "prod (copy 2)", "prod (copy 3)"]);
    expect(names.at(-1)).toBe("prod (copy 99)");
  });

  it("shorten the base by code points to stay within 64", () => {
    expect([...copyName("😀".repeat(64), 1)]).toHaveLength(64);
    expect(copyName("😀".repeat(64), 12)).toBe(`${"😀".repeat(54)} (copy 12)`);
  });
});

describe("private hosts", () => {
  it.each([
    "localhost",
    "app.localhost",
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "0.0.0.0",
    "[::1]",
    "::",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    // The forms the URL parser hands over: a trailing dot, IPv4-mapped and -compatible IPv6 in hex.
    "localhost.",
    "app.localhost.",
    "[::ffff:7f00:1]",
    "[::ffff:a00:1]",
    "[::7f00:1]",
    "[64:ff9b::7f00:1]",
    "[2002:7f00:1::]",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "[ff02::1]",
    "[fe80::1%25eth0]",
  ])("%s is private", (host) => expect(isPrivateHost(host)).toBe(true));
  it.each([
    "example.org",
    "example.org.",
    "8.8.8.8",
    "172.32.0.1",
    "172.15.0.1",
    "192.169.0.1",
    "[2606:4700::1111]",
    "11.0.0.1",
    "[::ffff:808:808]",
  ])("%s is public", (host) => expect(isPrivateHost(host)).toBe(false));
});

describe("TtlCache", () => {
  it("forgets entries after their TTL and evicts the oldest beyond its size", () => {
    let now = 0;
    const cache = new TtlCache<number>({ now: () => now }, 100, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1);
    cache.set("c", 3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBe(3);
    now = 100;
    expect(cache.get("b")).toBeUndefined();
  });
});
