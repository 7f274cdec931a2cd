import { describe, expectTypeOf, it } from "vitest";
import type { Account } from "../src/store/accounts";
import type { accounts } from "../src/store/schema";

// `Account` is written out so the published `.d.ts` names no drizzle type; `pnpm typecheck` fails if it drifts from the table.
describe("types written out for the published declarations", () => {
  it("Account is the accounts table's row with the tier narrowed", () => {
    expectTypeOf<Omit<Account, "tier">>().toEqualTypeOf<Omit<typeof accounts.$inferSelect, "tier">>();
    expectTypeOf<Account["tier"]>().toExtend<(typeof accounts.$inferSelect)["tier"]>();
  });
});
