import { describe, expect, it } from "vitest";
import { isTier, profileCap, TIERS } from "../../src/domain/tiers";

// Literal: the pricing page's caps, never read back from src.
const PRICED = [
  ["trial_pack", 1],
  ["solo_manual", 5],
  ["team_manual", 50],
  ["agency_manual", 200],
  ["api_starter", 10],
  ["api_builder", 25],
  ["api_scale", 100],
] as const;

describe("tiers", () => {
  it("are the eight the pricing page sells, enterprise last", () => {
    expect(TIERS).toEqual([...PRICED.map(([tier]) => tier), "enterprise"]);
  });

  it.each(PRICED)("%s caps profiles at %i whatever cap the account row holds", (tier, cap) => {
    expect(profileCap({ tier, profileCap: null })).toBe(cap);
    expect(profileCap({ tier, profileCap: 7 })).toBe(cap);
  });

  it("enterprise takes the operator's negotiated cap, or none", () => {
    expect(profileCap({ tier: "enterprise", profileCap: 7 })).toBe(7);
    expect(profileCap({ tier: "enterprise", profileCap: null })).toBeNull();
  });

  it("isTier accepts the tier names only, not inherited object keys", () => {
    expect(isTier("agency_manual")).toBe(true);
    expect(isTier("enterprise")).toBe(true);
    for (const name of ["", "toString", "constructor", "Agency_manual", "pro"]) expect(isTier(name)).toBe(false);
  });
});
