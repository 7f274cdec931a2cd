import type { Tier } from "@driftstack/server";

export interface AccountPlan {
  name: string;
  tier: Tier;
  profileCap?: number;
  /** Accounts (by handle) that are members of this one, with their role. */
  members?: Record<string, "member" | "admin">;
}

/**
 * The accounts every target provides, declared once so the suites can name
 * them without knowing how a target creates them. Each gets an admin key and a
 * read key. `default` administers `team`, `viewer` may only read it, `outsider`
 * belongs to nothing (cross-account 404s and non-member 403s).
 */
export const ACCOUNTS = {
  default: { name: "Contract main", tier: "api_builder" },
  trial: { name: "Contract trial", tier: "trial_pack" },
  team: { name: "Contract team", tier: "team_manual", members: { default: "admin", viewer: "member" } },
  viewer: { name: "Contract viewer", tier: "solo_manual" },
  outsider: { name: "Contract outsider", tier: "api_starter" },
  negotiated: { name: "Contract negotiated", tier: "enterprise", profileCap: 2 },
  unlimited: { name: "Contract unlimited", tier: "enterprise" },
} satisfies Record<string, AccountPlan>;

export type Handle = keyof typeof ACCOUNTS;

export const HANDLES = Object.keys(ACCOUNTS) as Handle[];
