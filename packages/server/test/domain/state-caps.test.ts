import { expect, it } from "vitest";
import { stateCap } from "../../src/domain/tiers";

// Literal: the README's tier table (state cap per profile), never read back from src.
it.each([
  ["trial_pack", 2],
  ["solo_manual", 8],
  ["team_manual", 16],
  ["agency_manual", 16],
  ["api_starter", 8],
  ["api_builder", 16],
  ["api_scale", 32],
  ["enterprise", 64],
] as const)("%s stores at most %i MiB of state, and never more than the server allows", (tier, mib) => {
  expect(stateCap(tier, 1024 * 1024 * 1024)).toBe(mib * 1024 * 1024);
  expect(stateCap(tier, 1024 * 1024)).toBe(1024 * 1024);
});
