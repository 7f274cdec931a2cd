import { describe, expect, it } from "vitest";
import { KeyCache } from "../src/http/key-cache";
import { sdkFromUserAgent } from "../src/http/sdk-agent";

// Two small rules of the request path: which SDK a request names (for telemetry), and how often
// a key's last use is written (once a minute per key and server).
describe("sdkFromUserAgent", () => {
  it("reads the SDK's version from its User-Agent, suffix or not, up to 200 characters", () => {
    expect(sdkFromUserAgent("Driftstack/JS 1.2.3")).toBe("js/1.2.3");
    expect(sdkFromUserAgent("Driftstack/JS 1.2.3-beta.1 node/20")).toBe("js/1.2.3-beta.1");
    const padded = (length: number) => `Driftstack/JS 1.2.3 ${"x".repeat(length - 20)}`;
    expect(sdkFromUserAgent(padded(200))).toBe("js/1.2.3");
    expect(sdkFromUserAgent(padded(201))).toBeUndefined();
  });

  it("names no SDK for other agents, crafted versions or no header", () => {
    for (const agent of ["curl/8.0", "Driftstack/JS 1.2.3evil", "Driftstack/JS 1.2", "", null, undefined]) {
      expect(sdkFromUserAgent(agent)).toBeUndefined();
    }
  });
});

describe("KeyCache.stampDue", () => {
  it("is due at a key's first use and again a full minute after the last stamp, per key", () => {
    const now = 1_000_000;
    const cache = new KeyCache({ now: () => now }, 5_000, 10);
    expect(cache.stampDue("k1", now)).toBe(true);
    expect(cache.stampDue("k1", now + 59_999)).toBe(false);
    expect(cache.stampDue("k2", now + 59_999)).toBe(true);
    expect(cache.stampDue("k1", now + 60_000)).toBe(true);
    expect(cache.stampDue("k1", now + 60_001)).toBe(false);
  });

  it("remembers at most 10,000 keys: the next new key starts the record afresh", () => {
    const cache = new KeyCache({ now: () => 0 }, 5_000, 10);
    for (let i = 0; i < 10_000; i++) expect(cache.stampDue(`k${i}`, 0)).toBe(true);
    expect(cache.stampDue("k0", 1)).toBe(false); // all 10,000 still remembered
    expect(cache.stampDue("k10000", 1)).toBe(true); // the record is full: cleared, then this one kept
    expect(cache.stampDue("k10000", 2)).toBe(false);
    expect(cache.stampDue("k0", 2)).toBe(true); // forgotten with the rest: due again
  });
});
