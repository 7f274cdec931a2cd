import { describe, expect, it } from "vitest";
import { ARCHETYPES, DEFAULT_ARCHETYPE, findArchetype } from "../../src/domain/archetypes";

describe("device archetypes", () => {
  it("the default is the iPhone 16 Pro on iOS 18.7 with Safari 26.4, as the real device measures", () => {
    expect(DEFAULT_ARCHETYPE).toBe("iphone16pro_ios18_7_safari26_4");
    expect(findArchetype(DEFAULT_ARCHETYPE)).toEqual({
      id: "iphone16pro_ios18_7_safari26_4",
      device: "iPhone 16 Pro",
      os_version: "18.7",
      browser_version: "26.4",
      user_agent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.4 Mobile/15E148 Safari/604.1",
      viewport: { width: 402, height: 681 },
      screen: { width: 402, height: 874 },
      device_scale_factor: 3,
      is_mobile: true,
      has_touch: true,
    });
  });

  it("are catalogued in this order, and nothing else is found", () => {
    expect(ARCHETYPES.map((a) => a.id)).toEqual([
      "iphone16pro_ios18_7_safari26_4",
      "iphone16promax_ios18_7_safari26_4",
      "iphone16_ios18_7_safari26_4",
      "iphone15pro_ios17_6_safari17_6",
      "iphone15_ios17_5_safari17_5",
    ]);
    expect(findArchetype("iphone15_ios17_5_safari17_5")?.viewport).toEqual({ width: 393, height: 659 });
    expect(findArchetype("iphone17_ios19")).toBeUndefined();
    expect(findArchetype("")).toBeUndefined();
  });
});
