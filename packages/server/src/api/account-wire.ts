import type { Caller } from "../domain/caller";
import { profileCap } from "../domain/tiers";

/** The account a request acts on as the API answers it (`Account` in account-schemas.ts). */
export function presentAccount(caller: Caller, profileCount: number) {
  const { account, role, scope } = caller;
  return {
    id: account.id,
    name: account.name,
    tier: account.tier,
    // An enterprise cap is negotiated per account and not shown.
    profile_cap: account.tier === "enterprise" ? null : profileCap(account),
    profile_count: profileCount,
    role,
    scope,
  };
}
