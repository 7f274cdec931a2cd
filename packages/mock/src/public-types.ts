/*
 * The server's types that appear in the mock's public API, written out here so the mock's
 * published `.d.ts` stands alone: an app type-checks the mock without the server's internals
 * (drizzle, hono, zod). `test/public-types.test.ts` proves them equal to the server's.
 */

/** An account tier, as the server names it. */
export type Tier =
  | "trial_pack"
  | "solo_manual"
  | "team_manual"
  | "agency_manual"
  | "api_starter"
  | "api_builder"
  | "api_scale"
  | "enterprise";

/** The source of "now" for everything the server stamps. */
export interface Clock {
  now(): number;
}
