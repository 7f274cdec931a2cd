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

const MIB = 1024 * 1024;

/**
 * The most browser state one profile may store, per tier, in UTF-8 bytes of
 * the portable state (README, tier table). Generous: a logged-in profile
 * usually holds well under 1 MiB. The server's DRIFTSTACK_MAX_STATE_BYTES
 * caps every tier on top of this.
 */
export const TIER_STATE_CAPS = {
  trial_pack: 2 * MIB,
  solo_manual: 8 * MIB,
  team_manual: 16 * MIB,
  agency_manual: 16 * MIB,
  api_starter: 8 * MIB,
  api_builder: 16 * MIB,
  api_scale: 32 * MIB,
  enterprise: 64 * MIB,
} as const satisfies Record<Tier, number>;

/** The state cap that applies to an account's profiles on a server that stores at most `serverMax` bytes. */
export function stateCap(tier: Tier, serverMax: number): number {
  return Math.min(TIER_STATE_CAPS[tier], serverMax);
}
