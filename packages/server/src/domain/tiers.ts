/** Profile caps per tier, as the pricing page sells them. */
export const TIER_CAPS = {
  trial_pack: 1,
  solo_manual: 5,
  team_manual: 50,
  agency_manual: 200,
  api_starter: 10,
  api_builder: 25,
  api_scale: 100,
  enterprise: null,
} as const satisfies Record<string, number | null>;

export type Tier = keyof typeof TIER_CAPS;

export const TIERS = Object.keys(TIER_CAPS) as [Tier, ...Tier[]];

export function isTier(value: string): value is Tier {
  return Object.hasOwn(TIER_CAPS, value);
}

/**
 * The cap that applies to an account: the tier's, or for enterprise the
 * operator's negotiated cap (null: no cap).
 */
export function profileCap(account: { tier: Tier; profileCap: number | null }): number | null {
  return account.tier === "enterprise" ? account.profileCap : TIER_CAPS[account.tier];
}
