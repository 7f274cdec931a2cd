import { describe, expect, it } from "vitest";
import { idTime, newId } from "../../src/domain/ids";

describe("ids", () => {
  it("stay well formed and distinct past the random pool's refill (4,096 bytes, 6 per id)", () => {
    const made = Array.from({ length: 3000 }, () => newId("session", 1_700_000_000_000));
    for (const id of made) expect(idTime("session", id)).toBe(1_700_000_000_000);
    expect(new Set(made.map((id) => id.slice(-12))).size).toBe(made.length);
  });

  it("have their time read only under their own kind's prefix, even one of the same length", () => {
    const id = newId("session", 5_000);
    expect(idTime("session", id)).toBe(5_000);
    expect(idTime("profile", id)).toBeNull();
    expect(idTime("profile", `prof_${id.slice(5)}`)).toBe(5_000);
  });
});
