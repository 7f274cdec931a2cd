import type { Clock as ServerClock, Tier as ServerTier, TIERS } from "@driftstack/server";
import { describe, expectTypeOf, it } from "vitest";
import type { Clock, Tier } from "../src";

// The mock writes these types out so its published `.d.ts` does not pull in the server's; `pnpm typecheck` fails if they drift.
describe("the mock's copies of the server's public types", () => {
  it("Tier is the server's Tier", () => {
    expectTypeOf<Tier>().toEqualTypeOf<ServerTier>();
    expectTypeOf<(typeof TIERS)[number]>().toEqualTypeOf<Tier>();
  });

  it("Clock is the server's Clock", () => {
    expectTypeOf<Clock>().toEqualTypeOf<ServerClock>();
  });
});
