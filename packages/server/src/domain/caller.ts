import type { Tier } from "./tiers";

/** Who a request acts as: resolved by `authenticate`, recorded by the store in audit entries. */
export interface Caller {
  keyId: string;
  /** The account the key belongs to. */
  keyAccountId: string;
  scope: "read" | "admin";
  /** The account the request acts on: the key's own, or the one named by X-Driftstack-Account. */
  account: { id: string; name: string; tier: Tier; profileCap: number | null };
  role: "owner" | "admin" | "member";
}
